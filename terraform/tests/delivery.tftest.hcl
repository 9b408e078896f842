# The cdn and observability modules, each planned on its own against a mocked AWS provider with
# inputs shaped like the root module's (delivery.tf, observability.tf): the distribution's
# origins, behaviours, policies, certificate, WAF and logging, the alarms and the dashboard, and
# the validations that must refuse a wrong input. Run once by `make validate-tf`; by hand, from
# terraform/:
#
#   tofu test -filter=tests/delivery.tftest.hcl

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/tofu-test"
      user_id    = "AIDATOFUTEST"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name        = "ap-southeast-2"
      region      = "ap-southeast-2"
      endpoint    = "ec2.ap-southeast-2.amazonaws.com"
      description = "Asia Pacific (Sydney)"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "photo-album-mock-bucket"
      arn                         = "arn:aws:s3:::photo-album-mock-bucket"
      bucket_regional_domain_name = "photo-album-mock-bucket.s3.ap-southeast-2.amazonaws.com"
    }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      id             = "E2MOCKDISTRIBUTION"
      arn            = "arn:aws:cloudfront::123456789012:distribution/E2MOCKDISTRIBUTION"
      domain_name    = "d111111abcdef8.cloudfront.net"
      hosted_zone_id = "Z2FDTNDATAQYW2"
    }
  }

  mock_resource "aws_cloudfront_function" {
    defaults = {
      arn = "arn:aws:cloudfront::123456789012:function/photo-album-test-spa-routes"
    }
  }

  mock_resource "aws_cloudwatch_log_delivery_destination" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:delivery-destination:photo-album-test-cdn-s3"
    }
  }

  mock_resource "aws_cloudwatch_log_delivery_source" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:delivery-source:photo-album-test-cdn"
    }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
      domain_validation_options = [{
        domain_name           = "photos.example.com"
        resource_record_name  = "_x1.photos.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_x2.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/photo-album-test-cdn/00000000-0000-0000-0000-000000000000"
    }
  }

  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = {
      arn = "arn:aws:cloudwatch:ap-southeast-2:123456789012:alarm:photo-album-test-mock"
    }
  }
}

variables {
  kms_key_arn = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
  name        = "photo-album-test"

  # The cdn module's required origins, shared by its runs (the observability module declares none).
  web_bucket_name = "photo-album-test-web-123456789012"
  media_origin = {
    bucket_arn                  = "arn:aws:s3:::photo-album-test-derived-123456789012"
    bucket_regional_domain_name = "photo-album-test-derived-123456789012.s3.ap-southeast-2.amazonaws.com"
  }
  api_origin = {
    domain_name = "abc123defg.execute-api.ap-southeast-2.amazonaws.com"
  }
  api_origin_verify_secret = "0123456789abcdefghijABCDEFGHIJ0123456789"
}

################################################################################
# cdn: the root module's inputs, default certificate, no WAF (dev)
################################################################################

run "cdn" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_origin = {
      bucket_arn                  = "arn:aws:s3:::photo-album-test-derived-123456789012"
      bucket_regional_domain_name = "photo-album-test-derived-123456789012.s3.ap-southeast-2.amazonaws.com"
      path_pattern                = "/derived/*"
    }
    media_signing_public_keys    = { initial = file("environments/dev.media-signing-key.pub.pem") }
    price_class                  = "PriceClass_100"
    content_security_policy_sources = {
      connect = ["https://cognito-idp.ap-southeast-2.amazonaws.com", "https://photo-album-test-originals-123456789012.s3.ap-southeast-2.amazonaws.com"]
    }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
      expiration_days = 14
    }
  }

  # --- the media behaviour: private bucket through OAC, signed URLs, long immutable cache -------

  assert {
    condition = alltrue([
      for origin in aws_cloudfront_distribution.this.origin :
      origin.origin_access_control_id == aws_cloudfront_origin_access_control.this.id &&
      origin.domain_name == var.media_origin.bucket_regional_domain_name
      if origin.origin_id == "media"
    ]) && length([for origin in aws_cloudfront_distribution.this.origin : origin if origin.origin_id == "media"]) == 1
    error_message = "The media origin must be the derived bucket, read through the Origin Access Control."
  }

  assert {
    condition = (
      aws_cloudfront_origin_access_control.this.origin_access_control_origin_type == "s3" &&
      aws_cloudfront_origin_access_control.this.signing_behavior == "always" &&
      aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    )
    error_message = "The Origin Access Control must sign every S3 request with SigV4."
  }

  assert {
    condition = length([
      for behaviour in aws_cloudfront_distribution.this.ordered_cache_behavior : behaviour
      if behaviour.path_pattern == "/derived/*" && behaviour.target_origin_id == "media" &&
      try(tolist(behaviour.trusted_key_groups) == tolist([aws_cloudfront_key_group.media.id]), false) &&
      behaviour.cache_policy_id == aws_cloudfront_cache_policy.media[0].id &&
      behaviour.viewer_protocol_policy == "redirect-to-https" && behaviour.compress
    ]) == 1
    error_message = "/derived/* must go to the media origin, trust only the key group (signed URLs), use the media cache policy and compress."
  }

  assert {
    condition = (
      toset(aws_cloudfront_key_group.media.items) == toset([aws_cloudfront_public_key.media["initial"].id]) &&
      aws_cloudfront_public_key.media["initial"].encoded_key == var.media_signing_public_keys["initial"]
    )
    error_message = "The key group must hold the public key made from media_signing_public_keys."
  }

  assert {
    condition = (
      aws_cloudfront_cache_policy.media[0].default_ttl == 31536000 && aws_cloudfront_cache_policy.media[0].max_ttl == 31536000 &&
      alltrue([
        for parameters in aws_cloudfront_cache_policy.media[0].parameters_in_cache_key_and_forwarded_to_origin :
        parameters.enable_accept_encoding_gzip && parameters.enable_accept_encoding_brotli &&
        alltrue([for c in parameters.cookies_config : c.cookie_behavior == "none"]) &&
        alltrue([for h in parameters.headers_config : h.header_behavior == "none"]) &&
        alltrue([for q in parameters.query_strings_config : q.query_string_behavior == "none"])
      ])
    )
    error_message = "Renditions are immutable: a year's TTL, gzip and brotli, and no cookie, header or query string (the signature) in the cache key."
  }

  assert {
    condition = (
      length(output.media_bucket_policy_statements) == 1 &&
      output.media_bucket_policy_statements[0].actions == ["s3:GetObject"] &&
      output.media_bucket_policy_statements[0].resources == ["${var.media_origin.bucket_arn}/derived/*"] &&
      output.media_bucket_policy_statements[0].principals[0].identifiers == ["cloudfront.amazonaws.com"] &&
      output.media_bucket_policy_statements[0].conditions[0].variable == "AWS:SourceArn" &&
      output.media_bucket_policy_statements[0].conditions[0].values == [aws_cloudfront_distribution.this.arn]
    )
    error_message = "The media bucket statement must let only this distribution (AWS:SourceArn) GetObject under derived/."
  }

  # --- the API behaviour: nothing cached, every method, viewer headers but Host --------------------

  assert {
    condition = length([
      for behaviour in aws_cloudfront_distribution.this.ordered_cache_behavior : behaviour
      if behaviour.path_pattern == "/api/*" && behaviour.target_origin_id == "api" &&
      behaviour.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" &&
      behaviour.origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac" &&
      toset(behaviour.allowed_methods) == toset(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"])
    ]) == 1
    error_message = "/api/* must use CachingDisabled and AllViewerExceptHostHeader (Authorization and query strings reach API Gateway, Host does not) and allow all seven methods."
  }

  # A share link's token travels in the x-share-token request header (never the path or query):
  # the API behaviour must forward it. Only an origin request policy that forwards every viewer
  # header does so alongside Authorization (which no header list may name); a legacy
  # forwarded_values list would drop every header it does not name.
  assert {
    condition = alltrue([
      for behaviour in aws_cloudfront_distribution.this.ordered_cache_behavior :
      behaviour.origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac" && length(behaviour.forwarded_values) == 0
      if behaviour.path_pattern == "/api/*"
    ])
    error_message = "/api/* must forward the x-share-token header (and Authorization) to the API: AllViewerExceptHostHeader, no forwarded_values header list."
  }

  assert {
    condition = alltrue(flatten([
      for origin in aws_cloudfront_distribution.this.origin : [
        for custom in origin.custom_origin_config :
        custom.origin_protocol_policy == "https-only" && custom.origin_ssl_protocols == toset(["TLSv1.2"]) &&
        origin.domain_name == var.api_origin.domain_name
      ] if origin.origin_id == "api"
    ]))
    error_message = "The API origin must be reached over HTTPS with TLS 1.2 only."
  }

  assert {
    condition = alltrue(flatten([
      for origin in aws_cloudfront_distribution.this.origin : [
        for custom in origin.custom_origin_config : custom.origin_keepalive_timeout == 60
      ] if origin.origin_id == "api"
    ]))
    error_message = "Edges must keep idle connections to the one-Region API open for 60 s, not CloudFront's 5 s, so far-away viewers do not pay TCP and TLS to Sydney on most calls."
  }

  assert {
    condition = alltrue([
      for origin in aws_cloudfront_distribution.this.origin :
      nonsensitive(length(origin.custom_header) == 1 && one(origin.custom_header).name == "x-origin-verify" && one(origin.custom_header).value == var.api_origin_verify_secret)
      if origin.origin_id == "api"
    ])
    error_message = "Every request CloudFront sends to the API must carry the x-origin-verify secret, which the API requires."
  }

  # --- the web client: default origin, SPA routes through a function, security headers ----------

  assert {
    condition = alltrue([
      for behaviour in aws_cloudfront_distribution.this.default_cache_behavior :
      behaviour.target_origin_id == "web" && behaviour.viewer_protocol_policy == "redirect-to-https" &&
      length([for f in behaviour.function_association : f if f.event_type == "viewer-request" && f.function_arn == aws_cloudfront_function.spa[0].arn]) == 1 &&
      behaviour.response_headers_policy_id == aws_cloudfront_response_headers_policy.security[0].id
    ]) && length(aws_cloudfront_distribution.this.custom_error_response) == 0
    error_message = "The default behaviour serves the web bucket with the SPA viewer-request function, and no distribution-wide error response rewrites the API's or media's errors."
  }

  # index.html and config.json carry Cache-Control: no-cache (make deploy-web); a minimum TTL above
  # 0 would override it and serve a stale entry page after a release.
  assert {
    condition = alltrue([
      for behaviour in aws_cloudfront_distribution.this.default_cache_behavior :
      behaviour.cache_policy_id == aws_cloudfront_cache_policy.web[0].id
    ]) && aws_cloudfront_cache_policy.web[0].min_ttl == 0 && aws_cloudfront_cache_policy.web[0].max_ttl >= 31536000
    error_message = "The default behaviour must use the web cache policy, whose minimum TTL of 0 honours no-cache and whose maximum keeps hashed assets a year."
  }

  assert {
    condition = alltrue([
      for parameters in aws_cloudfront_cache_policy.web[0].parameters_in_cache_key_and_forwarded_to_origin :
      parameters.enable_accept_encoding_gzip && parameters.enable_accept_encoding_brotli &&
      alltrue([for c in parameters.cookies_config : c.cookie_behavior == "none"]) &&
      alltrue([for h in parameters.headers_config : h.header_behavior == "none"]) &&
      alltrue([for q in parameters.query_strings_config : q.query_string_behavior == "none"])
    ])
    error_message = "The web cache key holds nothing from the viewer but the accepted encodings."
  }

  assert {
    condition = alltrue([
      for config in aws_cloudfront_response_headers_policy.security[0].security_headers_config :
      alltrue([for hsts in config.strict_transport_security : hsts.preload && hsts.include_subdomains && hsts.access_control_max_age_sec >= 31536000]) &&
      alltrue([for frame in config.frame_options : frame.frame_option == "DENY"]) && length(config.content_type_options) == 1 &&
      alltrue([for csp in config.content_security_policy : strcontains(csp.content_security_policy, "frame-ancestors 'none'") && strcontains(csp.content_security_policy, "connect-src 'self' https://cognito-idp.ap-southeast-2.amazonaws.com")])
    ])
    error_message = "The response headers policy needs HSTS (preload, subdomains, a year or more), nosniff, X-Frame-Options DENY and a CSP with frame-ancestors 'none' and the Cognito connect source."
  }

  # --- protocol, edges, certificate, WAF ---------------------------------------------------------

  assert {
    condition = (
      aws_cloudfront_distribution.this.http_version == "http2and3" && aws_cloudfront_distribution.this.is_ipv6_enabled &&
      aws_cloudfront_distribution.this.price_class == "PriceClass_100"
    )
    error_message = "HTTP/2 and HTTP/3, IPv6 and the price class from var.price_class."
  }

  assert {
    condition = alltrue([
      for certificate in aws_cloudfront_distribution.this.viewer_certificate :
      certificate.cloudfront_default_certificate && certificate.minimum_protocol_version == "TLSv1"
    ]) && length(aws_acm_certificate.this) == 0 && output.minimum_protocol_version == "TLSv1"
    error_message = "Without domain names the default certificate is used (CloudFront accepts only TLSv1 with it, as the minimum_protocol_version output says) and no certificate is requested."
  }

  assert {
    condition     = length(aws_wafv2_web_acl.this) == 0 && aws_cloudfront_distribution.this.web_acl_id == null
    error_message = "With waf.enabled false no web ACL is created or attached."
  }

  # --- standard logging v2 ---------------------------------------------------------------------

  assert {
    condition = (
      aws_cloudwatch_log_delivery_source.this.region == "us-east-1" &&
      aws_cloudwatch_log_delivery_source.this.log_type == "ACCESS_LOGS" &&
      aws_cloudwatch_log_delivery_source.this.resource_arn == aws_cloudfront_distribution.this.arn &&
      aws_cloudwatch_log_delivery_destination.this.delivery_destination_configuration[0].destination_resource_arn == aws_s3_bucket.logs.arn &&
      aws_cloudwatch_log_delivery.this.delivery_source_name == aws_cloudwatch_log_delivery_source.this.name
    )
    error_message = "Standard logging v2: the distribution's ACCESS_LOGS source (us-east-1) delivers to the log bucket."
  }

  assert {
    condition = (
      alltrue([for rule in aws_s3_bucket_ownership_controls.logs.rule : rule.object_ownership == "BucketOwnerEnforced"]) &&
      aws_s3_bucket_public_access_block.logs.block_public_policy && aws_s3_bucket_public_access_block.logs.restrict_public_buckets
    )
    error_message = "The log bucket keeps ACLs disabled (v2 logging needs none) and blocks public access."
  }

  # Like every bucket here, the log bucket refuses requests without TLS.
  assert {
    condition = length([
      for statement in data.aws_iam_policy_document.logs.statement : statement
      if statement.effect == "Deny" && toset(statement.actions) == toset(["s3:*"]) &&
      toset(statement.resources) == toset([aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]) &&
      alltrue([for principal in statement.principals : principal.type == "*" && toset(principal.identifiers) == toset(["*"])]) &&
      length([
        for condition in statement.condition : condition
        if condition.test == "Bool" && condition.variable == "aws:SecureTransport" && toset(condition.values) == toset(["false"])
      ]) == 1
    ]) == 1
    error_message = "The CloudFront log bucket's policy must deny every request without TLS (aws:SecureTransport false) on the bucket and its objects."
  }

  # Log delivery may write any key, for this account's delivery sources only: a later change of the
  # log path (a prefix, the suffix path, Hive-compatible names) must not need a new policy.
  assert {
    condition = length([
      for statement in data.aws_iam_policy_document.logs.statement : statement
      if statement.effect == "Allow" && contains(statement.actions, "s3:PutObject") &&
      toset(statement.resources) == toset(["${aws_s3_bucket.logs.arn}/*"]) &&
      alltrue([for principal in statement.principals : toset(principal.identifiers) == toset(["delivery.logs.amazonaws.com"])]) &&
      length([for condition in statement.condition : condition if condition.variable == "aws:SourceAccount" && toset(condition.values) == toset(["123456789012"])]) == 1 &&
      length([for condition in statement.condition : condition if condition.variable == "aws:SourceArn" && toset(condition.values) == toset(["arn:aws:logs:us-east-1:123456789012:delivery-source:*"])]) == 1
    ]) == 1
    error_message = "Log delivery's PutObject must cover the whole log bucket (<bucket ARN>/*), held to this account's delivery sources, not one log path: ${jsonencode([for statement in data.aws_iam_policy_document.logs.statement : statement.resources if statement.effect == "Allow"])}."
  }
}

################################################################################
# cdn: custom domain with a DNS-validated certificate, WAF on (prod)
################################################################################

run "cdn_custom_domain_and_waf" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys    = { initial = file("environments/prod.media-signing-key.pub.pem") }
    domain_names                 = ["photos.example.com"]
    route53_zone_id              = "Z0123456789ABCDEFGHIJ"
    waf = {
      enabled    = true
      rate_limit = 5000
      # What delivery.tf gives it: the share-link routes at waf_share_rate_limit.
      path_rate_limits = {
        shared = { path_prefix = "/api/shared", limit = 300 }
      }
    }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  assert {
    condition = (
      aws_acm_certificate.this[0].region == "us-east-1" && aws_acm_certificate.this[0].validation_method == "DNS" &&
      aws_acm_certificate_validation.this[0].region == "us-east-1" &&
      toset(keys(aws_route53_record.validation)) == toset(var.domain_names) &&
      toset(keys(aws_route53_record.alias)) == toset(["photos.example.com A", "photos.example.com AAAA"])
    )
    error_message = "A custom domain gets a DNS-validated certificate in us-east-1, its validation record and A/AAAA aliases."
  }

  assert {
    condition = alltrue([
      for certificate in aws_cloudfront_distribution.this.viewer_certificate :
      !certificate.cloudfront_default_certificate && certificate.minimum_protocol_version == "TLSv1.2_2021" &&
      certificate.ssl_support_method == "sni-only" && certificate.acm_certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn
    ]) && aws_cloudfront_distribution.this.aliases == toset(var.domain_names) && output.minimum_protocol_version == "TLSv1.2_2021"
    error_message = "With a custom domain the distribution serves the validated certificate (SNI) with TLSv1.2_2021 at least."
  }

  assert {
    condition = (
      aws_wafv2_web_acl.this[0].region == "us-east-1" && aws_wafv2_web_acl.this[0].scope == "CLOUDFRONT" &&
      aws_cloudfront_distribution.this.web_acl_id == aws_wafv2_web_acl.this[0].arn &&
      length([
        for rule in aws_wafv2_web_acl.this[0].rule : rule
        if alltrue([for statement in rule.statement : alltrue([for rate in statement.rate_based_statement : rate.limit == 5000 && rate.aggregate_key_type == "IP"])]) &&
        length(flatten([for statement in rule.statement : statement.rate_based_statement])) == 1
      ]) == 1 &&
      length([
        for rule in aws_wafv2_web_acl.this[0].rule : rule
        if length(flatten([for statement in rule.statement : [for group in statement.managed_rule_group_statement : group if group.name == "AWSManagedRulesCommonRuleSet"]])) == 1
      ]) == 1
    )
    error_message = "The web ACL (us-east-1, CLOUDFRONT) is attached, rate-limits per IP at waf.rate_limit and runs the AWS common rule set."
  }

  # The share links: a second rate-based rule, per IP, counting only URI paths that start with
  # /api/shared (URL-decoded and lower-cased first), blocking with 429 above its own limit, with
  # its own CloudWatch metric.
  assert {
    condition = length([for rule in aws_wafv2_web_acl.this[0].rule : rule if rule.name == "rate-limit-shared-per-ip"]) == 1 && alltrue([
      for rule in aws_wafv2_web_acl.this[0].rule :
      rule.priority == 1 &&
      one(one(one(rule.action).block).custom_response).response_code == 429 &&
      length(one(rule.statement).rate_based_statement) == 1 &&
      alltrue([
        for rate in one(rule.statement).rate_based_statement :
        rate.limit == 300 && rate.aggregate_key_type == "IP" && rate.evaluation_window_sec == 300 &&
        length(one(rate.scope_down_statement).byte_match_statement) == 1 &&
        alltrue([
          for match in one(rate.scope_down_statement).byte_match_statement :
          match.search_string == "/api/shared" && match.positional_constraint == "STARTS_WITH" &&
          length(one(match.field_to_match).uri_path) == 1 &&
          contains([for transformation in match.text_transformation : transformation.type], "LOWERCASE") &&
          contains([for transformation in match.text_transformation : transformation.type], "URL_DECODE")
        ])
      ]) &&
      one(rule.visibility_config).cloudwatch_metrics_enabled && one(rule.visibility_config).metric_name == "${var.name}-rate-limit-shared-per-ip"
      if rule.name == "rate-limit-shared-per-ip"
    ])
    error_message = "The web ACL must rate-limit /api/shared per IP at 300 (scope-down STARTS_WITH on the lower-cased URI path) and publish its metric: ${jsonencode([for rule in aws_wafv2_web_acl.this[0].rule : rule.name])}."
  }

  # Priorities stay unique: the site-wide limit, the share links, then the managed rule groups.
  assert {
    condition = (
      length(distinct([for rule in aws_wafv2_web_acl.this[0].rule : rule.priority])) == length(aws_wafv2_web_acl.this[0].rule) &&
      length(aws_wafv2_web_acl.this[0].rule) == 4
    )
    error_message = "Every rule of the web ACL needs its own priority: ${jsonencode({ for rule in aws_wafv2_web_acl.this[0].rule : rule.name => rule.priority })}."
  }
}

# The apply rehearsal's toggles (terraform/rehearsal/moto.tfvars): without the policies and the
# function moto cannot create, every behaviour falls back to AWS's managed policies.
run "cdn_without_what_moto_cannot_create" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys      = { initial = file("environments/dev.media-signing-key.pub.pem") }
    create_cache_policies          = false
    create_response_headers_policy = false
    create_spa_function            = false
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  assert {
    condition = (
      length(aws_cloudfront_cache_policy.media) == 0 && length(aws_cloudfront_cache_policy.web) == 0 &&
      length(aws_cloudfront_response_headers_policy.security) == 0 && length(aws_cloudfront_function.spa) == 0
    )
    error_message = "With the toggles off the module must create no cache policy, headers policy or function."
  }

  assert {
    condition = alltrue(concat(
      [
        for behaviour in aws_cloudfront_distribution.this.default_cache_behavior :
        behaviour.response_headers_policy_id == "67f7725c-6f97-4210-82d7-5512b31e9d03" &&
        behaviour.cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" && length(behaviour.function_association) == 0
      ],
      [
        for behaviour in aws_cloudfront_distribution.this.ordered_cache_behavior :
        behaviour.response_headers_policy_id == "67f7725c-6f97-4210-82d7-5512b31e9d03" &&
        contains(["658327ea-f89d-4fab-a63d-7e88639e58f6", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"], behaviour.cache_policy_id)
      ],
    ))
    error_message = "Without its own policies every behaviour must use the managed CachingOptimized (or CachingDisabled for /api/*) and SecurityHeadersPolicy, with no function."
  }

  assert {
    condition     = output.web_cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6"
    error_message = "web_cache_policy_id must name the managed policy that stands in for the web client's."
  }
}

# AWS WAF's lowest rate limit is 10; a path limit above the site-wide one would never trigger; a
# path the lower-cased URI can never start with would count nothing.
run "cdn_refuses_a_path_rate_limit_below_wafs_minimum" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys    = { initial = file("environments/dev.media-signing-key.pub.pem") }
    waf = {
      enabled          = true
      path_rate_limits = { shared = { path_prefix = "/api/shared", limit = 5 } }
    }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  expect_failures = [var.waf]
}

run "cdn_refuses_a_path_rate_limit_above_the_site_wide_one" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys    = { initial = file("environments/dev.media-signing-key.pub.pem") }
    waf = {
      enabled          = true
      rate_limit       = 2000
      path_rate_limits = { shared = { path_prefix = "/api/shared", limit = 2001 } }
    }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  expect_failures = [var.waf]
}

run "cdn_refuses_an_upper_case_path_prefix" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys    = { initial = file("environments/dev.media-signing-key.pub.pem") }
    waf = {
      enabled          = true
      path_rate_limits = { shared = { path_prefix = "/API/Shared", limit = 300 } }
    }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  expect_failures = [var.waf]
}

run "cdn_refuses_a_short_origin_secret" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    api_origin_verify_secret     = "short-and-guessable"
    media_signing_public_keys    = { initial = file("environments/dev.media-signing-key.pub.pem") }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  expect_failures = [var.api_origin_verify_secret]
}

run "cdn_refuses_a_keepalive_beyond_cloudfronts_range" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    api_origin = {
      domain_name       = "abc123defg.execute-api.ap-southeast-2.amazonaws.com"
      keepalive_seconds = 120
    }
    media_signing_public_keys = { initial = file("environments/dev.media-signing-key.pub.pem") }
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  expect_failures = [var.api_origin]
}

run "cdn_refuses_a_private_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys    = { initial = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n" }
    price_class                  = "PriceClass_300"
    domain_names                 = ["photos.example.com"]
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
  }

  expect_failures = [var.media_signing_public_keys, var.price_class, var.route53_zone_id]
}

################################################################################
# observability: every kind of input (prod shape)
################################################################################

run "observability" {
  command = plan

  module {
    source = "./modules/observability"
  }

  variables {
    alarm_actions = ["arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-alarms"]
    queues = {
      "image-variants"  = { queue_name = "photo-album-test-image-variants", dlq_name = "photo-album-test-image-variants-dlq" }
      "video-transcode" = { queue_name = "photo-album-test-video-transcode", dlq_name = "photo-album-test-video-transcode-dlq", max_age_seconds = 3600 }
    }
    functions = {
      "image-variants" = { function_name = "photo-album-test-image-variants", throttle_alarm = false }
      api              = { function_name = "photo-album-test-api" }
    }
    api = {
      id    = "abc123defg"
      stage = "$default"
    }
    ecs_services = {
      "video-transcode" = { cluster_name = "photo-album-test", service_name = "photo-album-test-video-transcode" }
    }
    upload_topics = {
      image = "photo-album-test-originals-image"
      video = "photo-album-test-originals-video"
    }
    alarm_arns                  = ["arn:aws:cloudwatch:ap-southeast-2:123456789012:alarm:photo-album-test-image-variants-dlq-not-empty"]
    processor_metrics_namespace = "photo-album/test"
  }

  assert {
    condition = (
      toset(keys(aws_cloudwatch_metric_alarm.queue_age)) == toset(keys(var.queues)) &&
      alltrue([
        for key, alarm in aws_cloudwatch_metric_alarm.queue_age :
        alarm.metric_name == "ApproximateAgeOfOldestMessage" && alarm.dimensions.QueueName == var.queues[key].queue_name &&
        alarm.threshold == (key == "video-transcode" ? 3600 : 900) && alarm.alarm_actions == toset(var.alarm_actions)
      ])
    )
    error_message = "Every queue gets an oldest-message-age alarm at its max_age_seconds (900 by default), notifying alarm_actions."
  }

  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.throttles) == ["api"] && aws_cloudwatch_metric_alarm.throttles["api"].dimensions.FunctionName == "photo-album-test-api"
    error_message = "Only functions with throttle_alarm get a throttle alarm (the processors' own module alarms on throttles already)."
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.api_5xx_rate) == 1 &&
      length([
        for query in aws_cloudwatch_metric_alarm.api_5xx_rate[0].metric_query : query
        if query.return_data == true && strcontains(query.expression, "100 * FILL(errors, 0) / requests")
      ]) == 1 &&
      toset(flatten([
        for query in aws_cloudwatch_metric_alarm.api_5xx_rate[0].metric_query : [
          for metric in query.metric : "${metric.namespace} ${metric.metric_name} ${metric.dimensions.ApiId} ${metric.dimensions.Stage}"
        ]
      ])) == toset(["AWS/ApiGateway 5xx abc123defg $default", "AWS/ApiGateway Count abc123defg $default"])
    )
    error_message = "The API alarm divides the stage's 5xx by its request count (metric math) for the given API ID and stage."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_dashboard.pipeline.dashboard_body).widgets[0].type == "alarm" &&
      length(jsondecode(aws_cloudwatch_dashboard.pipeline.dashboard_body).widgets) == 12 &&
      strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "[\"photo-album/test\",\"duration\",\"service\",\"video-transcode\"") &&
      strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "SEARCH('{photo-album/test,code,service} MetricName=\\\"rejected\\\"', 'Sum', 300)") &&
      strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "\"RunningTaskCount\"") &&
      strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "\"p99\"") &&
      strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "photo-album-test-video-transcode-dlq") &&
      strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "photo-album-test-originals-video")
    )
    error_message = "The dashboard shows the alarms and eleven metric widgets: uploads, throughput, failures (DLQs), the processors' own processed/rejected and p95 duration, depth, age, Lambda, API latency (p50/p95/p99), API status and Fargate tasks."
  }
}

run "observability_without_api_or_workers" {
  command = plan

  module {
    source = "./modules/observability"
  }

  variables {
    queues = {
      "image-variants" = { queue_name = "photo-album-test-image-variants", dlq_name = "photo-album-test-image-variants-dlq" }
    }
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.api_5xx_rate) == 0 && length(aws_cloudwatch_metric_alarm.throttles) == 0 &&
      !strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "AWS/ApiGateway") &&
      !strcontains(aws_cloudwatch_dashboard.pipeline.dashboard_body, "RunningTaskCount")
    )
    error_message = "Without an API or ECS services there is no API alarm, and the dashboard leaves out their widgets."
  }
}

run "observability_refuses_bad_thresholds" {
  command = plan

  module {
    source = "./modules/observability"
  }

  variables {
    queues = {
      "image-variants" = { queue_name = "photo-album-test-image-variants", dlq_name = "photo-album-test-image-variants-dlq", max_age_seconds = 5 }
    }
    api_5xx_rate_threshold_percent = 150
  }

  expect_failures = [var.queues, var.api_5xx_rate_threshold_percent]
}

################################################################################
# cdn: the media key group during a signing-key rotation (terraform/README.md: Rotate the media
# signing key): two public keys trusted at once, each kept by its label when the other is added
# or removed, and the validations that hold the group to one or two distinct public keys
################################################################################

# Step 1 of a rotation: the committed key and the new one, both trusted. The new key (label
# 20261204t2230, tests/rotation-key.pub.pem) is a second pair's public half, its private half
# discarded.
run "two_keys_during_a_rotation" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    price_class = "PriceClass_100"
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
    media_signing_public_keys = {
      initial       = file("environments/dev.media-signing-key.pub.pem")
      "20261204t2230" = file("tests/rotation-key.pub.pem")
    }
  }

  assert {
    condition = (
      length(aws_cloudfront_public_key.media) == 2 &&
      aws_cloudfront_public_key.media["initial"].encoded_key == file("environments/dev.media-signing-key.pub.pem") &&
      aws_cloudfront_public_key.media["20261204t2230"].encoded_key == file("tests/rotation-key.pub.pem") &&
      startswith(aws_cloudfront_public_key.media["20261204t2230"].name_prefix, "photo-album-test-media-20261204t2230-")
    )
    error_message = "Each key must be its own public key, named after its label."
  }

  assert {
    # The mocked provider gives every instance of a resource the same made-up ID, so the group's
    # set of IDs cannot show two members here; test/iac/delivery.test.ts checks that its items are
    # every key of the module.
    condition     = alltrue([for key in aws_cloudfront_public_key.media : contains(aws_cloudfront_key_group.media.items, key.id)])
    error_message = "The key group must trust both keys, so URLs signed with either open during the rotation."
  }

  assert {
    condition     = output.media_public_key_ids == { for label, key in aws_cloudfront_public_key.media : label => key.id } && length(output.media_public_key_ids) == 2
    error_message = "media_public_key_ids must give each label's key ID: the keyPairId stored beside its private key."
  }
}

# Step 3: the old key removed, the new one kept under its label.
run "one_key_after_the_rotation" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    price_class = "PriceClass_100"
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
    media_signing_public_keys = {
      "20261204t2230" = file("tests/rotation-key.pub.pem")
    }
  }

  assert {
    condition     = keys(aws_cloudfront_public_key.media) == ["20261204t2230"] && length(aws_cloudfront_key_group.media.items) == 1
    error_message = "After the rotation the key group must trust only the new key."
  }
}

run "refuses_a_third_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    price_class = "PriceClass_100"
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
    media_signing_public_keys = {
      initial       = file("environments/dev.media-signing-key.pub.pem")
      "20261204t2230" = file("tests/rotation-key.pub.pem")
      "20270101t0000" = file("environments/prod.media-signing-key.pub.pem")
    }
  }

  expect_failures = [var.media_signing_public_keys]
}

run "refuses_no_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    price_class = "PriceClass_100"
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
    media_signing_public_keys = {}
  }

  expect_failures = [var.media_signing_public_keys]
}

run "refuses_one_key_under_two_labels" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    price_class = "PriceClass_100"
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
    media_signing_public_keys = {
      initial = file("environments/dev.media-signing-key.pub.pem")
      # The same key, its line breaks changed: still the same key.
      again = replace(file("environments/dev.media-signing-key.pub.pem"), "\n", "\r\n")
    }
  }

  expect_failures = [var.media_signing_public_keys]
}

run "refuses_a_label_that_cannot_name_a_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    price_class = "PriceClass_100"
    logging = {
      log_bucket_name = "photo-album-test-cdn-logs-123456789012"
    }
    media_signing_public_keys = {
      "Next Key" = file("tests/rotation-key.pub.pem")
    }
  }

  expect_failures = [var.media_signing_public_keys]
}
