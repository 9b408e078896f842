variable "project" {
  description = "Project name, the first part of every resource name (`<project>-<workspace>-...`). 2 to 20 lower-case letters, digits and hyphens."
  type        = string
  default     = "photo-album"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,18}[a-z0-9]$", var.project))
    error_message = "project must be 2 to 20 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "environment" {
  description = "Environment this tfvars file describes: `dev`, `staging` or `prod`. Planning fails unless it equals the selected Terraform workspace, so one environment's settings never land in another."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "region" {
  description = "AWS Region of the environment (buckets, topics, queues, the table's home Region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "region must be a Region name such as `ap-southeast-2`."
  }
}

variable "allowed_account_ids" {
  description = "IDs of the AWS accounts this environment may be planned and applied in (the provider's `allowed_account_ids`): with credentials for any other account, Terraform stops before it reads or changes anything. Required (at least one) in staging and prod; empty in dev lets every developer use their own account."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must be AWS account IDs: 12 digits each, as a quoted string (such as \"111122223333\")."
  }

  validation {
    condition     = var.environment == "dev" || length(var.allowed_account_ids) > 0
    error_message = "${var.environment} needs allowed_account_ids: set it in environments/${var.environment}.tfvars to the ID of the environment's AWS account (`aws sts get-caller-identity --query Account`), so that credentials for another account can never plan or apply this environment."
  }
}

variable "tags" {
  description = "Extra tags for every resource, added to the provider's default tags (Project, Environment, ManagedBy)."
  type        = map(string)
  default     = {}
}

variable "kms_deletion_window_days" {
  description = "Days between scheduling the environment's KMS key for deletion and its deletion (7 to 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be from 7 to 30."
  }
}

variable "buckets_force_destroy" {
  description = "Let `terraform destroy` delete the buckets while they still hold objects, and the workers' ECR repositories while they still hold images. Only for throw-away environments."
  type        = bool
  default     = false
}

variable "originals_noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted original is kept as a noncurrent version before S3 deletes it for good (1 to 365). Privacy: a photo or video a user deleted stays recoverable by the ops team for this long, then is gone (README: Privacy: deleted media)."
  type        = number
  default     = 30

  validation {
    condition     = var.originals_noncurrent_version_expiration_days >= 1 && var.originals_noncurrent_version_expiration_days <= 365 && floor(var.originals_noncurrent_version_expiration_days) == var.originals_noncurrent_version_expiration_days
    error_message = "originals_noncurrent_version_expiration_days must be a whole number of days from 1 to 365: deleted originals must not be kept longer than the runbook promises."
  }
}

variable "access_log_expiration_days" {
  description = "Days the buckets' S3 server access logs are kept."
  type        = number
  default     = 90

  validation {
    condition     = var.access_log_expiration_days >= 1
    error_message = "access_log_expiration_days must be 1 or more."
  }
}

variable "upload_allowed_origins" {
  description = "Browser origins (such as `https://photos.example.com`) allowed to POST or PUT uploads straight to the originals bucket with a presigned request. Empty for no CORS rule."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.upload_allowed_origins : can(regex("^https://[^/*]+$", origin)) || can(regex("^http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?$", origin))])
    error_message = "Every upload origin must be an https:// origin without a path or wildcard, or a local http://localhost / http://127.0.0.1 origin."
  }
}

variable "originals_transfer_acceleration" {
  description = "Turn on S3 Transfer Acceleration for the originals bucket, so that far-away users upload through the nearest edge location."
  type        = bool
  default     = false
}

variable "table_deletion_protection" {
  description = "Refuse to delete the DynamoDB table and its replicas until this is turned off."
  type        = bool
  default     = true
}

variable "table_replica_regions" {
  description = "Regions holding a replica of the DynamoDB table (a global table), each encrypted with a replica of the environment's multi-Region KMS key. Empty for a single-Region table."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for region in var.table_replica_regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", region))]) && length(var.table_replica_regions) == length(distinct(var.table_replica_regions))
    error_message = "table_replica_regions must be distinct Region names such as `us-west-2`."
  }

  validation {
    condition     = !contains(var.table_replica_regions, var.region)
    error_message = "table_replica_regions must not contain the environment's own Region."
  }
}

variable "alarm_email" {
  description = "Email address subscribed to the environment's alarm topic (the address must confirm the subscription). Null for none."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", coalesce(var.alarm_email, "-")))
    error_message = "alarm_email must be an email address or null."
  }

  validation {
    condition     = var.environment == "dev" || var.alarm_email != null || length(var.alarm_actions) > 0
    error_message = "${var.environment} needs someone to receive its alarms: set alarm_email (the on-call address, which must confirm the subscription) or alarm_actions (such as an incident tool's SNS topic ARN) in environments/${var.environment}.tfvars. Without either, every alarm goes to a topic nobody reads."
  }
}

variable "alarm_actions" {
  description = "Extra ARNs (for example an incident tool's SNS topic) notified by every alarm, besides the environment's alarm topic. Staging and prod need this or alarm_email."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.alarm_actions : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:", arn))])
    error_message = "Every alarm_actions entry must be an ARN (such as arn:aws:sns:ap-southeast-2:111122223333:incidents)."
  }
}

################################################################################
# Lambda processors
################################################################################

variable "processor_log_retention_days" {
  description = "Days the log groups of the Lambda processors and jobs keep log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.processor_log_retention_days)
    error_message = "processor_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "processor_log_level" {
  description = "Log level of the Lambda processors and jobs (Powertools Logger and Lambda's application log filter): `DEBUG`, `INFO`, `WARN` or `ERROR`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.processor_log_level)
    error_message = "processor_log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "processor_max_concurrency" {
  description = "Upper bound on the maximum concurrency of every Lambda processor and queue-fed job in this environment (2 to 1000): each event source mapping gets the smaller of this and the registry's `maxConcurrency`. Null uses the registry's values."
  type        = number
  default     = null

  validation {
    condition     = var.processor_max_concurrency == null || try(var.processor_max_concurrency >= 2 && var.processor_max_concurrency <= 1000 && floor(var.processor_max_concurrency) == var.processor_max_concurrency, false)
    error_message = "processor_max_concurrency must be a whole number from 2 to 1000 (the range SQS event source mappings accept), or null."
  }
}

variable "processor_xray_tracing" {
  description = "Record an X-Ray trace of every Lambda processor and job invocation (tracing mode `Active`, billed per trace). Off, the functions only pass trace headers through."
  type        = bool
  default     = false
}

variable "jobs_schedules_enabled" {
  description = "Run the scheduled jobs of the registry (the sweeper) on their schedules. `false` keeps each schedule but disables it, for example while restoring data by hand; queue-fed jobs (the album deleter) are not affected."
  type        = bool
  default     = true
  nullable    = false
}

variable "image_max_input_pixels" {
  description = "image-variants: largest original, in pixels (width × height), it decodes; larger images are rejected from their header before any large allocation (decompression bombs). At least 1000000."
  type        = number
  default     = 100000000

  validation {
    condition     = var.image_max_input_pixels >= 1000000 && floor(var.image_max_input_pixels) == var.image_max_input_pixels
    error_message = "image_max_input_pixels must be a whole number of pixels, at least 1000000."
  }
}

variable "image_max_bytes" {
  description = "Largest image original, in bytes: the API issues no upload above it (413) and image-variants rejects a larger file before downloading it. One value for both, so they cannot disagree. 1024 to 5368709120 (5 GiB, S3's largest single POST)."
  type        = number
  default     = 52428800

  validation {
    condition     = var.image_max_bytes >= 1024 && var.image_max_bytes <= 5368709120 && floor(var.image_max_bytes) == var.image_max_bytes
    error_message = "image_max_bytes must be a whole number of bytes from 1024 to 5368709120 (5 GiB)."
  }
}

variable "image_sharp_concurrency" {
  description = "image-variants: libvips threads per image (sharp.concurrency), 0 to 64; 0 keeps sharp's own default."
  type        = number
  default     = 0

  validation {
    condition     = var.image_sharp_concurrency >= 0 && var.image_sharp_concurrency <= 64 && floor(var.image_sharp_concurrency) == var.image_sharp_concurrency
    error_message = "image_sharp_concurrency must be a whole number from 0 to 64."
  }
}

variable "labels_min_confidence" {
  description = "image-labels: lowest Rekognition confidence, in percent (0 to 100), for a label to be kept."
  type        = number
  default     = 80

  validation {
    condition     = var.labels_min_confidence >= 0 && var.labels_min_confidence <= 100 && floor(var.labels_min_confidence) == var.labels_min_confidence
    error_message = "labels_min_confidence must be a whole number from 0 to 100."
  }
}

variable "moderation_min_confidence" {
  description = "image-moderation and poster-moderation: lowest Rekognition confidence, in percent (0 to 100), at which a moderation label flags an item. Lower holds more back from share links."
  type        = number
  default     = 60

  validation {
    condition     = var.moderation_min_confidence >= 0 && var.moderation_min_confidence <= 100 && floor(var.moderation_min_confidence) == var.moderation_min_confidence
    error_message = "moderation_min_confidence must be a whole number from 0 to 100."
  }
}

variable "moderation_ignored_categories" {
  description = "Top-level categories of Rekognition's moderation taxonomy that never flag an item (for example `Swimwear or Underwear` for a swimming club); their labels are still recorded. Empty: every category flags."
  type        = list(string)
  default     = []

  validation {
    condition = alltrue([for category in var.moderation_ignored_categories : contains([
      "Explicit", "Non-Explicit Nudity of Intimate parts and Kissing", "Swimwear or Underwear", "Violence",
      "Visually Disturbing", "Drugs & Tobacco", "Alcohol", "Rude Gestures", "Gambling", "Hate Symbols",
    ], category)])
    error_message = "moderation_ignored_categories may name only top-level moderation categories: Explicit, Non-Explicit Nudity of Intimate parts and Kissing, Swimwear or Underwear, Violence, Visually Disturbing, Drugs & Tobacco, Alcohol, Rude Gestures, Gambling, Hate Symbols."
  }
}

variable "labels_max" {
  description = "image-labels: most labels kept per photo (1 to 1000)."
  type        = number
  default     = 20

  validation {
    condition     = var.labels_max >= 1 && var.labels_max <= 1000 && floor(var.labels_max) == var.labels_max
    error_message = "labels_max must be a whole number from 1 to 1000."
  }
}

################################################################################
# Album API and its sign-in
################################################################################

variable "api_throttling_burst_limit" {
  description = "Requests the API accepts at once above its steady rate (0 to 5000); more get 429."
  type        = number
  default     = 100

  validation {
    condition     = var.api_throttling_burst_limit >= 0 && var.api_throttling_burst_limit <= 5000 && floor(var.api_throttling_burst_limit) == var.api_throttling_burst_limit
    error_message = "api_throttling_burst_limit must be a whole number from 0 to 5000."
  }
}

variable "api_throttling_rate_limit" {
  description = "Steady requests per second the API accepts across all routes (0 to 10000); more get 429."
  type        = number
  default     = 50

  validation {
    condition     = var.api_throttling_rate_limit >= 0 && var.api_throttling_rate_limit <= 10000
    error_message = "api_throttling_rate_limit must be from 0 to 10000 requests per second."
  }
}

variable "api_public_throttling_burst_limit" {
  description = "Requests each public share-link route (every `security: []` operation of src/api/openapi.json but GET /api/health) accepts at once above its steady rate; more get 429. At least 1 and at most api_throttling_burst_limit: routes anyone may call get tighter limits than the signed-in API."
  type        = number
  default     = 40

  validation {
    condition     = var.api_public_throttling_burst_limit >= 1 && floor(var.api_public_throttling_burst_limit) == var.api_public_throttling_burst_limit && var.api_public_throttling_burst_limit <= var.api_throttling_burst_limit
    error_message = "api_public_throttling_burst_limit must be a whole number from 1 to api_throttling_burst_limit (${var.api_throttling_burst_limit})."
  }
}

variable "api_public_throttling_rate_limit" {
  description = "Steady requests per second each public share-link route (every `security: []` operation of src/api/openapi.json but GET /api/health) accepts; more get 429. More than 0 and at most api_throttling_rate_limit: routes anyone may call get tighter limits than the signed-in API."
  type        = number
  default     = 20

  validation {
    condition     = var.api_public_throttling_rate_limit > 0 && var.api_public_throttling_rate_limit <= var.api_throttling_rate_limit
    error_message = "api_public_throttling_rate_limit must be more than 0 and at most api_throttling_rate_limit (${var.api_throttling_rate_limit}) requests per second."
  }
}

variable "api_memory_size" {
  description = "Memory of the API function in MB (128 to 10240); more memory is more CPU, hence shorter cold starts and requests."
  type        = number
  default     = 1024

  validation {
    condition     = var.api_memory_size >= 128 && var.api_memory_size <= 10240 && floor(var.api_memory_size) == var.api_memory_size
    error_message = "api_memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "api_timeout_seconds" {
  description = "Seconds an API request may run in the function (1 to 30: API Gateway answers 503 after 30)."
  type        = number
  default     = 10

  validation {
    condition     = var.api_timeout_seconds >= 1 && var.api_timeout_seconds <= 30 && floor(var.api_timeout_seconds) == var.api_timeout_seconds
    error_message = "api_timeout_seconds must be a whole number from 1 to 30."
  }
}

variable "api_reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the API function. Null reserves none; the API's throttling bounds its load."
  type        = number
  default     = null

  validation {
    condition     = var.api_reserved_concurrency == null || try(var.api_reserved_concurrency >= 1 && floor(var.api_reserved_concurrency) == var.api_reserved_concurrency, false)
    error_message = "api_reserved_concurrency must be a whole number of at least 1, or null."
  }
}

variable "api_log_retention_days" {
  description = "Days the API function's logs and the API's access logs are kept: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.api_log_retention_days)
    error_message = "api_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "api_log_level" {
  description = "Log level of the API function (Powertools Logger and Lambda's application log filter): `DEBUG`, `INFO`, `WARN` or `ERROR`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.api_log_level)
    error_message = "api_log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "api_xray_tracing" {
  description = "Record an X-Ray trace of every API request in the function (tracing mode `Active`, billed per trace)."
  type        = bool
  default     = false
}

variable "api_detailed_metrics" {
  description = "Publish per-route API Gateway metrics (billed as custom metrics)."
  type        = bool
  default     = false
}

variable "api_cursor_key_version" {
  description = "Version of the API's pagination cursor key: raising it makes the next apply generate and store a new key (open cursors then answer 400)."
  type        = number
  default     = 1

  validation {
    condition     = var.api_cursor_key_version >= 1 && floor(var.api_cursor_key_version) == var.api_cursor_key_version
    error_message = "api_cursor_key_version must be a whole number of at least 1."
  }
}

variable "upload_url_ttl_seconds" {
  description = "Seconds a presigned upload POST stays valid (60 to 604800). The sweeper takes an upload that has not arrived this long after its URL was issued to be stuck."
  type        = number
  default     = 900

  validation {
    condition     = var.upload_url_ttl_seconds >= 60 && var.upload_url_ttl_seconds <= 604800 && floor(var.upload_url_ttl_seconds) == var.upload_url_ttl_seconds
    error_message = "upload_url_ttl_seconds must be a whole number from 60 to 604800 (7 days)."
  }
}

variable "media_url_ttl_seconds" {
  description = "Seconds a signed media (CloudFront) URL stays valid (60 to 604800)."
  type        = number
  default     = 3600

  validation {
    condition     = var.media_url_ttl_seconds >= 60 && var.media_url_ttl_seconds <= 604800 && floor(var.media_url_ttl_seconds) == var.media_url_ttl_seconds
    error_message = "media_url_ttl_seconds must be a whole number from 60 to 604800 (7 days)."
  }
}

variable "original_url_ttl_seconds" {
  description = "Seconds an original's download URL (a presigned S3 GET, `GET /api/media/{mediaId}/original`) stays valid (60 to 3600). It hands out the full-resolution file, so it is kept shorter than media_url_ttl_seconds: plan refuses a longer one."
  type        = number
  default     = 300

  validation {
    condition     = var.original_url_ttl_seconds >= 60 && var.original_url_ttl_seconds <= 3600 && floor(var.original_url_ttl_seconds) == var.original_url_ttl_seconds
    error_message = "original_url_ttl_seconds must be a whole number from 60 to 3600 (1 hour)."
  }

  validation {
    condition     = var.original_url_ttl_seconds <= var.media_url_ttl_seconds
    error_message = "original_url_ttl_seconds must not exceed media_url_ttl_seconds: an original's download URL lives no longer than a rendition's."
  }
}

variable "media_signing_private_key_parameter" {
  description = "Name of the SSM SecureString parameter holding the key that signs media URLs, as JSON beside its CloudFront public key's ID (`{\"keyPairId\", \"privateKey\"}`; a bare PEM key is read with the `initial` key's ID). Terraform never sees the key: the ops team writes the parameter (`make signing-key-activate`), encrypted with the environment's KMS key (alias/<project>-<env>). Null uses `/<project>/<env>/cloudfront/media-signing-key`."
  type        = string
  default     = null

  validation {
    condition     = var.media_signing_private_key_parameter == null || can(regex("^(/[A-Za-z0-9_.-]+)+$", coalesce(var.media_signing_private_key_parameter, "-")))
    error_message = "media_signing_private_key_parameter must be a parameter path such as /photo-album/prod/cloudfront/media-signing-key, or null."
  }
}

variable "auth_self_sign_up_enabled" {
  description = "Let anyone create an account from the web client (confirmed by an emailed code); it reaches the web client through the web_config output. False: only administrators create users. Outside dev it needs auth_ses_email: Cognito's built-in sender stops after about 50 emails a day (sign-up codes, invitations and password resets together), and every sign-up sends one."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.auth_self_sign_up_enabled || var.environment == "dev" || var.auth_ses_email != null
    error_message = "auth_self_sign_up_enabled = true in ${var.environment} needs auth_ses_email (a verified SES identity's ARN and a from address, sent with the DEVELOPER account): Cognito's built-in sender sends only about 50 emails a day, so sign-up codes and password resets would stop arriving."
  }
}

variable "auth_ses_email" {
  description = <<-EOT
    Send the user pool's emails (sign-up codes, invitations, password resets) through Amazon SES (`DEVELOPER` sending) instead of Cognito's built-in sender, which sends only about 50 a day. Null keeps the built-in sender: enough for dev, and for administrator-created users; required wherever auth_self_sign_up_enabled is true outside dev.

    - `source_arn` - (Required) ARN of an SES identity verified in the home Region (and out of the SES sandbox, or only verified recipients get mail).
    - `from_email_address` - (Optional) Sender on that identity, such as `Photos <no-reply@photos.example.com>`; required when the identity is a domain. Defaults to the identity's address.
    - `reply_to_email_address` - (Optional) Reply-to address.
  EOT
  type = object({
    source_arn             = string
    from_email_address     = optional(string)
    reply_to_email_address = optional(string)
  })
  default = null

  validation {
    condition     = var.auth_ses_email == null || can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", try(var.auth_ses_email.source_arn, "")))
    error_message = "auth_ses_email.source_arn must be the ARN of an SES identity (arn:<partition>:ses:<region>:<account>:identity/<email or domain>)."
  }
}

variable "auth_mfa_configuration" {
  description = "Authenticator-app (TOTP) MFA for the user pool: `OFF`, `OPTIONAL` or `ON`."
  type        = string
  default     = "OPTIONAL"

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.auth_mfa_configuration)
    error_message = "auth_mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "auth_threat_protection_mode" {
  description = "Cognito threat protection: `OFF`, `AUDIT` or `ENFORCED`. Anything but OFF moves the user pool to the Plus feature plan (billed per monthly active user)."
  type        = string
  default     = "OFF"

  validation {
    condition     = contains(["OFF", "AUDIT", "ENFORCED"], var.auth_threat_protection_mode)
    error_message = "auth_threat_protection_mode must be OFF, AUDIT or ENFORCED."
  }
}

variable "auth_deletion_protection" {
  description = "Refuse to delete the user pool (and every account in it) until this is turned off."
  type        = bool
  default     = true
}

variable "auth_password_minimum_length" {
  description = "Shortest password the user pool accepts (8 to 99); lower, upper case and digits are always required."
  type        = number
  default     = 12

  validation {
    condition     = var.auth_password_minimum_length >= 8 && var.auth_password_minimum_length <= 99 && floor(var.auth_password_minimum_length) == var.auth_password_minimum_length
    error_message = "auth_password_minimum_length must be a whole number from 8 to 99."
  }
}

variable "auth_access_token_validity_minutes" {
  description = "Minutes an access token is valid (5 to 1440)."
  type        = number
  default     = 60

  validation {
    condition     = var.auth_access_token_validity_minutes >= 5 && var.auth_access_token_validity_minutes <= 1440 && floor(var.auth_access_token_validity_minutes) == var.auth_access_token_validity_minutes
    error_message = "auth_access_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "auth_id_token_validity_minutes" {
  description = "Minutes an ID token is valid (5 to 1440)."
  type        = number
  default     = 60

  validation {
    condition     = var.auth_id_token_validity_minutes >= 5 && var.auth_id_token_validity_minutes <= 1440 && floor(var.auth_id_token_validity_minutes) == var.auth_id_token_validity_minutes
    error_message = "auth_id_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "auth_refresh_token_validity_days" {
  description = "Days a refresh token is valid (1 to 3650): how long a user stays signed in."
  type        = number
  default     = 30

  validation {
    condition     = var.auth_refresh_token_validity_days >= 1 && var.auth_refresh_token_validity_days <= 3650 && floor(var.auth_refresh_token_validity_days) == var.auth_refresh_token_validity_days
    error_message = "auth_refresh_token_validity_days must be a whole number from 1 to 3650."
  }
}

variable "auth_callback_urls" {
  description = "URLs the Cognito hosted UI may return to after sign-in (https, or http://localhost). Empty: no hosted UI; the web client signs in against the Cognito API directly."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.auth_callback_urls : can(regex("^https://[^\\s#*]+$", url)) || can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url))])
    error_message = "Every auth_callback_urls entry must be an https:// URL (or http://localhost) without wildcards or a fragment."
  }
}

variable "auth_logout_urls" {
  description = "URLs the Cognito hosted UI may return to after sign-out (https, or http://localhost); needs auth_callback_urls."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.auth_logout_urls : can(regex("^https://[^\\s#*]+$", url)) || can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url))])
    error_message = "Every auth_logout_urls entry must be an https:// URL (or http://localhost) without wildcards or a fragment."
  }
}

variable "auth_domain_prefix" {
  description = "Prefix of the Cognito hosted UI domain (`<prefix>.auth.<region>.amazoncognito.com`), unique in the Region. Null for no hosted UI."
  type        = string
  default     = null
}

################################################################################
# Delivery (CloudFront)
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

variable "waf_share_rate_limit" {
  description = "Requests one client IP may make to the share-link routes (URI path starting with `/api/shared`) in 5 minutes before the web ACL answers 429, counted apart from cdn_waf_rate_limit. From 10 (the least AWS WAF accepts) to cdn_waf_rate_limit. Only where cdn_waf_enabled."
  type        = number
  default     = 300

  validation {
    condition     = var.waf_share_rate_limit >= 10 && floor(var.waf_share_rate_limit) == var.waf_share_rate_limit && var.waf_share_rate_limit <= var.cdn_waf_rate_limit
    error_message = "waf_share_rate_limit must be a whole number from 10 (AWS WAF's lowest rate limit) to cdn_waf_rate_limit (${var.cdn_waf_rate_limit})."
  }
}

variable "cdn_domain_names" {
  description = "Custom domain names of the distribution (such as `photos.example.com`). Empty (dev only): the web client is served from its `*.cloudfront.net` name, whose certificate CloudFront serves with TLSv1 allowed, which makes HSTS preload meaningless. Needs cdn_acm_certificate_arn or cdn_route53_zone_id."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.environment == "dev" || (length(var.cdn_domain_names) > 0 && (var.cdn_acm_certificate_arn != null || var.cdn_route53_zone_id != null))
    error_message = "${var.environment} must be served on its own domain: set cdn_domain_names (such as [\"photos.example.com\"]) and its certificate, cdn_acm_certificate_arn (an issued ACM certificate in us-east-1) or cdn_route53_zone_id (the module requests and validates one), in environments/${var.environment}.tfvars. On *.cloudfront.net CloudFront allows TLSv1 and HSTS preload means nothing."
  }
}

variable "cdn_acm_certificate_arn" {
  description = "ARN of an issued ACM certificate in us-east-1 for cdn_domain_names. Null: with cdn_domain_names, one is requested and DNS-validated in cdn_route53_zone_id."
  type        = string
  default     = null
}

variable "cdn_minimum_protocol_version" {
  description = "Oldest TLS security policy the distribution accepts from viewers on its custom domain: `TLSv1.2_2019`, `TLSv1.2_2021`, `TLSv1.2_2025` or `TLSv1.3_2025`; outside dev, `TLSv1.2_2021` or stricter. Without cdn_domain_names (dev) CloudFront allows TLSv1 whatever this says."
  type        = string
  default     = "TLSv1.2_2021"
  nullable    = false

  validation {
    condition     = contains(["TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"], var.cdn_minimum_protocol_version)
    error_message = "cdn_minimum_protocol_version must be TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025."
  }

  validation {
    condition     = var.environment == "dev" || contains(["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"], var.cdn_minimum_protocol_version)
    error_message = "${var.environment} needs cdn_minimum_protocol_version TLSv1.2_2021 or stricter (TLSv1.2_2025, TLSv1.3_2025)."
  }
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

variable "cdn_create_cache_policies" {
  description = "Create the distribution's own cache policies (the cdn module's `create_cache_policies`). Keep true in every environment; only the apply rehearsal on moto (`make rehearse`, terraform/rehearsal/moto.tfvars) sets it false, because moto cannot create cache policies."
  type        = bool
  default     = true
  nullable    = false
}

variable "cdn_create_response_headers_policy" {
  description = "Create the distribution's security headers policy (the cdn module's `create_response_headers_policy`). Keep true in every environment; only the apply rehearsal on moto sets it false, because moto cannot create response headers policies."
  type        = bool
  default     = true
  nullable    = false
}

variable "cdn_create_spa_function" {
  description = "Create and publish the single-page-app routing function (the cdn module's `create_spa_function`). Keep true in every environment; only the apply rehearsal on moto sets it false, because moto cannot publish CloudFront functions."
  type        = bool
  default     = true
  nullable    = false
}

variable "aws_s3_use_path_style" {
  description = "Address S3 buckets by path (`https://<endpoint>/<bucket>`) instead of by host name: the AWS provider's `s3_use_path_style`. Keep false in every environment; only the apply rehearsal sets it, because moto on a loopback address has no bucket host names."
  type        = bool
  default     = false
  nullable    = false
}

variable "media_signing_public_keys" {
  description = "PEM public keys trusted to sign media URLs, by label (one, or two during a rotation; the private halves are in SSM). Null reads environments/<workspace>.media-signing-key.pub.pem (label `initial`) and every environments/<workspace>.media-signing-key.<label>.pub.pem, which `make signing-key ENV=<env>` writes."
  type        = map(string)
  default     = null

  validation {
    condition     = var.media_signing_public_keys == null || alltrue([for pem in values(coalesce(var.media_signing_public_keys, {})) : can(regex("^-----BEGIN PUBLIC KEY-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END PUBLIC KEY-----\\s*$", pem))])
    error_message = "Every media_signing_public_keys value must be one PEM public key (`-----BEGIN PUBLIC KEY-----` ... `-----END PUBLIC KEY-----`); null reads environments/<workspace>.media-signing-key[.<label>].pub.pem."
  }
}

################################################################################
# Fargate processors (video)
################################################################################

variable "worker_image_tag" {
  description = "Tag of the Fargate workers' image to run: the git commit (7 to 40 lower-case hex digits) that `make image ENV=<env>` built and pushed to each worker's ECR repository. Tags are immutable, so this names exactly one image; `latest` and other moving tags are refused."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{7,40}$", var.worker_image_tag))
    error_message = "worker_image_tag must be the git commit `make image` pushed: 7 to 40 lower-case hexadecimal digits (not `latest` or another moving tag)."
  }
}

variable "create_ecs_service_linked_role" {
  description = "Create the ECS service-linked role (`AWSServiceRoleForECS`) before the Fargate workers' clusters and services, which need it: a fresh account may not have it yet. Set false when the account already has it (`aws iam get-role --role-name AWSServiceRoleForECS` succeeds): an account holds one, and creating it a second time fails."
  type        = bool
  default     = true
  nullable    = false
}

variable "worker_max_tasks" {
  description = "Upper bound on every Fargate worker's task count in this environment (1 to 1000): each service scales between 0 and the smaller of this and the registry's `maxConcurrency`. Null uses the registry's values."
  type        = number
  default     = null

  validation {
    condition     = var.worker_max_tasks == null || try(var.worker_max_tasks >= 1 && var.worker_max_tasks <= 1000 && floor(var.worker_max_tasks) == var.worker_max_tasks, false)
    error_message = "worker_max_tasks must be a whole number from 1 to 1000, or null."
  }
}

variable "worker_log_retention_days" {
  description = "Days the Fargate workers' log groups keep log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.worker_log_retention_days)
    error_message = "worker_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "video_max_bytes" {
  description = "Largest video original, in bytes: the API issues no upload above it (413) and video-transcode rejects a larger file before downloading it; the tasks' ephemeral storage is sized from it. One value for both, so they cannot disagree. 1048576 (1 MiB) to 5368709120 (5 GiB, S3's largest single POST)."
  type        = number
  default     = 5368709120

  validation {
    condition     = var.video_max_bytes >= 1048576 && var.video_max_bytes <= 5368709120 && floor(var.video_max_bytes) == var.video_max_bytes
    error_message = "video_max_bytes must be a whole number of bytes from 1048576 (1 MiB) to 5368709120 (5 GiB)."
  }
}

variable "network_cidr" {
  description = "IPv4 range of the workers' VPC: a private block from /16 to /24, not overlapping any network it may one day be peered with."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.network_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+/(1[6-9]|2[0-4])$", var.network_cidr))
    error_message = "network_cidr must be a private IPv4 CIDR block (10/8, 172.16/12 or 192.168/16) from /16 to /24."
  }
}

variable "network_az_count" {
  description = "Availability Zones the workers' private subnets span (1 to 6). More zones give Fargate Spot more capacity pools and survive a zone outage; with `network_egress = \"vpc_endpoints\"` each zone adds one hourly charge per interface endpoint."
  type        = number
  default     = 2

  validation {
    condition     = var.network_az_count >= 1 && var.network_az_count <= 6 && floor(var.network_az_count) == var.network_az_count
    error_message = "network_az_count must be a whole number from 1 to 6."
  }
}

variable "network_egress" {
  description = "How the workers reach the AWS APIs: `vpc_endpoints` (interface endpoints, no internet route) or `nat` (one NAT gateway). S3 and DynamoDB use free gateway endpoints either way. See modules/network/README.md for the cost of each."
  type        = string
  default     = "vpc_endpoints"

  validation {
    condition     = contains(["vpc_endpoints", "nat"], var.network_egress)
    error_message = "network_egress must be vpc_endpoints or nat."
  }
}

################################################################################
# Observability
################################################################################

variable "queue_max_age_seconds" {
  description = <<-EOT
    Age of a processor queue's oldest message above which its alarm fires, by where the processor runs.

    - `lambda` - (Optional) Lambda processors finish a message in seconds; a backlog this old means they are throttled, capped or failing. Defaults to `900`.
    - `fargate` - (Optional) The Fargate worker starts from zero tasks and transcodes for minutes. Defaults to `3600`.
  EOT
  type = object({
    lambda  = optional(number, 900)
    fargate = optional(number, 3600)
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for age in [var.queue_max_age_seconds.lambda, var.queue_max_age_seconds.fargate] : age >= 60 && age <= 1209600])
    error_message = "queue_max_age_seconds.lambda and .fargate must be from 60 to 1209600 seconds."
  }
}

variable "api_5xx_rate_threshold_percent" {
  description = "The API alarm fires when more than this percentage (0 to 100) of requests end in 5xx in 3 of 5 minutes (minutes under 20 requests ignored)."
  type        = number
  default     = 1

  validation {
    condition     = var.api_5xx_rate_threshold_percent >= 0 && var.api_5xx_rate_threshold_percent <= 100
    error_message = "api_5xx_rate_threshold_percent must be from 0 to 100."
  }
}

variable "origin_verify_version" {
  description = "Generation of the secret CloudFront sends to the API in `x-origin-verify` (delivery.tf). Raise it to rotate the secret: both sides change in one apply, and API requests answer 403 until CloudFront has deployed."
  type        = number
  default     = 1

  validation {
    condition     = var.origin_verify_version >= 1 && floor(var.origin_verify_version) == var.origin_verify_version
    error_message = "origin_verify_version must be a whole number, 1 or more."
  }
}
