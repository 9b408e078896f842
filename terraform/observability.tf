################################################################################
# Observability: variables
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

################################################################################
# Observability: the alarms no other module has, and the pipeline dashboard
################################################################################

module "observability" {
  source = "./modules/observability"

  name          = local.name
  alarm_actions = local.alarm_actions

  queues = {
    for name, queue in module.processor_queue : name => {
      queue_name      = queue.queue_name
      dlq_name        = queue.dlq_name
      max_age_seconds = contains(keys(local.lambda_processors), name) ? var.queue_max_age_seconds.lambda : var.queue_max_age_seconds.fargate
    }
  }

  # The processors' functions already alarm on errors and throttles (lambda-processor module);
  # they are here for the dashboard. The API function gets its throttle alarm here.
  functions = merge(
    { for name, function in module.lambda_processor : name => { function_name = function.function_name, throttle_alarm = false } },
    { api = { function_name = module.api.function_name } },
  )

  api = {
    id    = module.api.api_id
    stage = module.api.stage_name
  }

  ecs_services = {
    for name, worker in module.video_worker : name => {
      cluster_name = worker.cluster_name
      service_name = worker.service_name
    }
  }

  upload_topics = module.originals_events.topic_names

  alarm_arns = concat(
    [for queue in module.processor_queue : queue.dlq_alarm_arn],
    [for function in module.lambda_processor : function.error_alarm_arn],
    [for worker in module.video_worker : worker.saturation_alarm_arn],
  )

  api_5xx_rate_threshold_percent = var.api_5xx_rate_threshold_percent
}

################################################################################
# Observability: outputs
################################################################################

output "dashboard_name" {
  description = "Name of the environment's pipeline dashboard in CloudWatch."
  value       = module.observability.dashboard_name
}

output "dashboard_url" {
  description = "Console URL of the pipeline dashboard: uploads, per-processor throughput and failures, queue depth and age, API latency and status, Fargate tasks."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards/dashboard/${module.observability.dashboard_name}"
}
