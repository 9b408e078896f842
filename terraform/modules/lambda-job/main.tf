data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  # No NODE_OPTIONS=--enable-source-maps: the zip carries no map (as for the processors).
  environment_variables = var.environment_variables

  # The schedule is named after the function and lives in the default group. Its ARN is known
  # before it exists, so the scheduler role's policy can name it without waiting for it.
  schedule_name = var.function_name
  schedule_arn  = "arn:${local.partition}:scheduler:${local.region}:${local.account_id}:schedule/default/${local.schedule_name}"

  # AWS wants the singular for one: rate(1 minute), rate(15 minutes).
  schedule_expression = var.schedule == null ? null : "rate(${var.schedule.every_minutes} ${var.schedule.every_minutes == 1 ? "minute" : "minutes"})"

  # An invocation that cannot start (or run, once a run takes longer than the interval) before the
  # next one is due is dropped: the next run does the same work.
  schedule_interval_seconds = var.schedule == null ? null : var.schedule.every_minutes * 60
}

################################################################################
# Log group
################################################################################

# Created before the function (logging_config refers to it), so Lambda never creates an
# unencrypted group without retention on the first invocation.
resource "aws_cloudwatch_log_group" "lambda" {
  #checkov:skip=CKV_AWS_338:Retention is a per-environment choice (log_retention_days: 14, 30 and 90 days in dev, staging and prod); job logs are operational, and media state lives in DynamoDB.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_115:Concurrency is capped where it matters: a queue-fed job by its event source mapping's maximum concurrency (which leaves surplus messages queued instead of throttling), a scheduled job by reserved_concurrent_executions (1 for the sweeper, so runs never overlap). The variable is optional, so checkov cannot see a value.
  #checkov:skip=CKV_AWS_116:A queue-fed job is invoked synchronously by its event source mapping and its queue has a dead-letter queue; a scheduled job's asynchronous invocations are not retried (aws_lambda_function_event_invoke_config), the errors alarm reports a failed run and the next run repeats its work.
  #checkov:skip=CKV_AWS_117:The function calls only public AWS endpoints (S3, SQS, DynamoDB, KMS) over TLS with IAM auth and reaches nothing inside a VPC; a VPC would add NAT or endpoint cost and cold-start ENI setup for no gain.
  #checkov:skip=CKV_AWS_272:Code signing is not used: packages are built by `make build` from the reviewed repository and deployed by Terraform from the same checkout, with source_code_hash pinning the exact zip.
  function_name = var.function_name
  description   = var.description
  role          = aws_iam_role.lambda.arn

  filename         = var.filename
  source_code_hash = var.source_code_hash
  handler          = var.handler
  runtime          = var.runtime
  architectures    = [var.architecture]

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  # Encrypts the environment variables at rest; Lambda grants the role its use of the key.
  kms_key_arn = var.kms_key_arn

  environment {
    variables = local.environment_variables
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.lambda.name
    application_log_level = var.application_log_level
    system_log_level      = var.system_log_level
  }

  tracing_config {
    mode = var.tracing_mode
  }

  tags = var.tags

  # The role must be able to write logs before the first invocation.
  depends_on = [aws_iam_role_policy.lambda]
}

################################################################################
# Queue -> function
################################################################################

resource "aws_lambda_event_source_mapping" "queue" {
  count = var.queue != null ? 1 : 0

  event_source_arn = var.queue.arn
  function_name    = aws_lambda_function.this.arn

  batch_size                         = var.queue.batch_size
  maximum_batching_window_in_seconds = var.queue.maximum_batching_window_in_seconds

  # The handler returns only the records that failed transiently; the rest of the batch is
  # deleted. Without this, a returned response is ignored and the whole batch counts as done.
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.queue.maximum_concurrency
  }

  tags = var.tags

  # Lambda checks that the role may receive from the queue when the mapping is created.
  depends_on = [aws_iam_role_policy.lambda]
}

################################################################################
# Schedule -> function
################################################################################

# EventBridge Scheduler invokes a Lambda target asynchronously. A run that fails is not retried
# (the next one repeats its work), and an invocation still waiting (throttled by reserved
# concurrency while the previous run finishes) is dropped once the next one is due.
resource "aws_lambda_function_event_invoke_config" "schedule" {
  count = var.schedule != null ? 1 : 0

  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.schedule.function_retry_attempts
  maximum_event_age_in_seconds = min(21600, max(60, local.schedule_interval_seconds))
}

resource "aws_scheduler_schedule" "this" {
  count = var.schedule != null ? 1 : 0

  name        = local.schedule_name
  group_name  = "default"
  description = "Runs ${var.function_name} every ${var.schedule.every_minutes} minute(s)."
  state       = var.schedule.enabled ? "ENABLED" : "DISABLED"

  schedule_expression          = local.schedule_expression
  schedule_expression_timezone = "UTC"

  # Runs on the minute; spreading them gains nothing at one invocation per interval.
  flexible_time_window {
    mode = "OFF"
  }

  # Encrypts the schedule's payload (the input below) with the customer managed key; the
  # scheduler role may decrypt it for this schedule only.
  kms_key_arn = var.kms_key_arn

  target {
    arn      = aws_lambda_function.this.arn
    role_arn = aws_iam_role.scheduler[0].arn

    # The handler can log which schedule ran it and for which time; Scheduler fills these in.
    input = jsonencode({
      scheduleArn   = "<aws.scheduler.schedule-arn>"
      scheduledTime = "<aws.scheduler.scheduled-time>"
    })

    # Retries of a failed delivery (Lambda unreachable or throttling the Invoke call), never of a
    # failed run; a delivery later than one interval is pointless.
    retry_policy {
      maximum_retry_attempts       = var.schedule.maximum_retry_attempts
      maximum_event_age_in_seconds = min(86400, max(60, local.schedule_interval_seconds))
    }
  }

  # The role must be allowed to invoke (and decrypt) before the first run.
  depends_on = [aws_iam_role_policy.scheduler]
}

################################################################################
# Alarm
################################################################################

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name        = "${var.function_name}-errors"
  alarm_description = "${var.function_name} failed (more than ${var.alarm_threshold} errors in ${var.alarm_period_seconds} s): a crash, a timeout or a failed cold start. A queue-fed job's messages return to its queue and reach the dead-letter queue after the receive limit; a scheduled job's next run tries again. See log group ${aws_cloudwatch_log_group.lambda.name}."

  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  dimensions = {
    FunctionName = aws_lambda_function.this.function_name
  }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_threshold
  treat_missing_data  = "notBreaching"

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}
