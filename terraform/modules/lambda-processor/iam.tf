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
  description        = "Execution role of the ${var.function_name} Lambda function: its queue, its input and output objects, the table and its logs, nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

locals {
  # The services that use the KMS key on the function's behalf (kms:ViaService).
  s3_service  = "s3.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"
  sqs_service = "sqs.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"
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
  statement {
    sid       = "ConsumeOwnQueue"
    effect    = "Allow"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [var.queue_arn]
  }

  # GetObject also covers HeadObject. A service that reads the object on the function's behalf
  # (Rekognition DetectLabels with an S3Object) does so with these same permissions.
  statement {
    sid       = "ReadInputObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.input.bucket_arn}/${var.input.key_prefix}*${var.input.key_suffix}"]
  }

  # Without s3:ListBucket S3 answers a read of a missing key with 403 instead of 404, and the
  # handlers treat 404 as "the media was deleted" but 403 as a failure to retry. Unconditional:
  # S3 is not documented to set s3:prefix for that check, and the key names it would reveal are
  # random media ids.
  statement {
    sid       = "ListInputKeys"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.input.bucket_arn]
  }

  # Renditions are written under the output prefix, and deleted again (DeleteObjects checks
  # s3:DeleteObject per key) when the media item disappeared while the function worked, or when
  # they belong to an older recipe version than the set just recorded.
  dynamic "statement" {
    for_each = var.output != null ? [var.output] : []

    content {
      sid       = "WriteOutputObjects"
      effect    = "Allow"
      actions   = ["s3:PutObject", "s3:DeleteObject"]
      resources = ["${statement.value.bucket_arn}/${statement.value.key_prefix}*"]
    }
  }

  # Once a new set of renditions is recorded, the keys of older recipe versions are found by
  # listing the media item's folder (ListObjectsV2 with Prefix `<key_prefix><mediaId>/`) and
  # deleted with the statement above. s3:prefix keeps the listing under the output prefix.
  dynamic "statement" {
    for_each = var.output != null ? [var.output] : []

    content {
      sid       = "ListOutputKeys"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = [statement.value.bucket_arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = ["${statement.value.key_prefix}*"]
      }
    }
  }

  statement {
    sid       = "ReadWriteTable"
    effect    = "Allow"
    actions   = var.table_actions
    resources = [var.table_arn]
  }

  dynamic "statement" {
    for_each = length(var.table_index_names) > 0 ? [var.table_index_names] : []

    content {
      sid       = "QueryTableIndexes"
      effect    = "Allow"
      actions   = ["dynamodb:Query"]
      resources = [for name in statement.value : "${var.table_arn}/index/${name}"]
    }
  }

  # The queue and the buckets are encrypted with the customer managed key. Receiving a message
  # and reading an object need kms:Decrypt by the caller; that includes the object Rekognition
  # reads on the function's behalf, which S3 decrypts with the caller's permissions.
  # kms:ViaService keeps the key usable only through SQS and S3, never directly.
  statement {
    sid       = "DecryptThroughS3AndSqs"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.s3_service, local.sqs_service]
    }
  }

  # Writing an object needs a data key from S3.
  dynamic "statement" {
    for_each = var.output != null ? [var.output] : []

    content {
      sid       = "GenerateDataKeyThroughS3"
      effect    = "Allow"
      actions   = ["kms:GenerateDataKey"]
      resources = [var.kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [local.s3_service]
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
