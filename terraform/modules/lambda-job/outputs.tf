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
  description = "UUID of the queue's event source mapping (what `aws lambda update-event-source-mapping --uuid` takes, for example to pause consumption); null without `queue`."
  value       = try(aws_lambda_event_source_mapping.queue[0].uuid, null)
}

output "event_source_mapping_arn" {
  description = "ARN of the queue's event source mapping; null without `queue`."
  value       = try(aws_lambda_event_source_mapping.queue[0].arn, null)
}

output "schedule_name" {
  description = "Name of the EventBridge Scheduler schedule (in the `default` group); null without `schedule`."
  value       = try(aws_scheduler_schedule.this[0].name, null)
}

output "schedule_expression" {
  description = "The schedule's expression, such as `rate(15 minutes)`; null without `schedule`."
  value       = try(aws_scheduler_schedule.this[0].schedule_expression, null)
}

output "schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule; null without `schedule`."
  value       = try(aws_scheduler_schedule.this[0].arn, null)
}

output "scheduler_role_arn" {
  description = "ARN of the role EventBridge Scheduler assumes to invoke the function; null without `schedule`."
  value       = try(aws_iam_role.scheduler[0].arn, null)
}

output "error_alarm_arn" {
  description = "ARN of the alarm on the function's errors."
  value       = aws_cloudwatch_metric_alarm.errors.arn
}
