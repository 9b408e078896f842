output "distribution_id" {
  description = "ID of the distribution (for invalidations: `aws cloudfront create-invalidation --distribution-id ...`)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the distribution: the `AWS:SourceArn` the media bucket policy and the KMS key policy must name."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "The distribution's own domain name, `<id>.cloudfront.net`."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone ID of CloudFront, for alias records made outside the module."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "url" {
  description = "Base URL of the web client: the first custom domain name, or the `*.cloudfront.net` name."
  value       = "https://${length(var.domain_names) > 0 ? var.domain_names[0] : aws_cloudfront_distribution.this.domain_name}"
}

output "minimum_protocol_version" {
  description = "TLS security policy viewers get: `minimum_protocol_version` with a custom domain, `TLSv1` (all CloudFront allows) on the `*.cloudfront.net` certificate."
  value       = one(aws_cloudfront_distribution.this.viewer_certificate).minimum_protocol_version
}

output "media_domain_name" {
  description = "Domain the API signs media URLs for (its MEDIA_URL_DOMAIN): the first custom domain name, or the `*.cloudfront.net` name."
  value       = length(var.domain_names) > 0 ? var.domain_names[0] : aws_cloudfront_distribution.this.domain_name
}

output "media_public_key_ids" {
  description = "ID of each trusted media signing public key, by label: the `Key-Pair-Id` of the URLs its private half signs (stored beside the private key in SSM as `keyPairId`)."
  value       = { for label, key in aws_cloudfront_public_key.media : label => key.id }
}

output "key_group_id" {
  description = "ID of the key group trusted by the media behaviour."
  value       = aws_cloudfront_key_group.media.id
}

output "media_bucket_policy_statements" {
  description = "Statements to add to the media bucket's policy (the `storage` module's `policy_statements`): CloudFront reads the media key prefix for this distribution only, through Origin Access Control."
  value = [{
    sid        = "CloudFrontReadsRenditions"
    effect     = "Allow"
    actions    = ["s3:GetObject"]
    resources  = ["${var.media_origin.bucket_arn}/${local.media_key_prefix}*"]
    principals = [{ type = "Service", identifiers = ["cloudfront.amazonaws.com"] }]
    conditions = [{ test = "StringEquals", variable = "AWS:SourceArn", values = [aws_cloudfront_distribution.this.arn] }]
  }]
}

output "web_bucket_name" {
  description = "Name of the web client bucket: upload the built client here (index.html with `Cache-Control: no-cache`)."
  value       = module.web.bucket_id
}

output "web_bucket_arn" {
  description = "ARN of the web client bucket."
  value       = module.web.bucket_arn
}

output "log_bucket_name" {
  description = "Name of the bucket holding the distribution's access logs (`AWSLogs/<account>/CloudFront/<distribution ID>/...`)."
  value       = aws_s3_bucket.logs.id
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL in front of the distribution, or null when `waf.enabled` is false."
  value       = try(aws_wafv2_web_acl.this[0].arn, null)
}

output "certificate_arn" {
  description = "ARN of the ACM certificate the distribution serves (us-east-1), or null on the default certificate."
  value       = local.certificate_arn
}

output "content_security_policy" {
  description = "The Content-Security-Policy header the distribution adds to every response (the web client's allowed sources)."
  value       = local.content_security_policy
}

output "web_cache_policy_id" {
  description = "ID of the web client's cache policy (default behaviour): minimum TTL 0, so an object's `Cache-Control: no-cache` (index.html, config.json) is honoured. With `create_cache_policies = false`, the managed CachingOptimized policy that stands in for it."
  value       = local.web_cache_policy_id
}
