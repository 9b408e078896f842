variable "bucket" {
  description = "Name of the bucket, globally unique: 3 to 58 lower-case letters, digits and hyphens (the access-log bucket adds `-logs`). No dots, so that virtual-hosted HTTPS and Transfer Acceleration work."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,56}[a-z0-9]$", var.bucket)) && !startswith(var.bucket, "xn--") && !endswith(var.bucket, "-s3alias")
    error_message = "bucket must be 3 to 58 characters of lower-case letters, digits and hyphens, start and end with a letter or digit, and not start with `xn--` or end with `-s3alias`."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts every object by default (SSE-KMS with an S3 Bucket Key)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>), not an alias or a key ID."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the bucket (and its access-log bucket) even when it still holds objects. For throw-away environments only."
  type        = bool
  default     = false
}

variable "versioning" {
  description = <<-EOT
    Object versioning, which keeps overwritten and deleted objects as noncurrent versions.

    - `enabled` - (Optional) Keep noncurrent versions. Defaults to `false`.
    - `noncurrent_version_expiration_days` - (Optional) Days after which a noncurrent version is deleted for good (1 or more). Defaults to `30`.
  EOT
  type = object({
    enabled                            = optional(bool, false)
    noncurrent_version_expiration_days = optional(number, 30)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.versioning.noncurrent_version_expiration_days >= 1 && floor(var.versioning.noncurrent_version_expiration_days) == var.versioning.noncurrent_version_expiration_days
    error_message = "versioning.noncurrent_version_expiration_days must be a whole number of days, 1 or more."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which S3 aborts a multipart upload that was never completed and deletes its parts."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "abort_incomplete_multipart_upload_days must be a whole number of days, 1 or more."
  }
}

variable "cors_rules" {
  description = <<-EOT
    CORS rules, for example to let a browser POST or PUT straight to the bucket with a presigned request. Empty for no CORS configuration.

    - `allowed_methods` - (Required) Any of `GET`, `PUT`, `POST`, `DELETE` and `HEAD`.
    - `allowed_origins` - (Required) Origins such as `https://app.example.com`; at most one `*` wildcard each.
    - `allowed_headers` - (Optional) Request headers the browser may send. Defaults to `["*"]`.
    - `expose_headers` - (Optional) Response headers the browser may read. Defaults to `["ETag"]`.
    - `max_age_seconds` - (Optional) Seconds a browser may cache the preflight response. Defaults to `3000`.
  EOT
  type = list(object({
    allowed_methods = list(string)
    allowed_origins = list(string)
    allowed_headers = optional(list(string), ["*"])
    expose_headers  = optional(list(string), ["ETag"])
    max_age_seconds = optional(number, 3000)
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for rule in var.cors_rules : length(rule.allowed_methods) > 0 && alltrue([for method in rule.allowed_methods : contains(["GET", "PUT", "POST", "DELETE", "HEAD"], method)])])
    error_message = "Every cors_rules entry needs allowed_methods, each one of GET, PUT, POST, DELETE or HEAD."
  }

  validation {
    condition     = alltrue([for rule in var.cors_rules : length(rule.allowed_origins) > 0 && alltrue([for origin in rule.allowed_origins : origin == "*" || can(regex("^https?://[^/]+$", origin))])])
    error_message = "Every cors_rules entry needs allowed_origins, each `*` or a scheme and host without a path, such as `https://app.example.com`."
  }
}

variable "policy_statements" {
  description = <<-EOT
    Extra statements for the bucket policy, added after the statements that deny requests without TLS 1.2 (for example CloudFront Origin Access Control reading objects).

    - `sid` - (Required) Statement ID, unique in the policy.
    - `effect` - (Optional) `Allow` or `Deny`. Defaults to `Allow`.
    - `actions` - (Required) S3 actions, such as `s3:GetObject`.
    - `resources` - (Optional) ARNs the statement applies to. Defaults to every object of the bucket (`<bucket ARN>/*`).
    - `principals` - (Required) Each with a `type` (`AWS`, `Service`, ...) and its `identifiers`.
    - `conditions` - (Optional) Each with a `test`, a `variable` and its `values`.
  EOT
  type = list(object({
    sid       = string
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = optional(list(string))
    principals = list(object({
      type        = string
      identifiers = list(string)
    }))
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for statement in var.policy_statements : contains(["Allow", "Deny"], statement.effect)])
    error_message = "Every policy_statements entry's effect must be `Allow` or `Deny`."
  }

  validation {
    condition     = length(var.policy_statements) == length(distinct([for statement in var.policy_statements : statement.sid]))
    error_message = "policy_statements must have unique sids."
  }

  validation {
    condition     = alltrue([for statement in var.policy_statements : statement.effect == "Deny" || alltrue([for principal in statement.principals : !contains(principal.identifiers, "*")])])
    error_message = "An Allow statement must not name the `*` principal: the bucket stays private."
  }
}

variable "access_logging" {
  description = <<-EOT
    S3 server access logging into a dedicated log bucket, `<bucket>-logs`, created next to this one (SSE-S3, since log delivery cannot use SSE-KMS).

    - `enabled` - (Optional) Create the log bucket and log to it. Defaults to `true`.
    - `expiration_days` - (Optional) Days after which a log object is deleted. Defaults to `90`.
  EOT
  type = object({
    enabled         = optional(bool, true)
    expiration_days = optional(number, 90)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.access_logging.expiration_days >= 1 && floor(var.access_logging.expiration_days) == var.access_logging.expiration_days
    error_message = "access_logging.expiration_days must be a whole number of days, 1 or more."
  }
}

variable "transfer_acceleration_enabled" {
  description = "Turn on S3 Transfer Acceleration, so that far-away clients upload through the nearest CloudFront edge (extra charge per GB accelerated)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to the bucket and its log bucket, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
