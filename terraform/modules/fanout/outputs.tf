output "topic_arns" {
  description = "ARNs of the topics, by topic ID."
  value       = { for id, topic in aws_sns_topic.this : id => topic.arn }
}

output "topic_names" {
  description = "Names of the topics, by topic ID."
  value       = { for id, topic in aws_sns_topic.this : id => topic.name }
}

output "bucket_notification_id" {
  description = "ID of the bucket notification configuration (the bucket's name)."
  value       = aws_s3_bucket_notification.this.id
}
