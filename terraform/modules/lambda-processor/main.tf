data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # No NODE_OPTIONS=--enable-source-maps: the zip carries no map, which would cost every cold
  # start its parse; `npm run -s stacktrace` maps a logged stack with the map `make build` keeps.
  environment_variables = var.environment_variables
}

################################################################################
# Log group
################################################################################

# Created before the function (logging_config refers to it), so Lambda never creates an
# unencrypted group without retention on the first invocation.
resource "aws_cloudwatch_log_group" "lambda" {
  #checkov:skip=CKV_AWS_338:Retention is a per-environment choice (log_retention_days: 14, 30 and 90 days in dev, staging and prod); processor logs are operational, and media state lives in DynamoDB.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_115:Concurrency is capped by the event source mapping's maximum concurrency (scaling_config), which leaves surplus messages queued; reserved concurrency would also carve capacity out of the account pool and throttle.
  #checkov:skip=CKV_AWS_116:The function is only invoked synchronously by its SQS event source mapping; a function DLQ applies to asynchronous invocations. Failed messages go to the queue's own dead-letter queue after its receive limit.
  #checkov:skip=CKV_AWS_117:The function calls only public AWS endpoints (S3, SQS, DynamoDB, Rekognition, KMS) over TLS with IAM auth and reaches nothing inside a VPC; a VPC would add NAT or endpoint cost and cold-start ENI setup for no gain.
  #checkov:skip=CKV_AWS_272:Code signing is not used: packages are built by `make build` from the reviewed repository and deployed by Terraform from the same checkout, with source_code_hash pinning the exact zip.
  function_name = var.function_name
  description   = var.description
  role          = aws_iam_role.lambda.arn

  filename         = var.filename
  source_code_hash = var.source_code_hash
  handler          = var.handler
  runtime          = var.runtime
  architectures    = [var.architecture]

  memory_size = var.memory_size
  timeout     = var.timeout

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
  event_source_arn = var.queue_arn
  function_name    = aws_lambda_function.this.arn

  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds

  # The handler returns only the records that failed transiently; the rest of the batch is
  # deleted. Without this, a returned response is ignored and the whole batch counts as done.
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }

  tags = var.tags

  # Lambda checks that the role may receive from the queue when the mapping is created.
  depends_on = [aws_iam_role_policy.lambda]
}

################################################################################
# Alarm
################################################################################

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name        = "${var.function_name}-errors-or-throttles"
  alarm_description = "${var.function_name} crashed, timed out, failed its cold start or was throttled (more than ${var.alarm_threshold} in ${var.alarm_period_seconds} s). Its messages return to the queue and reach the dead-letter queue after the receive limit; see log group ${aws_cloudwatch_log_group.lambda.name}."

  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_threshold
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "failures"
    expression  = "FILL(errors, 0) + FILL(throttles, 0)"
    label       = "Errors and throttles"
    return_data = true
  }

  metric_query {
    id = "errors"

    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      period      = var.alarm_period_seconds
      stat        = "Sum"
      dimensions = {
        FunctionName = aws_lambda_function.this.function_name
      }
    }
  }

  metric_query {
    id = "throttles"

    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Throttles"
      period      = var.alarm_period_seconds
      stat        = "Sum"
      dimensions = {
        FunctionName = aws_lambda_function.this.function_name
      }
    }
  }

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}
