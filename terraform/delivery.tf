################################################################################
# Delivery: one CloudFront distribution per environment
################################################################################

locals {
  # environments/<env>.media-signing-key.pub.pem is the key labelled "initial" (the one key of
  # releases before rotation came in three steps); environments/<env>.media-signing-key.<label>.pub.pem
  # are the keys `make signing-key` makes. No file leaves the map empty, which the cdn module
  # refuses with the way to make one.
  cdn_media_signing_key_files = fileset("${path.module}/environments", "${local.environment}.media-signing-key*.pub.pem")
  cdn_media_signing_public_keys = var.media_signing_public_keys != null ? var.media_signing_public_keys : {
    for f in local.cdn_media_signing_key_files :
    (f == "${local.environment}.media-signing-key.pub.pem" ? "initial" : trimsuffix(trimprefix(f, "${local.environment}.media-signing-key."), ".pub.pem")) => file("${path.module}/environments/${f}")
  }

  # The web client talks to Cognito (sign-in, token refresh) and POSTs uploads straight to the
  # originals bucket (presigned, accelerated when that is on); nothing else leaves its origin.
  cdn_upload_origins = concat(
    ["https://${module.originals.bucket_id}.s3.${var.region}.amazonaws.com"],
    var.originals_transfer_acceleration ? ["https://${module.originals.bucket_id}.s3-accelerate.amazonaws.com"] : [],
  )
  cdn_auth_origins = compact([local.cognito_origin, module.auth.hosted_ui_url])
}

module "cdn" {
  source = "./modules/cdn"

  name            = local.name
  web_bucket_name = "${local.name}-web-${local.account_id}"
  kms_key_arn     = module.kms.key_arn
  force_destroy   = var.buckets_force_destroy

  # Signed media URLs are https://<distribution>/derived/<mediaId>/v<n>/<file> (src/api/media-urls.ts):
  # the URL path is the derived bucket's key.
  media_origin = {
    bucket_arn                  = module.derived.bucket_arn
    bucket_regional_domain_name = module.derived.bucket_regional_domain_name
    path_pattern                = "/${local.derived_prefix}*"
  }
  media_signing_public_keys = local.cdn_media_signing_public_keys

  # The API's routes start with /api, so CloudFront forwards the path unchanged; the api module's
  # $default stage has no path of its own (origin_path stays empty). Every viewer header reaches
  # it (the cdn module's /api/* behaviour): Authorization, and a share link's x-share-token.
  api_origin = {
    domain_name = trimprefix(module.api.api_endpoint, "https://")
  }
  api_origin_verify_secret = data.aws_ssm_parameter.origin_verify.value

  price_class  = var.cdn_price_class
  domain_names = var.cdn_domain_names
  # Staging and prod must set both (variables.tf): on *.cloudfront.net CloudFront allows TLSv1.
  acm_certificate_arn      = var.cdn_acm_certificate_arn
  route53_zone_id          = var.cdn_route53_zone_id
  minimum_protocol_version = var.cdn_minimum_protocol_version

  content_security_policy_sources = {
    connect     = concat(local.cdn_auth_origins, local.cdn_upload_origins)
    form_action = compact([module.auth.hosted_ui_url])
  }

  waf = {
    enabled    = var.cdn_waf_enabled
    rate_limit = var.cdn_waf_rate_limit
    # The share-link routes are open to anyone (api.tf's api_public_route_keys): a tighter per-IP
    # count of their own, on top of the stage's per-route throttling.
    path_rate_limits = {
      shared = {
        path_prefix = "/api/shared"
        limit       = var.waf_share_rate_limit
      }
    }
  }

  # True everywhere but in the apply rehearsal on moto (terraform/rehearsal/moto.tfvars).
  create_cache_policies          = var.cdn_create_cache_policies
  create_response_headers_policy = var.cdn_create_response_headers_policy
  create_spa_function            = var.cdn_create_spa_function

  logging = {
    log_bucket_name = "${local.name}-cdn-logs-${local.account_id}"
    expiration_days = var.cdn_log_expiration_days
  }
}

################################################################################
# Origin verification: only the distribution reaches the API
################################################################################

# The API's execute-api endpoint is public. CloudFront adds this secret as the x-origin-verify
# header to every request for /api/* and the API refuses any request without it (ORIGIN_VERIFY_SECRET,
# src/api/origin-verify.ts), so callers cannot skip the distribution and its WAF. Generated at
# apply time into a SecureString; the distribution's configuration needs it in clear, so it is
# read back (and therefore in the state, like the distribution itself). Raising
# origin_verify_version writes a new secret and updates both sides in one apply; until CloudFront
# has deployed the change (minutes), API requests through the old configuration answer 403.
ephemeral "aws_secretsmanager_random_password" "origin_verify" {
  password_length     = 48
  exclude_punctuation = true
  include_space       = false
}

resource "aws_ssm_parameter" "origin_verify" {
  name        = "/${var.project}/${local.environment}/api/origin-verify/v${var.origin_verify_version}"
  description = "x-origin-verify header value that CloudFront sends to the ${local.name} API and the API requires."
  type        = "SecureString"
  key_id      = module.kms.key_arn

  value_wo         = ephemeral.aws_secretsmanager_random_password.origin_verify.random_password
  value_wo_version = var.origin_verify_version
}

data "aws_ssm_parameter" "origin_verify" {
  name            = aws_ssm_parameter.origin_verify.name
  with_decryption = true
}
