################################################################################
# Delivery (CloudFront): variables
################################################################################

variable "cdn_price_class" {
  description = "CloudFront edge locations serving the environment: `PriceClass_100` (North America, Europe, Israel: cheapest), `PriceClass_200` (adds most of Asia, the Middle East and Africa) or `PriceClass_All` (every location, including Australia)."
  type        = string
  default     = "PriceClass_All"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cdn_price_class)
    error_message = "cdn_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "cdn_waf_enabled" {
  description = "Put an AWS WAF web ACL (per-IP rate limit, AWS managed common and known-bad-inputs rules) in front of the distribution. Billed per web ACL, rule and million requests."
  type        = bool
  default     = true
}

variable "cdn_waf_rate_limit" {
  description = "Requests one client IP may make in 5 minutes before the web ACL answers 429 (10 to 2000000000). A page of thumbnails is one request per thumbnail, so leave room for scrolling an album."
  type        = number
  default     = 2000

  validation {
    condition     = var.cdn_waf_rate_limit >= 10 && var.cdn_waf_rate_limit <= 2000000000 && floor(var.cdn_waf_rate_limit) == var.cdn_waf_rate_limit
    error_message = "cdn_waf_rate_limit must be a whole number from 10 to 2000000000."
  }
}

variable "cdn_domain_names" {
  description = "Custom domain names of the distribution (such as `photos.example.com`). Empty: the web client is served from its `*.cloudfront.net` name. Needs cdn_acm_certificate_arn or cdn_route53_zone_id."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "cdn_acm_certificate_arn" {
  description = "ARN of an issued ACM certificate in us-east-1 for cdn_domain_names. Null: with cdn_domain_names, one is requested and DNS-validated in cdn_route53_zone_id."
  type        = string
  default     = null
}

variable "cdn_route53_zone_id" {
  description = "Route 53 hosted zone of cdn_domain_names, where the certificate's validation records and the alias records to the distribution are written. Null when DNS is managed elsewhere."
  type        = string
  default     = null
}

variable "cdn_log_expiration_days" {
  description = "Days the distribution's access logs (and the web bucket's S3 access logs) are kept."
  type        = number
  default     = 90

  validation {
    condition     = var.cdn_log_expiration_days >= 1 && floor(var.cdn_log_expiration_days) == var.cdn_log_expiration_days
    error_message = "cdn_log_expiration_days must be a whole number of at least 1."
  }
}

variable "media_signing_public_key_pem" {
  description = "PEM public key of the pair that signs media URLs (its private half is the SSM parameter the API reads). Null reads environments/<workspace>.media-signing-key.pub.pem, which `make signing-key ENV=<env>` writes."
  type        = string
  default     = null

  validation {
    condition     = var.media_signing_public_key_pem == null || can(regex("^-----BEGIN PUBLIC KEY-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END PUBLIC KEY-----\\s*$", coalesce(var.media_signing_public_key_pem, "-")))
    error_message = "media_signing_public_key_pem must be one PEM public key (`-----BEGIN PUBLIC KEY-----` ... `-----END PUBLIC KEY-----`), or null to read environments/<workspace>.media-signing-key.pub.pem."
  }
}

################################################################################
# Delivery: one CloudFront distribution per environment
################################################################################

locals {
  cdn_media_signing_public_key_file = "${path.module}/environments/${local.environment}.media-signing-key.pub.pem"
  # A missing file leaves the key null, which the cdn module refuses with the way to make it.
  cdn_media_signing_public_key_pem = (
    var.media_signing_public_key_pem != null ? var.media_signing_public_key_pem :
    fileexists(local.cdn_media_signing_public_key_file) ? file(local.cdn_media_signing_public_key_file) : null
  )

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

  # Signed media URLs are https://<distribution>/derived/<mediaId>/<file> (src/api/media-urls.ts):
  # the URL path is the derived bucket's key.
  media_origin = {
    bucket_arn                  = module.derived.bucket_arn
    bucket_regional_domain_name = module.derived.bucket_regional_domain_name
    path_pattern                = "/${local.derived_prefix}*"
  }
  media_signing_public_key_pem = local.cdn_media_signing_public_key_pem

  # The API's routes start with /api, so CloudFront forwards the path unchanged; the api module's
  # $default stage has no path of its own (origin_path stays empty).
  api_origin = {
    domain_name = trimprefix(module.api.api_endpoint, "https://")
  }

  price_class         = var.cdn_price_class
  domain_names        = var.cdn_domain_names
  acm_certificate_arn = var.cdn_acm_certificate_arn
  route53_zone_id     = var.cdn_route53_zone_id

  content_security_policy_sources = {
    connect     = concat(local.cdn_auth_origins, local.cdn_upload_origins)
    form_action = compact([module.auth.hosted_ui_url])
  }

  waf = {
    enabled    = var.cdn_waf_enabled
    rate_limit = var.cdn_waf_rate_limit
  }

  logging = {
    log_bucket_name = "${local.name}-cdn-logs-${local.account_id}"
    expiration_days = var.cdn_log_expiration_days
  }
}

################################################################################
# Delivery: outputs
################################################################################

output "cdn_distribution_id" {
  description = "ID of the environment's CloudFront distribution (for invalidations after a web client release)."
  value       = module.cdn.distribution_id
}

output "cdn_distribution_arn" {
  description = "ARN of the CloudFront distribution: the AWS:SourceArn of the media bucket's and the KMS key's CloudFront statements."
  value       = module.cdn.distribution_arn
}

output "cdn_url" {
  description = "Base URL of the web client (first custom domain, or the *.cloudfront.net name); the API is under /api/."
  value       = module.cdn.url
}

output "cdn_domain_name" {
  description = "The distribution's *.cloudfront.net domain name."
  value       = module.cdn.domain_name
}

output "web_bucket_name" {
  description = "Bucket of the web client: `make deploy-web ENV=<env>` uploads the build here."
  value       = module.cdn.web_bucket_name
}

output "cdn_log_bucket_name" {
  description = "Bucket holding the distribution's access logs."
  value       = module.cdn.log_bucket_name
}

output "media_signing_public_key_id" {
  description = "ID of the CloudFront public key that verifies signed media URLs (their Key-Pair-Id)."
  value       = module.cdn.media_public_key_id
}
