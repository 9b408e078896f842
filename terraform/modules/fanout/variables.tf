variable "bucket" {
  description = "Name of the bucket whose events fan out. This module owns the bucket's whole notification configuration: S3 keeps one per bucket, so no other notification may be declared for it."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "bucket must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the topics. Its key policy must let `s3.amazonaws.com` (to publish) and `sns.amazonaws.com` (to deliver to encrypted queues) call kms:GenerateDataKey* and kms:Decrypt."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "topics" {
  description = <<-EOT
    One standard SNS topic per entry, keyed by a short ID (for example `image` or `derived-web`), each fed by the bucket's events for the keys its filter matches.

    - `name` - (Required) Name of the topic, unique in the account and Region.
    - `filter_prefix` - (Required) Object key prefix, such as `originals/image/`.
    - `filter_suffix` - (Optional) Object key suffix, such as `/web.jpg`. Defaults to none.
    - `events` - (Optional) S3 event types. Defaults to `["s3:ObjectCreated:*"]`.

    S3 rejects two filters that could match the same key for the same event type, so neither prefixes nor suffixes of two entries may overlap for overlapping events.
  EOT
  type = map(object({
    name          = string
    filter_prefix = string
    filter_suffix = optional(string, "")
    events        = optional(list(string), ["s3:ObjectCreated:*"])
  }))

  validation {
    condition     = length(var.topics) > 0
    error_message = "topics must contain at least one topic."
  }

  validation {
    condition     = alltrue([for topic in values(var.topics) : can(regex("^[A-Za-z0-9_-]{1,256}$", topic.name))])
    error_message = "Every topic name must be 1 to 256 letters, digits, hyphens or underscores (standard topics only, no `.fifo`)."
  }

  validation {
    condition     = alltrue([for topic in values(var.topics) : length(topic.events) > 0 && alltrue([for event in topic.events : startswith(event, "s3:")])])
    error_message = "Every topic needs at least one event, each an S3 event type such as `s3:ObjectCreated:*`."
  }

  validation {
    condition = alltrue(flatten([
      for a_id, a in var.topics : [
        for b_id, b in var.topics : a_id == b_id || !(
          (startswith(a.filter_prefix, b.filter_prefix) || startswith(b.filter_prefix, a.filter_prefix)) &&
          (endswith(a.filter_suffix, b.filter_suffix) || endswith(b.filter_suffix, a.filter_suffix)) &&
          anytrue(flatten([
            for a_event in a.events : [
              for b_event in b.events : a_event == b_event ||
              (endswith(a_event, "*") && startswith(b_event, trimsuffix(a_event, "*"))) ||
              (endswith(b_event, "*") && startswith(a_event, trimsuffix(b_event, "*")))
            ]
          ]))
        )
      ]
    ]))
    error_message = "Two topics have overlapping filters (one prefix starts the other and one suffix ends the other) for overlapping events; S3 would reject the notification configuration."
  }
}

variable "tags" {
  description = "Tags added to the topics, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
