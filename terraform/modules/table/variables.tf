variable "name" {
  description = "Name of the table, unique in the account and Region: 3 to 255 letters, digits, underscores, hyphens and dots. Changing it replaces the table."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3 to 255 letters, digits, underscores (_), hyphens (-) and dots (.)."
  }
}

variable "hash_key" {
  description = "Attribute used as the partition key; it must be listed in `attributes`. Changing it replaces the table."
  type        = string
}

variable "range_key" {
  description = "Attribute used as the sort key, listed in `attributes`, or null for none. Changing it replaces the table."
  type        = string
  default     = null
}

variable "attributes" {
  description = <<-EOT
    Every attribute used as a key of the table or of an index, and only those (DynamoDB is schemaless for the rest).

    - `name` - (Required) Attribute name.
    - `type` - (Required) `S` (string), `N` (number) or `B` (binary).
  EOT
  type = list(object({
    name = string
    type = string
  }))

  validation {
    condition     = alltrue([for attribute in var.attributes : contains(["S", "N", "B"], attribute.type)])
    error_message = "Every attribute's type must be S, N or B."
  }

  validation {
    condition     = length(var.attributes) == length(distinct([for attribute in var.attributes : attribute.name]))
    error_message = "attributes must not name an attribute twice."
  }

  validation {
    condition     = contains([for attribute in var.attributes : attribute.name], var.hash_key) && (var.range_key == null || contains([for attribute in var.attributes : attribute.name], coalesce(var.range_key, var.hash_key)))
    error_message = "hash_key and range_key must be listed in attributes."
  }
}

variable "global_secondary_indexes" {
  description = <<-EOT
    Global secondary indexes, on-demand like the table.

    - `name` - (Required) Index name.
    - `hash_key` - (Required) Partition key attribute, listed in `attributes`.
    - `range_key` - (Optional) Sort key attribute, listed in `attributes`.
    - `projection_type` - (Optional) `ALL`, `KEYS_ONLY` or `INCLUDE`. Defaults to `ALL`.
    - `non_key_attributes` - (Optional) With `INCLUDE` only: the other attributes copied into the index.
  EOT
  type = list(object({
    name               = string
    hash_key           = string
    range_key          = optional(string)
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string), [])
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for index in var.global_secondary_indexes : contains(["ALL", "KEYS_ONLY", "INCLUDE"], index.projection_type) && (index.projection_type == "INCLUDE") == (length(index.non_key_attributes) > 0)])
    error_message = "Every index's projection_type must be ALL, KEYS_ONLY or INCLUDE, and non_key_attributes are required with INCLUDE and allowed only with it."
  }

  validation {
    condition     = length(var.global_secondary_indexes) == length(distinct([for index in var.global_secondary_indexes : index.name]))
    error_message = "global_secondary_indexes must have unique names."
  }

  validation {
    condition = alltrue([
      for index in var.global_secondary_indexes : alltrue([
        for key in compact([index.hash_key, index.range_key]) : contains([for attribute in var.attributes : attribute.name], key)
      ])
    ])
    error_message = "Every index's hash_key and range_key must be listed in attributes."
  }
}

variable "ttl_attribute_name" {
  description = "Attribute holding an item's expiry time (epoch seconds); DynamoDB deletes expired items. Null turns TTL off."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the table in its own Region."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "point_in_time_recovery_enabled" {
  description = "Continuous backups of the table, restorable to any second of the last 35 days."
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Refuse to delete the table (and, unless a replica says otherwise, its replicas) until this is turned off."
  type        = bool
  default     = true
}

variable "stream_view_type" {
  description = "What the table's stream records: `NEW_AND_OLD_IMAGES` (required by global tables), `NEW_IMAGE`, `OLD_IMAGE` or `KEYS_ONLY`. Null turns the stream off."
  type        = string
  default     = "NEW_AND_OLD_IMAGES"

  validation {
    condition     = var.stream_view_type == null || contains(["NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"], coalesce(var.stream_view_type, "NEW_AND_OLD_IMAGES"))
    error_message = "stream_view_type must be NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY or null."
  }
}

variable "replicas" {
  description = <<-EOT
    Replicas of the table in other Regions, making it a global table (version 2019.11.21). Concurrent writes to one item in two Regions resolve by last writer wins.

    - `region_name` - (Required) Region of the replica; not the table's own Region.
    - `kms_key_arn` - (Optional) KMS key in that Region that encrypts the replica (for example a replica of a multi-Region key). Defaults to the AWS managed key `alias/aws/dynamodb`. Changing it replaces the replica.
    - `point_in_time_recovery` - (Optional) Continuous backups of the replica. Defaults to `true`.
    - `deletion_protection_enabled` - (Optional) Defaults to the table's `deletion_protection_enabled`.
    - `propagate_tags` - (Optional) Copy the table's tags to the replica. Defaults to `true`.
  EOT
  type = list(object({
    region_name                 = string
    kms_key_arn                 = optional(string)
    point_in_time_recovery      = optional(bool, true)
    deletion_protection_enabled = optional(bool)
    propagate_tags              = optional(bool, true)
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(var.replicas) == length(distinct([for replica in var.replicas : replica.region_name]))
    error_message = "replicas must not name a Region twice."
  }

  validation {
    condition     = alltrue([for replica in var.replicas : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", replica.region_name))])
    error_message = "Every replica's region_name must be a Region name such as `us-west-2`."
  }

  validation {
    condition     = length(var.replicas) == 0 || var.stream_view_type == "NEW_AND_OLD_IMAGES"
    error_message = "Global tables replicate through the stream: replicas need stream_view_type = \"NEW_AND_OLD_IMAGES\"."
  }
}

variable "tags" {
  description = "Tags added to the table, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
