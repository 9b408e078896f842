################################################################################
# Queue and dead-letter queue
################################################################################

resource "aws_sqs_queue" "dlq" {
  name                              = "${var.name}-dlq"
  message_retention_seconds         = var.dlq_message_retention_seconds
  receive_wait_time_seconds         = var.receive_wait_time_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds

  tags = var.tags
}

resource "aws_sqs_queue" "this" {
  name                              = var.name
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  receive_wait_time_seconds         = var.receive_wait_time_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

# Only this processor's queue may move messages into its dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

################################################################################
# Subscription (with create_subscription)
################################################################################

# count follows the toggle, not topic_arn: on a first apply the topic's ARN is unknown at plan
# time, and a count that depends on it cannot be planned.
data "aws_iam_policy_document" "this" {
  count = var.create_subscription ? 1 : 0

  statement {
    sid       = "TopicDeliversToQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [var.topic_arn]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  count = var.create_subscription ? 1 : 0

  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this[0].json
}

resource "aws_sns_topic_subscription" "this" {
  count = var.create_subscription ? 1 : 0

  topic_arn            = var.topic_arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.this.arn
  raw_message_delivery = true

  # SNS drops what it cannot deliver: let the queue accept messages before subscribing it.
  depends_on = [aws_sqs_queue_policy.this]
}

# The policy and subscription used to be unconditional: existing state moves to index 0, so the
# processors' queues keep them untouched.
moved {
  from = aws_sqs_queue_policy.this
  to   = aws_sqs_queue_policy.this[0]
}

moved {
  from = aws_sns_topic_subscription.this
  to   = aws_sns_topic_subscription.this[0]
}

################################################################################
# Alarm
################################################################################

resource "aws_cloudwatch_metric_alarm" "dlq" {
  alarm_name        = "${var.name}-dlq-not-empty"
  alarm_description = "Messages in ${aws_sqs_queue.dlq.name}: ${var.name} failed them ${var.max_receive_count} times. Inspect them, fix the cause, then redrive them to ${var.name}."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.dlq.name
  }
  statistic           = "Maximum"
  period              = var.dlq_alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions

  tags = var.tags
}
