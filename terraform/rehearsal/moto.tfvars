# The apply rehearsal (`make rehearse`, src/local/rehearse.ts): layered on an environment's own
# tfvars (`-var-file=environments/dev.tfvars -var-file=rehearsal/moto.tfvars`) when the root module
# is applied to a local moto server. Never use it against AWS. Each line switches off what moto
# cannot do; the README ("The apply rehearsal") lists what the rehearsal therefore does not cover.

# moto on 127.0.0.1 has no <bucket>.<host> names: address buckets by path.
aws_s3_use_path_style = true

# moto has no CloudFront cache or response headers policies, and cannot publish a CloudFront
# function: the distribution uses AWS's managed policies instead and has no SPA routing function.
cdn_create_cache_policies          = false
cdn_create_response_headers_policy = false
cdn_create_spa_function            = false
