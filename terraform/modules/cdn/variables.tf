variable "name" {
  description = "Prefix of every resource name (such as `photo-album-prod`): the distribution's policies, function, key, key group, web ACL and log delivery are `<name>-<role>`. 2 to 40 lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$", var.name))
    error_message = "name must be 2 to 40 lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

################################################################################
# Origins
################################################################################

variable "web_bucket_name" {
  description = "Name of the private bucket created for the web client (the default origin), globally unique: 3 to 58 lower-case letters, digits and hyphens (its access-log bucket adds `-logs`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,56}[a-z0-9]$", var.web_bucket_name))
    error_message = "web_bucket_name must be 3 to 58 lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the web bucket (SSE-KMS). CloudFront reads through Origin Access Control, so the key policy must let `cloudfront.amazonaws.com` call kms:Decrypt for this distribution (`AWS:SourceArn` = `distribution_arn`); the derived bucket's key needs the same."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "media_origin" {
  description = <<-EOT
    The bucket holding the renditions, served only through signed URLs.

    - `bucket_arn` - (Required) ARN of the bucket (the `storage` module's `bucket_arn`).
    - `bucket_regional_domain_name` - (Required) Its regional domain name, `<bucket>.s3.<region>.amazonaws.com`.
    - `path_pattern` - (Optional) Path pattern of the media behaviour; the URL path is the object key, so it is also the key prefix the bucket policy opens to CloudFront. Defaults to `/derived/*`.
  EOT
  type = object({
    bucket_arn                  = string
    bucket_regional_domain_name = string
    path_pattern                = optional(string, "/derived/*")
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.media_origin.bucket_arn))
    error_message = "media_origin.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]+\\.s3\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$", var.media_origin.bucket_regional_domain_name))
    error_message = "media_origin.bucket_regional_domain_name must be a bucket's regional domain name, `<bucket>.s3.<region>.amazonaws.com`."
  }

  validation {
    condition     = can(regex("^/[A-Za-z0-9_-]+/\\*$", var.media_origin.path_pattern))
    error_message = "media_origin.path_pattern must be one key prefix followed by `/*`, such as `/derived/*`."
  }
}

variable "api_origin_verify_secret" {
  description = "Value of the `x-origin-verify` header CloudFront adds to every request it sends to the API origin; the API refuses requests that lack it, so nobody reaches the execute-api endpoint around the distribution and its WAF. At least 32 characters."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.api_origin_verify_secret) >= 32 && can(regex("^[A-Za-z0-9]+$", var.api_origin_verify_secret))
    error_message = "api_origin_verify_secret must be at least 32 letters and digits."
  }
}

variable "api_origin" {
  description = <<-EOT
    The API Gateway HTTP API behind `/api/*` (caching disabled).

    - `domain_name` - (Required) The API's domain without the scheme, such as `abc123.execute-api.ap-southeast-2.amazonaws.com`.
    - `origin_path` - (Optional) Stage path prepended to every request, such as `/v1`; empty for the `$default` stage. Defaults to `""`.
    - `keepalive_seconds` - (Optional) How long an edge keeps an idle connection to the API open, 1 to 60. The API is in one Region, so a viewer far from it pays about three edge-to-Region round trips (TCP and TLS) on every call that finds no open connection; CloudFront's own default of 5 s makes that the usual case for sparse traffic from other continents (README: "Is a multi-Region API worth it?"). Defaults to `60`.
  EOT
  type = object({
    domain_name       = string
    origin_path       = optional(string, "")
    keepalive_seconds = optional(number, 60)
  })

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$", var.api_origin.domain_name))
    error_message = "api_origin.domain_name must be a host name without scheme or path, such as `abc123.execute-api.ap-southeast-2.amazonaws.com`."
  }

  validation {
    condition     = var.api_origin.origin_path == "" || can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.api_origin.origin_path))
    error_message = "api_origin.origin_path must be empty or a path such as `/v1` (leading `/`, no trailing `/`)."
  }

  validation {
    condition     = var.api_origin.keepalive_seconds >= 1 && var.api_origin.keepalive_seconds <= 60 && floor(var.api_origin.keepalive_seconds) == var.api_origin.keepalive_seconds
    error_message = "api_origin.keepalive_seconds must be a whole number of seconds from 1 to 60 (CloudFront's range without a quota increase)."
  }
}

################################################################################
# Signed URLs
################################################################################

variable "media_signing_public_keys" {
  description = <<-EOT
    PEM-encoded RSA public keys (`-----BEGIN PUBLIC KEY-----`) whose signatures open media URLs, by
    label (lower-case letters, digits and hyphens, such as `initial` or `20261204t2230`). One key
    normally; two while the signing key is rotated, so URLs signed with the old and the new private
    key both open until the old one's URLs have expired. Each private half stays in SSM Parameter
    Store for the API. `make signing-key ENV=<env>` makes a pair; the labels name the public keys, so
    adding or removing one never replaces the other.
  EOT
  type        = map(string)
  nullable    = false

  validation {
    condition     = length(var.media_signing_public_keys) >= 1 && length(var.media_signing_public_keys) <= 2
    error_message = "media_signing_public_keys must hold one key, or two while a rotation is under way (the old and the new). The root module reads terraform/environments/<env>.media-signing-key[.<label>].pub.pem: `make signing-key ENV=<env>` writes one."
  }

  validation {
    condition     = alltrue([for pem in values(var.media_signing_public_keys) : can(regex("^-----BEGIN PUBLIC KEY-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END PUBLIC KEY-----\\s*$", pem))])
    error_message = "Every media_signing_public_keys value must be one PEM public key (`-----BEGIN PUBLIC KEY-----` ... `-----END PUBLIC KEY-----`), never a private key."
  }

  validation {
    condition     = length(distinct([for pem in values(var.media_signing_public_keys) : replace(pem, "/\\s/", "")])) == length(var.media_signing_public_keys)
    error_message = "media_signing_public_keys must hold distinct keys: the same public key under two labels would trust one private key twice and leave nothing to rotate to."
  }

  validation {
    condition     = alltrue([for label in keys(var.media_signing_public_keys) : can(regex("^[a-z0-9][a-z0-9-]{0,31}$", label))])
    error_message = "Every media_signing_public_keys label must be 1 to 32 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes part of the public key's name)."
  }
}

variable "media_cache_ttl_seconds" {
  description = "Seconds the edge keeps a rendition by default and at most (86400 to 31536000). Rendition keys are never overwritten, so the default is a year."
  type        = number
  default     = 31536000

  validation {
    condition     = var.media_cache_ttl_seconds >= 86400 && var.media_cache_ttl_seconds <= 31536000 && floor(var.media_cache_ttl_seconds) == var.media_cache_ttl_seconds
    error_message = "media_cache_ttl_seconds must be a whole number from 86400 (a day) to 31536000 (a year)."
  }
}

variable "web_default_ttl_seconds" {
  description = "Seconds the edge keeps a web client file that carries no Cache-Control (0 to 86400). `make deploy-web` sets Cache-Control on every file, so this only bounds how long a file uploaded by hand stays stale."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.web_default_ttl_seconds >= 0 && var.web_default_ttl_seconds <= 86400 && floor(var.web_default_ttl_seconds) == var.web_default_ttl_seconds
    error_message = "web_default_ttl_seconds must be a whole number from 0 to 86400 (a day)."
  }
}

################################################################################
# Viewers
################################################################################

variable "price_class" {
  description = "Edge locations that serve the distribution: `PriceClass_100` (North America, Europe, Israel), `PriceClass_200` (adds most of Asia, the Middle East and Africa) or `PriceClass_All` (every location, including Australia and South America)."
  type        = string
  default     = "PriceClass_All"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "domain_names" {
  description = "Custom domain names (CNAMEs) of the distribution, such as `photos.example.com`. Empty to use only the `*.cloudfront.net` name. Needs `acm_certificate_arn`, or `route53_zone_id` so that the module creates and validates a certificate."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for domain in var.domain_names : can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", domain))])
    error_message = "Every domain_names entry must be a lower-case domain name such as `photos.example.com` (a leading `*.` is allowed)."
  }

  validation {
    condition     = length(var.domain_names) == length(distinct(var.domain_names))
    error_message = "domain_names must not repeat a name."
  }
}

variable "acm_certificate_arn" {
  description = "ARN of an issued ACM certificate in us-east-1 covering every `domain_names` entry. Null to let the module request one (DNS-validated in `route53_zone_id`) when `domain_names` is set."
  type        = string
  default     = null

  validation {
    condition     = var.acm_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$", coalesce(var.acm_certificate_arn, "-")))
    error_message = "acm_certificate_arn must be the ARN of an ACM certificate in us-east-1 (CloudFront takes certificates only from there)."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of `domain_names`: the module writes the certificate's validation records and an alias A and AAAA record per name there. Null to manage DNS elsewhere (then `acm_certificate_arn` is required with `domain_names`)."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", coalesce(var.route53_zone_id, "-")))
    error_message = "route53_zone_id must be a hosted zone ID such as `Z0123456789ABCDEFGHIJ`."
  }

  validation {
    condition     = length(var.domain_names) == 0 || var.acm_certificate_arn != null || var.route53_zone_id != null
    error_message = "domain_names needs a certificate: pass acm_certificate_arn, or route53_zone_id so that the module requests and validates one."
  }
}

variable "minimum_protocol_version" {
  description = "Oldest TLS security policy viewers may use with a custom domain: `TLSv1.2_2019`, `TLSv1.2_2021`, `TLSv1.2_2025` or `TLSv1.3_2025`. CloudFront applies it only with a custom certificate; on the default `*.cloudfront.net` certificate it always allows TLSv1, whatever is asked."
  type        = string
  default     = "TLSv1.2_2021"

  validation {
    condition     = contains(["TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"], var.minimum_protocol_version)
    error_message = "minimum_protocol_version must be TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025."
  }
}

variable "content_security_policy_sources" {
  description = <<-EOT
    Origins the web client may reach besides its own, for its content security policy (every other fetch, script, frame and form target is refused).

    - `connect` - (Optional) Origins for fetch/XHR: the Cognito endpoints (`https://cognito-idp.<region>.amazonaws.com`, the hosted UI domain) and the originals bucket's upload endpoints. Defaults to none.
    - `form_action` - (Optional) Origins forms may post to or navigate to, such as the Cognito hosted UI. Defaults to none.
  EOT
  type = object({
    connect     = optional(list(string), [])
    form_action = optional(list(string), [])
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      for source in concat(var.content_security_policy_sources.connect, var.content_security_policy_sources.form_action) :
      can(regex("^https://(\\*\\.)?[a-z0-9.-]+(:[0-9]+)?$", source))
    ])
    error_message = "Every content_security_policy_sources entry must be an https origin without a path, such as `https://cognito-idp.ap-southeast-2.amazonaws.com` (a leading `*.` is allowed)."
  }
}

variable "hsts_max_age_seconds" {
  description = "Seconds browsers remember to use only HTTPS for the domain and its subdomains (Strict-Transport-Security with `preload`). At least 31536000 (a year), the minimum for the browsers' preload lists."
  type        = number
  default     = 63072000

  validation {
    condition     = var.hsts_max_age_seconds >= 31536000 && floor(var.hsts_max_age_seconds) == var.hsts_max_age_seconds
    error_message = "hsts_max_age_seconds must be a whole number of at least 31536000."
  }
}

################################################################################
# Toggles (terraform-aws-modules style): every one true outside the apply rehearsal
################################################################################

variable "create_cache_policies" {
  description = "Create the web client's and the renditions' cache policies (`<name>-web`, `<name>-media`). False only for the apply rehearsal on moto (`make rehearse`), which cannot create cache policies: the behaviours then use AWS's managed CachingOptimized policy, which would cache index.html for at least a second and put nothing else right for signed renditions, so no real environment sets it."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_response_headers_policy" {
  description = "Create the response headers policy (`<name>-security-headers`: HSTS with preload, nosniff, DENY framing, the referrer policy and the web client's content security policy). False only for the apply rehearsal on moto (`make rehearse`), which cannot create one: the behaviours then use AWS's managed SecurityHeadersPolicy, which has no content security policy."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_spa_function" {
  description = "Create and publish the CloudFront Function `<name>-spa-routes` that serves /index.html for the web client's client-side routes, and associate it with the default behaviour. False only for the apply rehearsal on moto (`make rehearse`), which cannot publish a function: deep links into the web client then answer 403 from S3."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# WAF
################################################################################

variable "waf" {
  description = <<-EOT
    An AWS WAF web ACL in front of the distribution (created in us-east-1, scope `CLOUDFRONT`).

    - `enabled` - (Optional) Create and attach the web ACL. Defaults to `false`.
    - `rate_limit` - (Optional) Requests one client IP may make in `rate_limit_window_seconds` before it gets 429 responses until it slows down (10 to 2000000000). Defaults to `2000`.
    - `rate_limit_window_seconds` - (Optional) Window the rate is counted over: 60, 120, 300 or 600. Defaults to `300`.
    - `path_rate_limits` - (Optional) Tighter per-IP limits for parts of the site, by a short name (lower-case letters, digits and hyphens; it names the rule `rate-limit-<name>-per-ip` and its CloudWatch metric `<module name>-rate-limit-<name>-per-ip`). Each is a rate-based rule that counts, per client IP and over `rate_limit_window_seconds`, only the requests whose URI path starts with `path_prefix` (compared after URL-decoding and lower-casing, so `path_prefix` must be lower case), and answers 429 above `limit`. Defaults to none.
      - `path_prefix` - (Required) URI path prefix, such as `/api/shared`: `/` then at most 49 lower-case letters, digits, `/`, `_`, `.` or `-`.
      - `limit` - (Required) Requests one IP may make under `path_prefix` in the window (10 to `rate_limit`).

    The web ACL also runs the AWS managed common rule set and known-bad-inputs rule set.
  EOT
  type = object({
    enabled                   = optional(bool, false)
    rate_limit                = optional(number, 2000)
    rate_limit_window_seconds = optional(number, 300)
    path_rate_limits = optional(map(object({
      path_prefix = string
      limit       = number
    })), {})
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.waf.rate_limit >= 10 && var.waf.rate_limit <= 2000000000 && floor(var.waf.rate_limit) == var.waf.rate_limit
    error_message = "waf.rate_limit must be a whole number from 10 to 2000000000."
  }

  validation {
    condition     = contains([60, 120, 300, 600], var.waf.rate_limit_window_seconds)
    error_message = "waf.rate_limit_window_seconds must be 60, 120, 300 or 600."
  }

  validation {
    condition     = alltrue([for name in keys(var.waf.path_rate_limits) : can(regex("^[a-z0-9][a-z0-9-]{0,31}$", name))])
    error_message = "Every waf.path_rate_limits name must be 1 to 32 lower-case letters, digits and hyphens, starting with a letter or digit."
  }

  validation {
    condition     = alltrue([for rule in values(var.waf.path_rate_limits) : can(regex("^/[a-z0-9/_.-]{0,49}$", rule.path_prefix))])
    error_message = "Every waf.path_rate_limits path_prefix must start with `/` and hold at most 50 characters (a WAF search string's limit), all lower-case letters, digits, `/`, `_`, `.` or `-` (WAF lower-cases the path before comparing)."
  }

  validation {
    condition = alltrue([
      for rule in values(var.waf.path_rate_limits) :
      rule.limit >= 10 && floor(rule.limit) == rule.limit && rule.limit <= var.waf.rate_limit
    ])
    error_message = "Every waf.path_rate_limits limit must be a whole number from 10 (AWS WAF's lowest rate limit) to waf.rate_limit (${var.waf.rate_limit})."
  }
}

################################################################################
# Logs
################################################################################

variable "logging" {
  description = <<-EOT
    Standard logging (v2): CloudWatch Logs delivers the distribution's access logs to a bucket the module creates, under `AWSLogs/<account>/CloudFront/<distribution ID>/`.

    - `log_bucket_name` - (Required) Name of the log bucket the module creates (SSE-S3, private, objects expire).
    - `expiration_days` - (Optional) Days a log object is kept. Defaults to `90`.
    - `output_format` - (Optional) `json`, `w3c`, `plain` or `parquet`. Defaults to `json`.
  EOT
  type = object({
    log_bucket_name = string
    expiration_days = optional(number, 90)
    output_format   = optional(string, "json")
  })

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.logging.log_bucket_name))
    error_message = "logging.log_bucket_name must be 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }

  validation {
    condition     = var.logging.expiration_days >= 1 && floor(var.logging.expiration_days) == var.logging.expiration_days
    error_message = "logging.expiration_days must be a whole number of at least 1."
  }

  validation {
    condition     = contains(["json", "w3c", "plain", "parquet"], var.logging.output_format)
    error_message = "logging.output_format must be json, w3c, plain or parquet."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the web bucket and the log buckets while they still hold objects. For throw-away environments only."
  type        = bool
  default     = false
  nullable    = false
}

variable "tags" {
  description = "Tags added to every resource of the module, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
