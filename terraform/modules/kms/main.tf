data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
}

# A key policy always refers to the key it is attached to, so every statement's resource is "*".
data "aws_iam_policy_document" "this" {
  #checkov:skip=CKV_AWS_109:A key policy's "*" resource is the key itself; the root statement only delegates to IAM, as the default key policy does.
  #checkov:skip=CKV_AWS_111:A key policy's "*" resource is the key itself; the root statement only delegates to IAM, as the default key policy does.
  #checkov:skip=CKV_AWS_356:A key policy's "*" resource is the key itself; a key policy cannot name any other resource.
  statement {
    sid       = "AccountAdministersAndDelegatesToIam"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.service_principals) > 0 ? [var.service_principals] : []

    content {
      sid       = "ServicesEncryptForThisAccount"
      effect    = "Allow"
      actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = statement.value
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  # CloudFront reads SSE-KMS objects through Origin Access Control only if the key lets it decrypt;
  # the source ARN limits that to the distributions named (wildcards allowed).
  dynamic "statement" {
    for_each = length(var.cloudfront_distribution_arns) > 0 ? [var.cloudfront_distribution_arns] : []

    content {
      sid       = "CloudFrontDecryptsThroughOac"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = statement.value
      }
    }
  }

  # CloudWatch Logs encrypts a log group with the key only if the key policy lets the Region's
  # logs principal use it; the encryption context names the log group, which limits it to ours.
  dynamic "statement" {
    for_each = length(var.log_group_names) > 0 ? [var.log_group_names] : []

    content {
      sid       = "CloudWatchLogsEncryptsLogGroups"
      effect    = "Allow"
      actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["logs.${local.region}.${data.aws_partition.current.dns_suffix}"]
      }

      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = [for name in statement.value : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${name}"]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  deletion_window_in_days = var.deletion_window_in_days
  enable_key_rotation     = true
  rotation_period_in_days = var.rotation_period_in_days
  multi_region            = var.multi_region
  policy                  = data.aws_iam_policy_document.this.json

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_kms_replica_key" "this" {
  for_each = toset(var.replica_regions)

  region = each.key

  description             = var.description
  deletion_window_in_days = var.deletion_window_in_days
  primary_key_arn         = aws_kms_key.this.arn
  policy                  = data.aws_iam_policy_document.this.json

  tags = var.tags
}

resource "aws_kms_alias" "replica" {
  for_each = aws_kms_replica_key.this

  region = each.key

  name          = "alias/${var.alias}"
  target_key_id = each.value.key_id
}
