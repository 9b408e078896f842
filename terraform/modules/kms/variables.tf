variable "alias" {
  description = "Name of the key alias, without the `alias/` prefix (for example `photo-album-dev`). The same alias is created next to every replica key."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "aws/") && !startswith(var.alias, "alias/")
    error_message = "alias must be 1-250 characters of letters, digits, '/', '_' or '-', without the `alias/` prefix, and must not start with `aws/` (reserved for AWS managed keys)."
  }
}

variable "description" {
  description = "Description of the key, shown in the KMS console."
  type        = string
  default     = "Customer managed key for the photo album environment"
}

variable "deletion_window_in_days" {
  description = "Days KMS waits before deleting the key after it is scheduled for deletion (7 to 30). Nothing encrypted with it can be read once it is gone."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30 && floor(var.deletion_window_in_days) == var.deletion_window_in_days
    error_message = "deletion_window_in_days must be a whole number from 7 to 30."
  }
}

variable "rotation_period_in_days" {
  description = "Days between automatic rotations of the key material (90 to 2560). Rotation is always on."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560 && floor(var.rotation_period_in_days) == var.rotation_period_in_days
    error_message = "rotation_period_in_days must be a whole number from 90 to 2560."
  }
}

variable "multi_region" {
  description = "Create a multi-Region primary key, so that replicas in other Regions share its key material (needed to encrypt DynamoDB global table replicas with the same key). Changing it replaces the key, so decide before the first apply."
  type        = bool
  default     = false
}

variable "replica_regions" {
  description = "Regions in which to create a replica of the key (with the same alias and policy). Requires `multi_region = true`; must not contain the key's own Region."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for region in var.replica_regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", region))])
    error_message = "Every entry of replica_regions must be a Region name such as `us-west-2`."
  }

  validation {
    condition     = length(var.replica_regions) == length(distinct(var.replica_regions))
    error_message = "replica_regions must not repeat a Region."
  }

  validation {
    condition     = length(var.replica_regions) == 0 || var.multi_region
    error_message = "replica_regions needs multi_region = true: only multi-Region keys can be replicated."
  }
}

variable "service_principals" {
  description = "AWS service principals (such as `s3.amazonaws.com`, `sns.amazonaws.com`, `cloudwatch.amazonaws.com`) allowed to call kms:GenerateDataKey* and kms:Decrypt with this key on behalf of resources in this account, so that they can publish to and deliver into encrypted SNS topics and SQS queues."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for principal in var.service_principals : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", principal))])
    error_message = "Every entry of service_principals must be a service principal such as `sns.amazonaws.com`."
  }
}

variable "cloudfront_distribution_arns" {
  description = "ARNs (or ArnLike patterns) of the CloudFront distributions that may decrypt objects read through Origin Access Control."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.cloudfront_distribution_arns : can(regex("^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Za-z0-9*]+$", arn))])
    error_message = "Each entry must be a CloudFront distribution ARN, arn:<partition>:cloudfront::<account>:distribution/<id or *>."
  }
}

variable "log_group_names" {
  description = "CloudWatch Logs log groups in the key's Region that may be encrypted with it: names, or patterns with `*` (such as `/aws/lambda/photo-album-dev-*`). Empty for none."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.log_group_names : can(regex("^[A-Za-z0-9_/.#*-]{1,512}$", name))])
    error_message = "Every log_group_names entry must be a log group name or pattern: 1 to 512 letters, digits, `_`, `-`, `/`, `.`, `#` or `*`."
  }
}

variable "tags" {
  description = "Tags added to the key and its replicas, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
