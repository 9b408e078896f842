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
  name               = var.name
  description        = "Execution role of the ${var.name} Lambda function: the table, uploads into, downloads from and deletes from the media buckets, its parameters, its logs and what policy_statements add, nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

locals {
  # The services that use the KMS key on the function's behalf (kms:ViaService).
  s3_service  = "s3.${local.region}.${data.aws_partition.current.dns_suffix}"
  ssm_service = "ssm.${local.region}.${data.aws_partition.current.dns_suffix}"

  # A parameter's ARN has no slash between `parameter` and a name that starts with one.
  parameter_arns = [for name in local.parameter_names : "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${name}"]

  originals_objects = [for prefix in var.originals.key_prefixes : "${var.originals.bucket_arn}/${prefix}*"]
  derived_objects   = "${var.derived.bucket_arn}/${var.derived.key_prefix}*"
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

  # A presigned POST is signed with the role's credentials, so S3 checks the upload against this
  # statement; the POST policy itself pins the exact key. DeleteObject removes a deleted media
  # item's original.
  statement {
    sid       = "UploadAndDeleteOriginals"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = local.originals_objects
  }

  # A presigned GET of an original (its download) is signed with the role's credentials too, so S3
  # checks the read against this statement: the originals' prefixes only, never the whole bucket,
  # and nothing in the derived bucket (renditions go out as signed CloudFront URLs).
  statement {
    sid       = "ReadOriginals"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = local.originals_objects
  }

  # Deleting a media item lists derived/<mediaId>/ and deletes what it finds (DeleteObjects checks
  # s3:DeleteObject per key). S3 sets s3:prefix to the listed prefix.
  statement {
    sid       = "ListDerivedObjects"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.derived.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.derived.key_prefix}*"]
    }
  }

  statement {
    sid       = "DeleteDerivedObjects"
    effect    = "Allow"
    actions   = ["s3:DeleteObject"]
    resources = [local.derived_objects]
  }

  # The originals bucket encrypts with the customer managed key, with the uploader's (here: the
  # signer's) permissions: an upload needs a data key from S3.
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

  # ... and reading an original back needs kms:Decrypt, again with the signer's permissions. The
  # encryption context S3 passes names the bucket (with an S3 Bucket Key, as the storage module
  # sets) or the object (without one): either way only the originals bucket's objects under the
  # originals' prefixes.
  statement {
    sid       = "DecryptOriginalsThroughS3"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.s3_service]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = concat([var.originals.bucket_arn], local.originals_objects)
    }
  }

  statement {
    sid       = "ReadOwnParameters"
    effect    = "Allow"
    actions   = ["ssm:GetParameter"]
    resources = local.parameter_arns
  }

  # SecureString parameters encrypted with the key are decrypted by SSM with the caller's
  # permissions; kms:ViaService keeps the key usable only through SSM, never directly.
  statement {
    sid       = "DecryptParametersThroughSsm"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.ssm_service]
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

  # What the inputs above do not cover, such as sending album deletions to their job's queue.
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
  name   = "${var.name}-least-privilege"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}
