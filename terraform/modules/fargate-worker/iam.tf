################################################################################
# Both roles are assumed by ECS tasks of this account only
################################################################################

# The task role also pins the Region's ECS resources, as AWS documents for task roles; the
# execution role keeps the account condition only, since the source ARN ECS presents when it
# pulls the image and writes logs for the task is not documented.
data "aws_iam_policy_document" "assume_role" {
  for_each = toset(["execution", "task"])

  statement {
    sid     = "EcsTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused-deputy protection: only ECS acting for this account.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    dynamic "condition" {
      for_each = each.key == "task" ? ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"] : []

      content {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = [condition.value]
      }
    }
  }
}

################################################################################
# Execution role: what ECS does before and around the container (pull, logs)
################################################################################

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "ECS task execution role of ${var.name}: pulls its image from its own repository and writes to its own log group, nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_role["execution"].json

  tags = var.tags
}

data "aws_iam_policy_document" "execution" {
  # GetAuthorizationToken has no resource-level permissions: "*" is the only resource it takes.
  # The token alone reads nothing; the statement below limits which repository it can pull from.
  statement {
    sid       = "GetRegistryToken"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullOwnImage"
    effect    = "Allow"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [aws_ecr_repository.this.arn]
  }

  # The log group exists (Terraform creates it), so no logs:CreateLogGroup.
  statement {
    sid       = "WriteOwnLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_group.this.arn, "${aws_cloudwatch_log_group.this.arn}:*"]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "${var.name}-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

################################################################################
# Task role: what the worker's own code calls
################################################################################

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  description        = "Task role of ${var.name}: its queue, its input and output objects and the table, nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_role["task"].json

  tags = var.tags
}

locals {
  # The services that use the KMS key on the worker's behalf (kms:ViaService).
  s3_service  = "s3.${local.region}.${data.aws_partition.current.dns_suffix}"
  sqs_service = "sqs.${local.region}.${data.aws_partition.current.dns_suffix}"
}

data "aws_iam_policy_document" "task" {
  # Receive, heartbeat (ChangeMessageVisibility), hand back (visibility 0) and delete.
  statement {
    sid       = "ConsumeOwnQueue"
    effect    = "Allow"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [var.queue_arn]
  }

  # GetObject also covers HeadObject and ranged reads.
  statement {
    sid       = "ReadInputObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.input.bucket_arn}/${var.input.key_prefix}*"]
  }

  # Without s3:ListBucket S3 answers a read of a missing key with 403 instead of 404, and the
  # worker takes 404 (NoSuchKey) to mean "the upload was deleted, skip it" but 403 to mean
  # "retry". Unconditional: S3 is not documented to set s3:prefix for that check, and the key
  # names it would reveal are random media ids.
  statement {
    sid       = "ListInputKeys"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.input.bucket_arn]
  }

  # lib-storage's Upload: CreateMultipartUpload, UploadPart and CompleteMultipartUpload are all
  # s3:PutObject; a failed or aborted upload calls AbortMultipartUpload so no parts linger.
  # DeleteObject: renditions of a media item deleted while the job ran are removed again, and so
  # are those of older recipe versions once the new set is recorded (DeleteObjects checks
  # s3:DeleteObject per key).
  statement {
    sid       = "WriteOutputObjects"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:DeleteObject"]
    resources = ["${var.output.bucket_arn}/${var.output.key_prefix}*"]
  }

  # Once a new set of renditions is recorded, the keys of older recipe versions are found by
  # listing the media item's folder (ListObjectsV2 with Prefix `<key_prefix><mediaId>/`) and
  # deleted with the statement above. s3:prefix keeps the listing under the output prefix.
  statement {
    sid       = "ListOutputKeys"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.output.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.output.key_prefix}*"]
    }
  }

  statement {
    sid       = "ReadWriteTable"
    effect    = "Allow"
    actions   = var.table_actions
    resources = [var.table_arn]
  }

  # The queue and the buckets are encrypted with the customer managed key, which SQS and S3 use
  # with the caller's permissions: receiving and reading need Decrypt, and so does each part of
  # a multipart upload. kms:ViaService keeps the key usable only through SQS and S3.
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
  statement {
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

resource "aws_iam_role_policy" "task" {
  name   = "${var.name}-least-privilege"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
