output "queue_arn" {
  description = "ARN of the queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the queue."
  value       = aws_sqs_queue.this.url
}

output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "subscription_arn" {
  description = "ARN of the queue's subscription to the topic; null with `create_subscription = false`."
  value       = try(aws_sns_topic_subscription.this[0].arn, null)
}

output "dlq_alarm_arn" {
  description = "ARN of the alarm on the dead-letter queue's depth."
  value       = aws_cloudwatch_metric_alarm.dlq.arn
}
