################################################################################
# Application Auto Scaling: 0 tasks with an empty queue, up to max_tasks with a backlog
#
# Three policies (README, "Scaling"):
# - from zero (step): messages wait and none is in flight, so no task runs; add one. Target
#   tracking cannot do this: it multiplies the current task count, and 0 times anything is 0.
# - backlog per task (target tracking, scale-out only): (waiting + in flight) / desired tasks
#   held at messages_per_task, so the task count follows ceil(messages / messages_per_task).
# - to zero (step): nothing waiting or in flight for idle_minutes_before_zero while a task still
#   polls; set the count to 0. No partial scale-in: ECS picks which task to stop, and stopping one
#   mid-transcode throws its work away.
################################################################################

locals {
  queue_dimensions   = { QueueName = local.queue_name }
  service_dimensions = { ClusterName = aws_ecs_cluster.this.name, ServiceName = aws_ecs_service.this.name }

  # The queue's occupancy, by the id the scaling expressions call it: both step alarms and the
  # backlog policy read the same two metrics, so each names them from here.
  queue_occupancy_metrics = {
    visible   = "ApproximateNumberOfMessagesVisible"
    in_flight = "ApproximateNumberOfMessagesNotVisible"
  }
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  min_capacity       = 0
  max_capacity       = var.max_tasks

  tags = var.tags
}

################################################################################
# From zero
################################################################################

resource "aws_appautoscaling_policy" "from_zero" {
  name               = "${var.name}-scale-out-from-zero"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = var.scale_out_cooldown_seconds
    metric_aggregation_type = "Maximum"

    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = 1
    }
  }
}

# Only SQS metrics: a running task holds a message in flight within one long poll of its
# arrival, so "waiting but none in flight" means no task is consuming.
resource "aws_cloudwatch_metric_alarm" "from_zero" {
  alarm_name        = "${var.name}-scale-out-from-zero"
  alarm_description = "Messages wait in ${local.queue_name} and none is in flight: no ${var.name} task is running. Starts one (step policy ${aws_appautoscaling_policy.from_zero.name})."

  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "idle_backlog"
    expression  = "IF(FILL(visible, 0) > 0 AND FILL(in_flight, 0) == 0, 1, 0)"
    label       = "Messages waiting with none in flight"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.queue_occupancy_metrics

    content {
      id = metric_query.key

      metric {
        namespace   = "AWS/SQS"
        metric_name = metric_query.value
        dimensions  = local.queue_dimensions
        period      = 60
        stat        = "Maximum"
      }
    }
  }

  alarm_actions = [aws_appautoscaling_policy.from_zero.arn]

  tags = var.tags
}

################################################################################
# Backlog per task
################################################################################

resource "aws_appautoscaling_policy" "backlog" {
  name               = "${var.name}-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.messages_per_task
    scale_out_cooldown = var.scale_out_cooldown_seconds
    disable_scale_in   = true

    # Divided by the desired (not the running) task count: target tracking multiplies the
    # metric by the desired count, so the two cancel out and the new count is
    # ceil(messages / target) even while new tasks are still starting. Dividing by running
    # tasks would count the same backlog again for every task still pending.
    customized_metric_specification {
      metrics {
        id          = "backlog_per_task"
        expression  = "(visible + in_flight) / IF(desired > 0, desired, 1)"
        label       = "Messages waiting or in flight per desired task"
        return_data = true
      }

      dynamic "metrics" {
        for_each = local.queue_occupancy_metrics

        content {
          id          = metrics.key
          return_data = false

          metric_stat {
            stat = "Maximum"

            metric {
              namespace   = "AWS/SQS"
              metric_name = metrics.value

              dimensions {
                name  = "QueueName"
                value = local.queue_name
              }
            }
          }
        }
      }

      metrics {
        id          = "desired"
        return_data = false

        metric_stat {
          stat = "Maximum"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "DesiredTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.this.name
            }
          }
        }
      }
    }
  }
}

################################################################################
# To zero
################################################################################

resource "aws_appautoscaling_policy" "to_zero" {
  name               = "${var.name}-scale-in-to-zero"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  step_scaling_policy_configuration {
    adjustment_type         = "ExactCapacity"
    cooldown                = 60
    metric_aggregation_type = "Maximum"

    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = 0
    }
  }
}

# Empty receives show that some task is still polling; without them the service is at zero
# already and the alarm rests in OK.
resource "aws_cloudwatch_metric_alarm" "to_zero" {
  alarm_name        = "${var.name}-scale-in-to-zero"
  alarm_description = "${local.queue_name} has held no message, waiting or in flight, for ${var.idle_minutes_before_zero} minutes while ${var.name} tasks still poll it. Stops every task (step policy ${aws_appautoscaling_policy.to_zero.name})."

  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = var.idle_minutes_before_zero
  datapoints_to_alarm = var.idle_minutes_before_zero
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "idle"
    expression  = "IF(FILL(visible, 0) + FILL(in_flight, 0) == 0 AND FILL(empty_receives, 0) > 0, 1, 0)"
    label       = "Queue empty while tasks poll"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.queue_occupancy_metrics

    content {
      id = metric_query.key

      metric {
        namespace   = "AWS/SQS"
        metric_name = metric_query.value
        dimensions  = local.queue_dimensions
        period      = 60
        stat        = "Maximum"
      }
    }
  }

  metric_query {
    id = "empty_receives"

    metric {
      namespace   = "AWS/SQS"
      metric_name = "NumberOfEmptyReceives"
      dimensions  = local.queue_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  alarm_actions = [aws_appautoscaling_policy.to_zero.arn]

  tags = var.tags
}

################################################################################
# Alarm: at the maximum and still falling behind
################################################################################

resource "aws_cloudwatch_metric_alarm" "saturated" {
  alarm_name        = "${var.name}-at-max-tasks-backlog-growing"
  alarm_description = "${var.name} has run its maximum of ${var.max_tasks} tasks for ${3 * var.saturation_alarm_period_seconds / 60} minutes while the messages waiting in ${local.queue_name} kept growing. Raise max_tasks (worker_max_tasks), or check the Fargate quota and the service's events for tasks that cannot be placed."

  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "saturated"
    expression  = "IF(FILL(running, 0) >= ${var.max_tasks} AND DIFF(visible) > 0, 1, 0)"
    label       = "At maximum tasks with a growing backlog"
    return_data = true
  }

  metric_query {
    id = "running"

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "RunningTaskCount"
      dimensions  = local.service_dimensions
      period      = var.saturation_alarm_period_seconds
      stat        = "Maximum"
    }
  }

  metric_query {
    id = "visible"

    metric {
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = local.queue_dimensions
      period      = var.saturation_alarm_period_seconds
      stat        = "Maximum"
    }
  }

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}
