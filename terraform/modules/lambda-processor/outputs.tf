output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.lambda.name
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.lambda.arn
}

output "log_group_name" {
  description = "Name of the function's log group, `/aws/lambda/<function_name>`."
  value       = aws_cloudwatch_log_group.lambda.name
}

output "log_group_arn" {
  description = "ARN of the function's log group."
  value       = aws_cloudwatch_log_group.lambda.arn
}

output "event_source_mapping_uuid" {
  description = "UUID of the queue's event source mapping (what `aws lambda update-event-source-mapping --uuid` takes, for example to pause consumption)."
  value       = aws_lambda_event_source_mapping.queue.uuid
}

output "event_source_mapping_arn" {
  description = "ARN of the queue's event source mapping."
  value       = aws_lambda_event_source_mapping.queue.arn
}

output "error_alarm_arn" {
  description = "ARN of the alarm on the function's errors and throttles."
  value       = aws_cloudwatch_metric_alarm.errors.arn
}
