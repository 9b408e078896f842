output "repository_url" {
  description = "URL of the worker's ECR repository (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`), where `make image` pushes."
  value       = aws_ecr_repository.this.repository_url
}

output "repository_name" {
  description = "Name of the worker's ECR repository."
  value       = aws_ecr_repository.this.name
}

output "repository_arn" {
  description = "ARN of the worker's ECR repository."
  value       = aws_ecr_repository.this.arn
}

output "repository_force_delete" {
  description = "Whether `terraform destroy` deletes the repository with the images still in it (`repository_force_delete`)."
  value       = aws_ecr_repository.this.force_delete
}

output "image" {
  description = "Image the task definition runs, `<repository_url>:<image_tag>`."
  value       = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
}

output "cluster_name" {
  description = "Name of the worker's ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the worker's ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the worker's ECS service."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition the service runs."
  value       = aws_ecs_task_definition.this.arn
}

output "task_role_arn" {
  description = "ARN of the task role (what the worker's code may call)."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the task execution role (image pull and logs)."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "Name of the worker's log group, `/aws/ecs/<name>`."
  value       = aws_cloudwatch_log_group.this.name
}

output "security_group_id" {
  description = "ID of the tasks' security group (no inbound, HTTPS out)."
  value       = aws_security_group.tasks.id
}

output "saturation_alarm_arn" {
  description = "ARN of the alarm on running the maximum number of tasks while the backlog grows."
  value       = aws_cloudwatch_metric_alarm.saturated.arn
}
