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
  description = "Let `terraform destroy` delete the media buckets while they still hold objects. Only for throw-away environments."
  type        = bool
  default     = false
}

variable "originals_noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted original is kept as a noncurrent version before it is deleted for good."
  type        = number
  default     = 30

  validation {
    condition     = var.originals_noncurrent_version_expiration_days >= 1
    error_message = "originals_noncurrent_version_expiration_days must be 1 or more."
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
}

variable "alarm_actions" {
  description = "Extra ARNs (for example an incident tool's SNS topic) notified by every alarm, besides the environment's alarm topic."
  type        = list(string)
  default     = []
}

################################################################################
# Lambda processors
################################################################################

variable "processor_log_retention_days" {
  description = "Days the Lambda processors' log groups keep log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.processor_log_retention_days)
    error_message = "processor_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "processor_log_level" {
  description = "Log level of the Lambda processors (Powertools Logger and Lambda's application log filter): `DEBUG`, `INFO`, `WARN` or `ERROR`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.processor_log_level)
    error_message = "processor_log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "processor_max_concurrency" {
  description = "Upper bound on every Lambda processor's maximum concurrency in this environment (2 to 1000): each event source mapping gets the smaller of this and the registry's `maxConcurrency`. Null uses the registry's values."
  type        = number
  default     = null

  validation {
    condition     = var.processor_max_concurrency == null || try(var.processor_max_concurrency >= 2 && var.processor_max_concurrency <= 1000 && floor(var.processor_max_concurrency) == var.processor_max_concurrency, false)
    error_message = "processor_max_concurrency must be a whole number from 2 to 1000 (the range SQS event source mappings accept), or null."
  }
}

variable "processor_xray_tracing" {
  description = "Record an X-Ray trace of every Lambda processor invocation (tracing mode `Active`, billed per trace). Off, the functions only pass trace headers through."
  type        = bool
  default     = false
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

variable "image_max_input_bytes" {
  description = "image-variants: largest original, in bytes, it downloads; larger files are rejected as too large. At least 1024."
  type        = number
  default     = 52428800

  validation {
    condition     = var.image_max_input_bytes >= 1024 && floor(var.image_max_input_bytes) == var.image_max_input_bytes
    error_message = "image_max_input_bytes must be a whole number of bytes, at least 1024."
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

variable "labels_max" {
  description = "image-labels: most labels kept per photo (1 to 1000)."
  type        = number
  default     = 20

  validation {
    condition     = var.labels_max >= 1 && var.labels_max <= 1000 && floor(var.labels_max) == var.labels_max
    error_message = "labels_max must be a whole number from 1 to 1000."
  }
}
