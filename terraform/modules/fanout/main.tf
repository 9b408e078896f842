data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket}"
}

resource "aws_sns_topic" "this" {
  for_each = var.topics

  name              = each.value.name
  kms_master_key_id = var.kms_key_arn

  tags = var.tags
}

# Only this bucket, in this account, may publish. Same-account subscribers are authorised by IAM.
data "aws_iam_policy_document" "this" {
  for_each = var.topics

  statement {
    sid       = "S3PublishesThisBucketsEvents"
    effect    = "Allow"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.this[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  for_each = var.topics

  arn    = aws_sns_topic.this[each.key].arn
  policy = data.aws_iam_policy_document.this[each.key].json
}

# S3 sends a test event to every destination when this is saved, and refuses to save it
# unless every topic's policy already lets the bucket publish: hence the depends_on.
resource "aws_s3_bucket_notification" "this" {
  bucket = var.bucket

  dynamic "topic" {
    for_each = var.topics

    content {
      id            = topic.key
      topic_arn     = aws_sns_topic.this[topic.key].arn
      events        = topic.value.events
      filter_prefix = topic.value.filter_prefix != "" ? topic.value.filter_prefix : null
      filter_suffix = topic.value.filter_suffix != "" ? topic.value.filter_suffix : null
    }
  }

  depends_on = [aws_sns_topic_policy.this]
}
