variable "name" {
  description = "Name of the queue (a processor's or a job's); its dead-letter queue is `<name>-dlq`. 1 to 76 letters, digits, hyphens or underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name))
    error_message = "name must be 1 to 76 letters, digits, hyphens or underscores (SQS allows 80 characters, and `-dlq` is added for the dead-letter queue)."
  }
}

variable "create_subscription" {
  description = "Whether to subscribe the queue to `topic_arn` (with the queue policy that lets the topic send). False for a queue that only our own code sends to (a job's queue): no subscription and no queue policy, so only IAM principals of this account that are allowed sqs:SendMessage can send. A flag rather than topic_arn being null, because the topic's ARN is unknown until the topic exists and a resource count must be known when the first apply is planned."
  type        = bool
  default     = true
  nullable    = false
}

variable "topic_arn" {
  description = "ARN of the SNS topic the queue subscribes to, with raw message delivery: every message body is the S3 event notification itself. Required with `create_subscription` (the default); null otherwise."
  type        = string
  default     = null

  validation {
    condition     = var.topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", coalesce(var.topic_arn, "-")))
    error_message = "topic_arn must be the ARN of a standard SNS topic, or null."
  }

  validation {
    condition     = (var.topic_arn != null) == var.create_subscription
    error_message = "Set topic_arn exactly when create_subscription is true (a queue without a topic needs create_subscription = false)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts both queues. With `topic_arn`, its key policy must let `sns.amazonaws.com` call kms:GenerateDataKey* and kms:Decrypt, or SNS cannot deliver; senders and consumers need kms:GenerateDataKey and kms:Decrypt through SQS in their own policies."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "Seconds SQS may reuse a data key before asking KMS for a new one (60 to 86400). Longer means fewer KMS calls."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "kms_data_key_reuse_period_seconds must be from 60 to 86400."
  }
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays hidden from other consumers (0 to 43200). For a Lambda consumer, at least six times the function's timeout."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number from 0 to 43200."
  }

  validation {
    condition     = var.lambda_timeout_seconds == null || var.visibility_timeout_seconds >= 6 * coalesce(var.lambda_timeout_seconds, 0)
    error_message = "visibility_timeout_seconds must be at least six times lambda_timeout_seconds, or messages reappear while the function still works on them."
  }
}

variable "lambda_timeout_seconds" {
  description = "Timeout of the Lambda function that consumes the queue, used only to check visibility_timeout_seconds and max_receive_count against it. Null when the consumer is not a Lambda function."
  type        = number
  default     = null

  validation {
    condition     = var.lambda_timeout_seconds == null || try(var.lambda_timeout_seconds >= 1 && var.lambda_timeout_seconds <= 900, false)
    error_message = "lambda_timeout_seconds must be from 1 to 900 (the Lambda maximum), or null."
  }
}

variable "message_retention_seconds" {
  description = "Seconds the queue keeps an unprocessed message (60 to 1209600). Must not exceed the dead-letter queue's retention, which counts from the original enqueue time."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be from 60 to 1209600 (14 days)."
  }

  validation {
    condition     = var.message_retention_seconds <= var.dlq_message_retention_seconds
    error_message = "message_retention_seconds must not exceed dlq_message_retention_seconds, or moved messages expire in the dead-letter queue early."
  }
}

variable "dlq_message_retention_seconds" {
  description = "Seconds the dead-letter queue keeps a failed message (60 to 1209600). Defaults to the maximum, 14 days, to leave time to investigate and redrive."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be from 60 to 1209600 (14 days)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-polling wait of a ReceiveMessage call, in seconds (0 to 20)."
  type        = number
  default     = 20

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20
    error_message = "receive_wait_time_seconds must be from 0 to 20."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue (the registry's receiveLimit). At least 5 for a Lambda consumer, so that throttled polls do not send good messages to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }

  validation {
    condition     = var.lambda_timeout_seconds == null || var.max_receive_count >= 5
    error_message = "max_receive_count must be at least 5 when a Lambda function consumes the queue."
  }
}

variable "alarm_actions" {
  description = "ARNs notified when the dead-letter queue alarm fires and when it recovers (usually an SNS topic)."
  type        = list(string)
  default     = []
}

variable "dlq_alarm_period_seconds" {
  description = "Period of the dead-letter queue alarm, in seconds (60 or a multiple of 60). The alarm fires when any message is visible in the dead-letter queue during one period."
  type        = number
  default     = 60

  validation {
    condition     = var.dlq_alarm_period_seconds >= 60 && var.dlq_alarm_period_seconds % 60 == 0
    error_message = "dlq_alarm_period_seconds must be 60 or a multiple of 60."
  }
}

variable "tags" {
  description = "Tags added to the queues and the alarm, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
