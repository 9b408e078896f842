output "dashboard_name" {
  description = "Name of the pipeline dashboard (CloudWatch console, Dashboards)."
  value       = aws_cloudwatch_dashboard.pipeline.dashboard_name
}

output "dashboard_arn" {
  description = "ARN of the pipeline dashboard."
  value       = aws_cloudwatch_dashboard.pipeline.dashboard_arn
}

output "queue_age_alarm_arns" {
  description = "ARNs of the oldest-message-age alarms, by queue key."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.queue_age : key => alarm.arn }
}

output "throttle_alarm_arns" {
  description = "ARNs of the throttle alarms, by function key (only functions with `throttle_alarm`)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.throttles : key => alarm.arn }
}

output "api_5xx_rate_alarm_arn" {
  description = "ARN of the API 5xx rate alarm, or null without `api`."
  value       = try(aws_cloudwatch_metric_alarm.api_5xx_rate[0].arn, null)
}
