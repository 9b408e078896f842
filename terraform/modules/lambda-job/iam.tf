################################################################################
# Execution role: least privilege, built from the inputs
################################################################################

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = var.function_name
  description        = "Execution role of the ${var.function_name} Lambda job: its logs, its queue if it has one, and the statements its caller lists, nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

locals {
  # The service that uses the KMS key on the function's behalf to read its queue (kms:ViaService).
  sqs_service = "sqs.${local.region}.${data.aws_partition.current.dns_suffix}"
}

data "aws_iam_policy_document" "lambda" {
  # The log group exists already (Terraform creates it), so no logs:CreateLogGroup. The group
  # ARN is matched with and without the `:*` some APIs append; `:*` also covers its log streams.
  statement {
    sid       = "WriteOwnLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_group.lambda.arn, "${aws_cloudwatch_log_group.lambda.arn}:*"]
  }

  # What the event source mapping needs to poll on the function's behalf.
  dynamic "statement" {
    for_each = var.queue != null ? [var.queue.arn] : []

    content {
      sid       = "ConsumeOwnQueue"
      effect    = "Allow"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
      resources = [statement.value]
    }
  }

  # The queue is encrypted with the customer managed key, and SQS decrypts received messages
  # with the caller's permissions. kms:ViaService keeps the key usable only through SQS.
  dynamic "statement" {
    for_each = var.queue != null ? [var.queue.arn] : []

    content {
      sid       = "DecryptOwnQueueThroughSqs"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [local.sqs_service]
      }
    }
  }

  # X-Ray has no resource-level permissions: "*" is the only resource these actions accept.
  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? [true] : []

    content {
      sid       = "WriteXRayTraces"
      effect    = "Allow"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "lambda" {
  name   = "${var.function_name}-least-privilege"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}

################################################################################
# Scheduler role: invoke this function, nothing else
################################################################################

data "aws_iam_policy_document" "scheduler_assume_role" {
  count = var.schedule != null ? 1 : 0

  statement {
    sid     = "SchedulerOfThisAccountAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    # Only schedules of this account may use the role (confused deputy prevention).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  count = var.schedule != null ? 1 : 0

  name               = "${var.function_name}-scheduler"
  description        = "Assumed by EventBridge Scheduler to run the ${var.function_name} Lambda job on its schedule: it may invoke that function and nothing else."
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume_role[0].json

  tags = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  count = var.schedule != null ? 1 : 0

  statement {
    sid       = "InvokeOwnFunction"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.this.arn]
  }

  # The schedule's payload is encrypted with the customer managed key; Scheduler decrypts it
  # with this role when it runs, and the encryption context names the schedule.
  statement {
    sid       = "DecryptOwnSchedule"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:scheduler:schedule:arn"
      values   = [local.schedule_arn]
    }
  }
}

resource "aws_iam_role_policy" "scheduler" {
  count = var.schedule != null ? 1 : 0

  name   = "${var.function_name}-scheduler"
  role   = aws_iam_role.scheduler[0].id
  policy = data.aws_iam_policy_document.scheduler[0].json
}
