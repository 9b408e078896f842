################################################################################
# Observability: the alarms no other module has, and the pipeline dashboard
################################################################################

module "observability" {
  source = "./modules/observability"

  name          = local.name
  alarm_actions = local.alarm_actions

  processor_metrics_namespace = local.metrics_namespace

  # The processors' queues and the queue-fed jobs' (the album deleter's, a Lambda consumer).
  queues = merge(
    {
      for name, queue in module.processor_queue : name => {
        queue_name      = queue.queue_name
        dlq_name        = queue.dlq_name
        max_age_seconds = contains(keys(local.lambda_processors), name) ? var.queue_max_age_seconds.lambda : var.queue_max_age_seconds.fargate
      }
    },
    {
      for name, queue in module.job_queue : name => {
        queue_name      = queue.queue_name
        dlq_name        = queue.dlq_name
        max_age_seconds = var.queue_max_age_seconds.lambda
      }
    },
  )

  # The processors' functions already alarm on errors and throttles (lambda-processor module);
  # they are here for the dashboard. The API function and the jobs (whose module alarms on errors
  # only) get their throttle alarms here.
  functions = merge(
    { for name, function in module.lambda_processor : name => { function_name = function.function_name, throttle_alarm = false } },
    { for name, function in module.lambda_job : name => { function_name = function.function_name } },
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
    [for queue in module.job_queue : queue.dlq_alarm_arn],
    [for function in module.lambda_job : function.error_alarm_arn],
    [for worker in module.video_worker : worker.saturation_alarm_arn],
  )

  api_5xx_rate_threshold_percent = var.api_5xx_rate_threshold_percent
}
