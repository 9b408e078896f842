data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # CloudFront takes certificates and web ACLs only from us-east-1, and a distribution's log
  # delivery source lives there too. The provider's per-resource `region` puts them there.
  global_region = "us-east-1"

  # AWS managed policies, by their fixed IDs (the same in every account).
  caching_disabled_policy_id       = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  all_viewer_except_host_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  # Stand-ins when create_cache_policies / create_response_headers_policy are false (the apply
  # rehearsal on moto, which cannot create either): CachingOptimized and SecurityHeadersPolicy.
  caching_optimized_policy_id  = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  security_headers_policy_id   = "67f7725c-6f97-4210-82d7-5512b31e9d03"
  media_cache_policy_id        = var.create_cache_policies ? aws_cloudfront_cache_policy.media[0].id : local.caching_optimized_policy_id
  web_cache_policy_id          = var.create_cache_policies ? aws_cloudfront_cache_policy.web[0].id : local.caching_optimized_policy_id
  response_headers_policy_id   = var.create_response_headers_policy ? aws_cloudfront_response_headers_policy.security[0].id : local.security_headers_policy_id

  # The URL path of a rendition is its object key (`/derived/<mediaId>/v<n>/<file>` serves
  # `derived/<mediaId>/v<n>/<file>`), so the behaviour's pattern names the key prefix too.
  media_key_prefix = trimsuffix(trimprefix(var.media_origin.path_pattern, "/"), "*")

  # Web ACL rule priorities: the site-wide rate limit (0), then one rule per path rate limit
  # (1 to n, in name order), then the AWS managed rule groups.
  waf_path_rate_limits = {
    for index, name in sort(keys(var.waf.path_rate_limits)) : name => merge(var.waf.path_rate_limits[name], { priority = index + 1 })
  }
  waf_managed_rules_priority = length(local.waf_path_rate_limits) + 1

  create_certificate = length(var.domain_names) > 0 && var.acm_certificate_arn == null
  certificate_arn = (
    length(var.domain_names) == 0 ? null :
    local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.acm_certificate_arn
  )

  content_security_policy = join("; ", [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    join(" ", concat(["connect-src 'self'"], var.content_security_policy_sources.connect)),
    join(" ", concat(["form-action 'self'"], var.content_security_policy_sources.form_action)),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    "upgrade-insecure-requests",
  ])
}

################################################################################
# Web client bucket (default origin)
################################################################################

module "web" {
  source = "../storage"

  bucket        = var.web_bucket_name
  kms_key_arn   = var.kms_key_arn
  force_destroy = var.force_destroy

  # A bad web client release is undone by restoring the previous versions.
  versioning = {
    enabled                            = true
    noncurrent_version_expiration_days = 30
  }

  access_logging = {
    expiration_days = var.logging.expiration_days
  }

  policy_statements = [{
    sid        = "CloudFrontReadsWebClient"
    actions    = ["s3:GetObject"]
    principals = [{ type = "Service", identifiers = ["cloudfront.amazonaws.com"] }]
    conditions = [{ test = "StringEquals", variable = "AWS:SourceArn", values = [aws_cloudfront_distribution.this.arn] }]
  }]

  tags = var.tags
}

# Both S3 origins are private: CloudFront signs every origin request (SigV4) and the bucket
# policies admit only this distribution.
resource "aws_cloudfront_origin_access_control" "this" {
  name                              = "${var.name}-s3"
  description                       = "${var.name}: CloudFront reads the web client and the renditions"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

################################################################################
# Signed media URLs
################################################################################

# One public key per label: one normally, two while a rotation is under way (the runbook's three
# steps), so URLs signed with either private key open while the API switches from one to the
# other. The label is the instance key, so adding the second key or removing the first never
# replaces the one that stays; name_prefix keeps the names unique.
resource "aws_cloudfront_public_key" "media" {
  for_each = var.media_signing_public_keys

  name_prefix = "${var.name}-media-${each.key}-"
  comment     = "${var.name}: verifies signed media URLs (key ${each.key}); the private key is in SSM Parameter Store"
  encoded_key = each.value

  lifecycle {
    create_before_destroy = true
  }
}

# The single key of earlier releases becomes the key labelled "initial" (the root module's label
# for environments/<env>.media-signing-key.pub.pem), so upgrading keeps it instead of replacing it.
moved {
  from = aws_cloudfront_public_key.media
  to   = aws_cloudfront_public_key.media["initial"]
}

resource "aws_cloudfront_key_group" "media" {
  name    = "${var.name}-media"
  comment = "${var.name}: keys whose signatures open ${var.media_origin.path_pattern}"
  # Sorted by label (a map's iteration order), so the list only changes when a key does.
  items = [for label, key in aws_cloudfront_public_key.media : key.id]
}

################################################################################
# Policies and the single-page-app function
################################################################################

# Rendition keys are immutable: cache them for the TTL, and keep the signature's query string
# (Expires, Signature, Key-Pair-Id), cookies and headers out of the key, so that every signed URL
# of one object hits the same cached copy. CloudFront checks the signature before the cache.
resource "aws_cloudfront_cache_policy" "media" {
  count = var.create_cache_policies ? 1 : 0

  name        = "${var.name}-media"
  comment     = "Immutable renditions: long TTLs, nothing from the viewer in the cache key"
  min_ttl     = 86400
  default_ttl = var.media_cache_ttl_seconds
  max_ttl     = var.media_cache_ttl_seconds

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# The web client's files say how long they keep (`make deploy-web`): hashed assets/* a year and
# immutable, index.html and config.json no-cache. The managed CachingOptimized policy has a minimum
# TTL of 1 s, which overrides no-cache; a minimum of 0 lets CloudFront revalidate the entry page on
# every request, so a release shows at once. The default TTL only covers an object uploaded by hand
# without Cache-Control.
resource "aws_cloudfront_cache_policy" "web" {
  count = var.create_cache_policies ? 1 : 0

  name        = "${var.name}-web"
  comment     = "Web client: the object's Cache-Control decides (no-cache honoured), nothing from the viewer in the key"
  min_ttl     = 0
  default_ttl = var.web_default_ttl_seconds
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_response_headers_policy" "security" {
  count = var.create_response_headers_policy ? 1 : 0

  name    = "${var.name}-security-headers"
  comment = "HSTS, nosniff, no framing, referrer policy and the web client's content security policy"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = var.hsts_max_age_seconds
      include_subdomains         = true
      preload                    = true
      override                   = true
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }

    content_security_policy {
      content_security_policy = local.content_security_policy
      override                = true
    }
  }
}

# Single-page-app fallback on the default behaviour only: a path whose last segment has no file
# extension is a client-side route and gets /index.html. Files (/config.json, /favicon.ico) keep
# their path, and nothing under /assets/ is ever rewritten: a missing asset must fail as a missing
# script, not arrive as HTML with 200. Distribution-wide custom error responses would also turn
# the API's 403/404 JSON and expired media signatures into index.html with 200.
resource "aws_cloudfront_function" "spa" {
  count = var.create_spa_function ? 1 : 0

  name    = "${var.name}-spa-routes"
  comment = "Serves /index.html for client-side routes of the web client"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = <<-EOT
    function handler(event) {
      var request = event.request;
      var last = request.uri.split('/').pop();
      if (request.uri.indexOf('/assets/') !== 0 && last.indexOf('.') === -1) {
        request.uri = '/index.html';
      }
      return request;
    }
  EOT
}

# The policies and the function used to be unconditional: existing state moves to index 0, so an
# environment that keeps the defaults plans no change.
moved {
  from = aws_cloudfront_cache_policy.media
  to   = aws_cloudfront_cache_policy.media[0]
}

moved {
  from = aws_cloudfront_cache_policy.web
  to   = aws_cloudfront_cache_policy.web[0]
}

moved {
  from = aws_cloudfront_response_headers_policy.security
  to   = aws_cloudfront_response_headers_policy.security[0]
}

moved {
  from = aws_cloudfront_function.spa
  to   = aws_cloudfront_function.spa[0]
}

################################################################################
# Distribution
################################################################################

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_86:Access logs use standard logging v2 (aws_cloudwatch_log_delivery below), which needs no legacy logging_config or ACL-enabled bucket.
  #checkov:skip=CKV_AWS_310:Each origin serves distinct paths and has no second copy to fail over to: S3 is regional and multi-AZ, and the API is a regional managed endpoint.
  #checkov:skip=CKV_AWS_374:The album is for users worldwide; access is controlled by sign-in and signed URLs, not by country.
  #checkov:skip=CKV2_AWS_47:Checkov does not follow the conditional web_acl_id; the web ACL, when enabled, runs AWSManagedRulesKnownBadInputsRuleSet (Log4j).
  #checkov:skip=CKV2_AWS_32:Every behaviour has a response headers policy: local.response_headers_policy_id is this module's own, or AWS's managed SecurityHeadersPolicy when create_response_headers_policy is false (the apply rehearsal on moto only); checkov does not follow the conditional.
  #checkov:skip=CKV_AWS_174:Without domain_names (dev only) CloudFront accepts only TLSv1 on its *.cloudfront.net certificate; a custom domain gets minimum_protocol_version, which the root requires to be TLSv1.2_2021 or stricter outside dev.
  enabled             = true
  comment             = "${var.name}: web client, /api/*, ${var.media_origin.path_pattern} (signed URLs)"
  aliases             = var.domain_names
  default_root_object = "index.html"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.price_class
  web_acl_id          = var.waf.enabled ? aws_wafv2_web_acl.this[0].arn : null

  origin {
    origin_id                = "web"
    domain_name              = module.web.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  origin {
    origin_id                = "media"
    domain_name              = var.media_origin.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  origin {
    origin_id   = "api"
    domain_name = var.api_origin.domain_name
    origin_path = var.api_origin.origin_path

    # The API's execute-api endpoint is public: the API refuses requests without this header
    # (src/api/origin-verify.ts), so callers cannot skip the distribution and its WAF.
    custom_header {
      name  = "x-origin-verify"
      value = var.api_origin_verify_secret
    }

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_keepalive_timeout = var.api_origin.keepalive_seconds
    }
  }

  default_cache_behavior {
    target_origin_id           = "web"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.web_cache_policy_id
    response_headers_policy_id = local.response_headers_policy_id

    dynamic "function_association" {
      for_each = aws_cloudfront_function.spa

      content {
        event_type   = "viewer-request"
        function_arn = function_association.value.arn
      }
    }
  }

  # The API: nothing cached. The managed AllViewerExceptHostHeader policy forwards every viewer
  # header (Authorization included: a policy that forwards all viewer headers is the one way an
  # origin request policy passes it on; and a share link's x-share-token, which a header list
  # would have to name), every query string and cookie, but not Host, which API Gateway needs to
  # be its own domain.
  ordered_cache_behavior {
    path_pattern               = "/api/*"
    target_origin_id           = "api"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_disabled_policy_id
    origin_request_policy_id   = local.all_viewer_except_host_policy_id
    response_headers_policy_id = local.response_headers_policy_id
  }

  # Renditions: only with a URL signed by a key of the key group.
  ordered_cache_behavior {
    path_pattern               = var.media_origin.path_pattern
    target_origin_id           = "media"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.media_cache_policy_id
    trusted_key_groups         = [aws_cloudfront_key_group.media.id]
    response_headers_policy_id = local.response_headers_policy_id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = local.certificate_arn == null
    acm_certificate_arn            = local.certificate_arn
    ssl_support_method             = local.certificate_arn == null ? null : "sni-only"
    # CloudFront rejects anything but TLSv1 with its default certificate (and serves TLSv1.2+
    # to every modern client anyway); the chosen policy applies with a custom domain.
    minimum_protocol_version = local.certificate_arn == null ? "TLSv1" : var.minimum_protocol_version
  }

  tags = var.tags
}

################################################################################
# Custom domain (optional)
################################################################################

resource "aws_acm_certificate" "this" {
  count = local.create_certificate ? 1 : 0

  region = local.global_region

  domain_name               = var.domain_names[0]
  subject_alternative_names = slice(var.domain_names, 1, length(var.domain_names))
  validation_method         = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Keyed by domain name (known at plan time); a wildcard and its apex share one record.
resource "aws_route53_record" "validation" {
  for_each = local.create_certificate ? toset(var.domain_names) : toset([])

  zone_id         = var.route53_zone_id
  allow_overwrite = true
  ttl             = 300
  name            = one([for option in aws_acm_certificate.this[0].domain_validation_options : option.resource_record_name if option.domain_name == each.key])
  type            = one([for option in aws_acm_certificate.this[0].domain_validation_options : option.resource_record_type if option.domain_name == each.key])
  records         = [one([for option in aws_acm_certificate.this[0].domain_validation_options : option.resource_record_value if option.domain_name == each.key])]
}

resource "aws_acm_certificate_validation" "this" {
  count = local.create_certificate ? 1 : 0

  region = local.global_region

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for record in aws_route53_record.validation : record.fqdn]
}

resource "aws_route53_record" "alias" {
  for_each = var.route53_zone_id != null ? {
    for pair in setproduct(var.domain_names, ["A", "AAAA"]) : "${pair[0]} ${pair[1]}" => { name = pair[0], type = pair[1] }
  } : {}

  zone_id = var.route53_zone_id
  name    = each.value.name
  type    = each.value.type

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}

################################################################################
# WAF (optional)
################################################################################

resource "aws_wafv2_web_acl" "this" {
  #checkov:skip=CKV2_AWS_31:Blocked requests show in the distribution's standard logs (status 403/429 and the edge result type), and the web ACL keeps sampled requests and per-rule metrics; full WAF logs would duplicate them at extra cost.
  count = var.waf.enabled ? 1 : 0

  region = local.global_region

  name        = "${var.name}-cdn"
  description = "${var.name}: per-IP rate limit and AWS managed rules in front of CloudFront"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 0

    action {
      block {
        custom_response {
          response_code = 429
        }
      }
    }

    statement {
      rate_based_statement {
        limit                 = var.waf.rate_limit
        evaluation_window_sec = var.waf.rate_limit_window_seconds
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  # Tighter per-IP limits under a path prefix (the share-link routes, open to anyone), right after
  # the site-wide limit. The scope-down statement makes the rule count only the requests under the
  # prefix; the path is URL-decoded and lower-cased first, so `/API/%73hared` counts as well.
  dynamic "rule" {
    for_each = local.waf_path_rate_limits

    content {
      name     = "rate-limit-${rule.key}-per-ip"
      priority = rule.value.priority

      action {
        block {
          custom_response {
            response_code = 429
          }
        }
      }

      statement {
        rate_based_statement {
          limit                 = rule.value.limit
          evaluation_window_sec = var.waf.rate_limit_window_seconds
          aggregate_key_type    = "IP"

          scope_down_statement {
            byte_match_statement {
              search_string         = rule.value.path_prefix
              positional_constraint = "STARTS_WITH"

              field_to_match {
                uri_path {}
              }

              text_transformation {
                priority = 0
                type     = "URL_DECODE"
              }

              text_transformation {
                priority = 1
                type     = "LOWERCASE"
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-rate-limit-${rule.key}-per-ip"
        sampled_requests_enabled   = true
      }
    }
  }

  rule {
    name     = "aws-common-rule-set"
    priority = local.waf_managed_rules_priority

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-common-rule-set"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = local.waf_managed_rules_priority + 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-cdn"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

################################################################################
# Standard logging (v2) into a log bucket
################################################################################

resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_21:Access logs are written once and expire; versions would only keep expired logs longer.
  #checkov:skip=CKV_AWS_144:Access logs are operational data kept for a limited time; no cross-Region copy is needed.
  #checkov:skip=CKV_AWS_145:SSE-S3: request logs hold no media, and SSE-KMS would have to let the log delivery service use the environment's key.
  #checkov:skip=CKV2_AWS_62:Nothing processes access logs as they arrive; they are read on demand.
  bucket        = var.logging.log_bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket = aws_s3_bucket.logs.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Standard logging v2 writes as the log delivery service under the bucket policy below, so ACLs
# stay disabled (the legacy logging_config would need them).
resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.logging.expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # Any key of the bucket, not one log path: the path is the delivery's to choose (a prefix in the
  # destination ARN, the suffix path, Hive-compatible names), and a statement that did not cover
  # it would make CloudWatch Logs append its own, which the next apply would remove again. The
  # conditions hold delivery to this account's log delivery sources.
  statement {
    sid       = "LogDeliveryWritesCloudFrontLogs"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:logs:${local.global_region}:${local.account_id}:delivery-source:*"]
    }
  }

  # The bucket-level checks log delivery makes before it writes (CloudWatch Logs' documented
  # policy for vended logs to S3), for the same sources only.
  statement {
    sid       = "LogDeliveryChecksTheBucket"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [aws_s3_bucket.logs.arn]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:logs:${local.global_region}:${local.account_id}:delivery-source:*"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json

  depends_on = [aws_s3_bucket_public_access_block.logs]
}

resource "aws_cloudwatch_log_delivery_source" "this" {
  region = local.global_region

  name         = "${var.name}-cdn"
  log_type     = "ACCESS_LOGS"
  resource_arn = aws_cloudfront_distribution.this.arn

  tags = var.tags
}

resource "aws_cloudwatch_log_delivery_destination" "this" {
  region = local.global_region

  name          = "${var.name}-cdn-s3"
  output_format = var.logging.output_format

  delivery_destination_configuration {
    destination_resource_arn = aws_s3_bucket.logs.arn
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_delivery" "this" {
  region = local.global_region

  delivery_source_name     = aws_cloudwatch_log_delivery_source.this.name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.this.arn

  # Logs land under AWSLogs/<account>/CloudFront/ (added by AWS), then this.
  s3_delivery_configuration {
    suffix_path = "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}"
  }

  tags = var.tags

  depends_on = [aws_s3_bucket_policy.logs]
}
