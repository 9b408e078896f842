data "aws_region" "current" {}

locals {
  region = data.aws_region.current.region

  throttle_alarm_functions = { for key, function in var.functions : key => function if function.throttle_alarm }

  api_dimensions = var.api == null ? null : {
    ApiId = var.api.id
    Stage = var.api.stage
  }
}

################################################################################
# Alarms
################################################################################

# The oldest message's age grows when work arrives faster than it is done or a consumer is stuck:
# the users' uploads wait, even while nothing fails.
resource "aws_cloudwatch_metric_alarm" "queue_age" {
  for_each = var.queues

  alarm_name        = "${each.value.queue_name}-oldest-message-age"
  alarm_description = "The oldest message in ${each.value.queue_name} has waited more than ${each.value.max_age_seconds} s: ${each.key} is behind or stuck. Check its consumer's errors and concurrency (or the worker's running tasks) on the ${var.name}-pipeline dashboard."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateAgeOfOldestMessage"
  dimensions = {
    QueueName = each.value.queue_name
  }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.max_age_seconds
  treat_missing_data  = "notBreaching"

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  for_each = local.throttle_alarm_functions

  alarm_name        = "${each.value.function_name}-throttles"
  alarm_description = "${each.value.function_name} was throttled: the account's (or its reserved) concurrency is exhausted and callers get 429 TooManyRequestsException. Raise the concurrency quota or lower other functions' maximum concurrency."

  namespace   = "AWS/Lambda"
  metric_name = "Throttles"
  dimensions = {
    FunctionName = each.value.function_name
  }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}

# The share of requests answered 5xx, per minute; quiet minutes count as healthy.
resource "aws_cloudwatch_metric_alarm" "api_5xx_rate" {
  count = var.api != null ? 1 : 0

  alarm_name        = "${var.name}-api-5xx-rate"
  alarm_description = "More than ${var.api_5xx_rate_threshold_percent}% of API requests ended in 5xx in ${var.api_5xx_datapoints_to_alarm} of the last ${var.api_5xx_evaluation_periods} minutes (minutes under ${var.api_5xx_min_requests} requests ignored). Check the api function's errors and logs."

  comparison_operator = "GreaterThanThreshold"
  threshold           = var.api_5xx_rate_threshold_percent
  evaluation_periods  = var.api_5xx_evaluation_periods
  datapoints_to_alarm = var.api_5xx_datapoints_to_alarm
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "rate"
    expression  = "IF(requests >= ${var.api_5xx_min_requests}, 100 * FILL(errors, 0) / requests, 0)"
    label       = "5xx responses (%)"
    return_data = true
  }

  metric_query {
    id = "errors"

    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      period      = 60
      stat        = "Sum"
      dimensions  = local.api_dimensions
    }
  }

  metric_query {
    id = "requests"

    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      period      = 60
      stat        = "Sum"
      dimensions  = local.api_dimensions
    }
  }

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}

################################################################################
# Dashboard
################################################################################

locals {
  queue_metrics = {
    for metric in ["NumberOfMessagesDeleted", "ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"] : metric => [
      for key, queue in var.queues : ["AWS/SQS", metric, "QueueName", queue.queue_name, { label = key }]
    ]
  }

  function_metrics = {
    for metric in ["Invocations", "Errors", "Throttles"] : metric => [
      for key, function in var.functions : ["AWS/Lambda", metric, "FunctionName", function.function_name, { label = "${key} ${lower(metric)}" }]
    ]
  }

  # Widgets that have nothing to draw are left out; the rest flow two to a row.
  widgets = [
    for widget in [
      {
        title   = "Uploads (new originals, by media class)"
        stat    = "Sum"
        metrics = [for media_class, topic in var.upload_topics : ["AWS/SNS", "NumberOfMessagesPublished", "TopicName", topic, { label = media_class }]]
      },
      {
        title   = "Processed per processor (messages deleted from its queue)"
        stat    = "Sum"
        metrics = local.queue_metrics["NumberOfMessagesDeleted"]
      },
      {
        title = "Failures: dead-letter queue depth and Lambda errors"
        stat  = "Maximum"
        metrics = concat(
          [for key, queue in var.queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.dlq_name, { label = "${key} dead letters" }]],
          local.function_metrics["Errors"],
        )
      },
      {
        title = "Processed and rejected (by code), per processor"
        stat  = "Sum"
        metrics = concat(
          [for key in keys(var.queues) : [var.processor_metrics_namespace, "processed", "service", key, { label = "${key} processed" }] if var.processor_metrics_namespace != null],
          # Rejection codes are not known in advance: a search finds every code's series.
          [for namespace in compact([var.processor_metrics_namespace]) : [{ id = "rejected", label = "", expression = "SEARCH('{${namespace},code,service} MetricName=\"rejected\"', 'Sum', 300)" }]],
        )
      },
      {
        title   = "Processing time per job (ms, p95)"
        stat    = "p95"
        metrics = var.processor_metrics_namespace == null ? [] : [for key in keys(var.queues) : [var.processor_metrics_namespace, "duration", "service", key, { label = key }]]
      },
      {
        title   = "Queue depth (visible messages)"
        stat    = "Maximum"
        metrics = local.queue_metrics["ApproximateNumberOfMessagesVisible"]
      },
      {
        title   = "Age of the oldest message (seconds)"
        stat    = "Maximum"
        metrics = local.queue_metrics["ApproximateAgeOfOldestMessage"]
      },
      {
        title   = "Lambda invocations and throttles"
        stat    = "Sum"
        metrics = concat(local.function_metrics["Invocations"], local.function_metrics["Throttles"])
      },
      {
        title = "API latency (ms)"
        stat  = "Average"
        metrics = var.api == null ? [] : [
          for percentile in ["p50", "p95", "p99"] : ["AWS/ApiGateway", "Latency", "ApiId", var.api.id, "Stage", var.api.stage, { stat = percentile, label = percentile }]
        ]
      },
      {
        title = "API requests and errors"
        stat  = "Sum"
        metrics = var.api == null ? [] : [
          for metric in ["Count", "4xx", "5xx"] : ["AWS/ApiGateway", metric, "ApiId", var.api.id, "Stage", var.api.stage, { label = metric == "Count" ? "requests" : metric }]
        ]
      },
      {
        title   = "Fargate running tasks"
        stat    = "Maximum"
        metrics = [for key, service in var.ecs_services : ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", service.cluster_name, "ServiceName", service.service_name, { label = key }]]
      },
    ] : widget if length(widget.metrics) > 0
  ]

  alarm_widget_arns = concat(
    var.alarm_arns,
    [for alarm in aws_cloudwatch_metric_alarm.queue_age : alarm.arn],
    [for alarm in aws_cloudwatch_metric_alarm.throttles : alarm.arn],
    [for alarm in aws_cloudwatch_metric_alarm.api_5xx_rate : alarm.arn],
  )
}

resource "aws_cloudwatch_dashboard" "pipeline" {
  dashboard_name = "${var.name}-pipeline"
  dashboard_body = jsonencode({
    widgets = concat(
      # An alarm status widget shows at most 100 alarms.
      length(local.alarm_widget_arns) == 0 ? [] : [{
        type   = "alarm"
        x      = 0
        y      = 0
        width  = 24
        height = 3
        properties = {
          title  = "Alarms"
          alarms = slice(local.alarm_widget_arns, 0, min(100, length(local.alarm_widget_arns)))
        }
      }],
      [
        for index, widget in local.widgets : {
          type   = "metric"
          x      = (index % 2) * 12
          y      = 3 + floor(index / 2) * 6
          width  = 12
          height = 6
          properties = {
            title   = widget.title
            region  = local.region
            view    = "timeSeries"
            stacked = false
            period  = 300
            stat    = widget.stat
            metrics = widget.metrics
          }
        }
      ],
    )
  })
}
