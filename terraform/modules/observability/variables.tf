variable "name" {
  description = "Prefix of the dashboard's and the API alarm's names (such as `photo-album-prod`): the dashboard is `<name>-pipeline`. 2 to 60 letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{2,60}$", var.name))
    error_message = "name must be 2 to 60 letters, digits, hyphens and underscores."
  }
}

variable "alarm_actions" {
  description = "ARNs (usually the environment's alarm SNS topic) notified when an alarm of this module fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false
}

################################################################################
# What exists
################################################################################

variable "queues" {
  description = <<-EOT
    The processors' queues, by processor name. Each gets an alarm on the age of its oldest message and a line on the dashboard's throughput, depth and age widgets.

    - `queue_name` - (Required) Name of the processor's queue.
    - `dlq_name` - (Required) Name of its dead-letter queue (drawn on the failures widget; the `processor-queue` module already alarms on it).
    - `max_age_seconds` - (Optional) The alarm fires when the oldest message has waited longer than this (60 to 1209600): work is arriving faster than it is done, or the consumer is stuck. Defaults to `900`.
  EOT
  type = map(object({
    queue_name      = string
    dlq_name        = string
    max_age_seconds = optional(number, 900)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for queue in values(var.queues) : can(regex("^[A-Za-z0-9_-]{1,80}$", queue.queue_name)) && can(regex("^[A-Za-z0-9_-]{1,80}$", queue.dlq_name))])
    error_message = "Every queues entry needs queue_name and dlq_name of 1 to 80 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for queue in values(var.queues) : queue.max_age_seconds >= 60 && queue.max_age_seconds <= 1209600])
    error_message = "Every queues entry's max_age_seconds must be from 60 to 1209600 (the longest an SQS message lives)."
  }
}

variable "functions" {
  description = <<-EOT
    Lambda functions of the pipeline, by a short name (the processor's name, `api`): invocations, errors and throttles on the dashboard.

    - `function_name` - (Required) Name of the function.
    - `throttle_alarm` - (Optional) Alarm when the function is throttled at all. Set it to `false` for functions whose module already alarms on throttles (the `lambda-processor` module's errors-or-throttles alarm). Defaults to `true`.
  EOT
  type = map(object({
    function_name  = string
    throttle_alarm = optional(bool, true)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for function in values(var.functions) : can(regex("^[A-Za-z0-9_-]{1,64}$", function.function_name))])
    error_message = "Every functions entry's function_name must be 1 to 64 letters, digits, hyphens or underscores."
  }
}

variable "api" {
  description = <<-EOT
    The API Gateway HTTP API: an alarm on its 5xx rate and latency and status widgets. Null for none.

    - `id` - (Required) The API's ID.
    - `stage` - (Required) The stage whose metrics are watched (`$default` for the default stage).
  EOT
  type = object({
    id    = string
    stage = string
  })
  default = null
}

variable "ecs_services" {
  description = <<-EOT
    ECS services of the pipeline (the Fargate workers), by a short name: running tasks on the dashboard. The metric is Container Insights' RunningTaskCount, so the cluster needs Container Insights on.

    - `cluster_name` - (Required) Name of the ECS cluster.
    - `service_name` - (Required) Name of the service.
  EOT
  type = map(object({
    cluster_name = string
    service_name = string
  }))
  default  = {}
  nullable = false
}

variable "upload_topics" {
  description = "SNS topics S3 publishes new originals to, by media class, with their names: their published messages are the dashboard's uploads."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "processor_metrics_namespace" {
  description = "CloudWatch namespace of the processors' own metrics (processed, duration in ms, rejected by code; embedded metric format, with the processor's name as the service dimension). Null leaves their widgets out."
  type        = string
  default     = null

  validation {
    condition     = var.processor_metrics_namespace == null || can(regex("^[A-Za-z0-9._#:/-]{1,255}$", var.processor_metrics_namespace))
    error_message = "processor_metrics_namespace must be 1-255 characters of letters, digits and . _ # : / -, as CloudWatch namespaces are."
  }
}

variable "alarm_arns" {
  description = "ARNs of alarms other modules own (dead-letter queues, Lambda errors, Fargate scaling), shown with this module's alarms in the dashboard's alarm status widget."
  type        = list(string)
  default     = []
  nullable    = false
}

################################################################################
# Thresholds
################################################################################

variable "alarm_period_seconds" {
  description = "Period of the queue age and throttle alarms, in seconds (60 or a multiple of 60)."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be 60 or a multiple of 60."
  }
}

variable "api_5xx_rate_threshold_percent" {
  description = "The API alarm fires when more than this percentage of requests (0 to 100) end in a 5xx response, in `api_5xx_datapoints_to_alarm` of the last `api_5xx_evaluation_periods` minutes."
  type        = number
  default     = 1

  validation {
    condition     = var.api_5xx_rate_threshold_percent >= 0 && var.api_5xx_rate_threshold_percent <= 100
    error_message = "api_5xx_rate_threshold_percent must be from 0 to 100."
  }
}

variable "api_5xx_min_requests" {
  description = "Minutes with fewer requests than this count as healthy for the 5xx rate alarm, so that one failed request at night does not page anyone. At least 1."
  type        = number
  default     = 20

  validation {
    condition     = var.api_5xx_min_requests >= 1 && floor(var.api_5xx_min_requests) == var.api_5xx_min_requests
    error_message = "api_5xx_min_requests must be a whole number of at least 1."
  }
}

variable "api_5xx_evaluation_periods" {
  description = "Minutes the API 5xx rate alarm looks back over (1 to 60)."
  type        = number
  default     = 5

  validation {
    condition     = var.api_5xx_evaluation_periods >= 1 && var.api_5xx_evaluation_periods <= 60 && floor(var.api_5xx_evaluation_periods) == var.api_5xx_evaluation_periods
    error_message = "api_5xx_evaluation_periods must be a whole number from 1 to 60."
  }
}

variable "api_5xx_datapoints_to_alarm" {
  description = "Minutes above the threshold, within `api_5xx_evaluation_periods`, that fire the API 5xx rate alarm (1 up to `api_5xx_evaluation_periods`)."
  type        = number
  default     = 3

  validation {
    condition     = var.api_5xx_datapoints_to_alarm >= 1 && var.api_5xx_datapoints_to_alarm <= var.api_5xx_evaluation_periods && floor(var.api_5xx_datapoints_to_alarm) == var.api_5xx_datapoints_to_alarm
    error_message = "api_5xx_datapoints_to_alarm must be a whole number from 1 to api_5xx_evaluation_periods."
  }
}

variable "tags" {
  description = "Tags added to the alarms, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
