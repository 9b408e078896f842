output "environment" {
  description = "Environment (the Terraform workspace) this state describes."
  value       = local.environment
}

output "region" {
  description = "Home Region of the environment."
  value       = var.region
}

output "kms_key_arn" {
  description = "ARN of the environment's customer managed KMS key."
  value       = module.kms.key_arn
}

# Exactly the fields of WebConfig (src/shared/web-config.ts): `make deploy-web` checks it with
# parseWebConfig and serves it as /config.json, so one web build serves every environment.
output "web_config" {
  description = "The web client's runtime configuration, served as /config.json by `make deploy-web`: the API on the page's own origin (CloudFront's /api/*), the user pool and its web client, the Cognito endpoint the browser signs in with, whether self sign-up is on, and the API's upload caps in bytes."
  value = {
    apiBase          = ""
    region           = var.region
    userPoolId       = module.auth.user_pool_id
    userPoolClientId = module.auth.client_id
    cognitoEndpoint  = "${local.cognito_origin}/"
    selfSignUp       = module.auth.self_sign_up_enabled
    maxUploadBytes   = local.upload_max_bytes
  }
}

output "originals_bucket_name" {
  description = "Name of the bucket that receives uploads (originals/<class>/<mediaId>.<ext>)."
  value       = module.originals.bucket_id
}

output "originals_bucket_arn" {
  description = "ARN of the originals bucket."
  value       = module.originals.bucket_arn
}

output "originals_transfer_acceleration_enabled" {
  description = "Whether uploads may use the originals bucket's accelerated endpoint."
  value       = module.originals.bucket_transfer_acceleration_enabled
}

output "derived_bucket_name" {
  description = "Name of the bucket holding the renditions (derived/<mediaId>/v<n>/<file>)."
  value       = module.derived.bucket_id
}

output "derived_bucket_arn" {
  description = "ARN of the derived bucket."
  value       = module.derived.bucket_arn
}

output "derived_bucket_regional_domain_name" {
  description = "Regional domain name of the derived bucket, for the CloudFront origin."
  value       = module.derived.bucket_regional_domain_name
}

output "topic_arns" {
  description = "ARNs of the event topics, by topic ID (`image`, `video`, `derived-<output>`)."
  value       = merge(module.originals_events.topic_arns, module.derived_events.topic_arns)
}

output "processor_queue_arns" {
  description = "ARNs of the processors' queues, by processor name."
  value       = { for name, queue in module.processor_queue : name => queue.queue_arn }
}

output "processor_queue_urls" {
  description = "URLs of the processors' queues, by processor name."
  value       = { for name, queue in module.processor_queue : name => queue.queue_url }
}

output "processor_dlq_arns" {
  description = "ARNs of the processors' dead-letter queues, by processor name."
  value       = { for name, queue in module.processor_queue : name => queue.dlq_arn }
}

output "processor_dlq_urls" {
  description = "URLs of the processors' dead-letter queues, by processor name."
  value       = { for name, queue in module.processor_queue : name => queue.dlq_url }
}

output "processor_function_names" {
  description = "Names of the Lambda processors' functions, by processor name."
  value       = { for name, processor in module.lambda_processor : name => processor.function_name }
}

output "processor_function_arns" {
  description = "ARNs of the Lambda processors' functions, by processor name."
  value       = { for name, processor in module.lambda_processor : name => processor.function_arn }
}

output "processor_log_group_names" {
  description = "Log groups of the Lambda processors' functions, by processor name."
  value       = { for name, processor in module.lambda_processor : name => processor.log_group_name }
}

output "table_name" {
  description = "Name of the DynamoDB table (the same in every replica Region)."
  value       = module.table.table_name
}

output "table_arn" {
  description = "ARN of the DynamoDB table in the home Region."
  value       = module.table.table_arn
}

output "table_stream_arn" {
  description = "ARN of the table's stream."
  value       = module.table.table_stream_arn
}

output "table_replica_arns" {
  description = "ARNs of the table's replicas, by Region."
  value       = module.table.table_replica_arns
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

################################################################################
# Album API and its sign-in
################################################################################

output "api_endpoint" {
  description = "Default endpoint of the album API (`https://<api id>.execute-api.<region>.amazonaws.com`); clients use it through CloudFront's /api/*."
  value       = module.api.api_endpoint
}

output "api_id" {
  description = "ID of the album API (HTTP API)."
  value       = module.api.api_id
}

output "api_function_name" {
  description = "Name of the API Lambda function."
  value       = module.api.function_name
}

output "api_log_group_names" {
  description = "Log groups of the API: the function's and the stage's access logs."
  value = {
    function = module.api.log_group_name
    access   = module.api.access_log_group_name
  }
}

output "api_cursor_key_parameter_name" {
  description = "SSM SecureString holding the API's pagination cursor key (generated by Terraform, kept out of its state)."
  value       = module.api.cursor_key_parameter_name
}

output "media_signing_private_key_parameter" {
  description = "SSM SecureString holding the active media signing key as JSON, {\"keyPairId\", \"privateKey\"} (`make signing-key-activate` writes it): the API signs media URLs with it."
  value       = local.media_signing_private_key_parameter
}

output "user_pool_id" {
  description = "ID of the Cognito user pool."
  value       = module.auth.user_pool_id
}

output "user_pool_client_id" {
  description = "ID of the web app client (no secret), what the web client and the JWT authorizer's audience use."
  value       = module.auth.client_id
}

output "user_pool_issuer" {
  description = "Issuer of the user pool's tokens, `https://cognito-idp.<region>.amazonaws.com/<user pool ID>`."
  value       = module.auth.issuer
}

output "auth_hosted_ui_url" {
  description = "Base URL of the Cognito hosted UI, or null without auth_domain_prefix."
  value       = module.auth.hosted_ui_url
}

################################################################################
# Delivery (CloudFront)
################################################################################

output "cdn_distribution_id" {
  description = "ID of the environment's CloudFront distribution (for invalidations after a web client release)."
  value       = module.cdn.distribution_id
}

output "cdn_distribution_arn" {
  description = "ARN of the CloudFront distribution: the AWS:SourceArn of the media bucket's and the KMS key's CloudFront statements."
  value       = module.cdn.distribution_arn
}

output "cdn_url" {
  description = "Base URL of the web client (first custom domain, or the *.cloudfront.net name); the API is under /api/."
  value       = module.cdn.url
}

output "cdn_domain_name" {
  description = "The distribution's *.cloudfront.net domain name."
  value       = module.cdn.domain_name
}

output "web_bucket_name" {
  description = "Bucket of the web client: `make deploy-web ENV=<env>` uploads the build here."
  value       = module.cdn.web_bucket_name
}

output "cdn_log_bucket_name" {
  description = "Bucket holding the distribution's access logs."
  value       = module.cdn.log_bucket_name
}

output "media_signing_public_key_ids" {
  description = "ID of each CloudFront public key trusted to verify signed media URLs, by label (their Key-Pair-Id); `make signing-key-activate` stores the new key's ID beside its private key."
  value       = module.cdn.media_public_key_ids
}

################################################################################
# Fargate processors (video)
################################################################################

output "worker_repository_urls" {
  description = "ECR repository of each Fargate worker, by processor name: where `make image ENV=<env>` pushes `<url>:<git commit>`."
  value       = { for name, worker in module.video_worker : name => worker.repository_url }
}

output "worker_cluster_names" {
  description = "ECS cluster of each Fargate worker, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.cluster_name }
}

output "worker_service_names" {
  description = "ECS service of each Fargate worker, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.service_name }
}

output "worker_task_definition_arns" {
  description = "Task definition (with revision) each Fargate worker's service runs, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.task_definition_arn }
}

output "worker_log_group_names" {
  description = "Log group of each Fargate worker, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.log_group_name }
}

output "worker_image_tag" {
  description = "Image tag the Fargate workers run (the git commit `make image` pushed)."
  value       = var.worker_image_tag
}

output "workers_vpc_id" {
  description = "ID of the Fargate workers' VPC; null without Fargate processors."
  value       = one(module.network[*].vpc_id)
}

output "workers_private_subnet_ids" {
  description = "Private subnets the Fargate workers run in (for `aws ecs run-task`, say); empty without Fargate processors."
  value       = flatten(module.network[*].private_subnet_ids)
}

################################################################################
# Jobs (jobs.tf)
################################################################################

output "job_function_names" {
  description = "Lambda function of each job of the registry, by job name."
  value       = { for name, job in module.lambda_job : name => job.function_name }
}

output "job_log_group_names" {
  description = "Log group of each job's function, by job name."
  value       = { for name, job in module.lambda_job : name => job.log_group_name }
}

output "job_schedule_arns" {
  description = "EventBridge Scheduler schedule of each scheduled job, by job name."
  value       = { for name, job in module.lambda_job : name => job.schedule_arn if job.schedule_arn != null }
}

output "job_queue_urls" {
  description = "Queue of each queue-fed job, by job name."
  value       = { for name, queue in module.job_queue : name => queue.queue_url }
}

output "job_dlq_urls" {
  description = "Dead-letter queue of each queue-fed job, by job name (redrive from here once the cause is fixed)."
  value       = { for name, queue in module.job_queue : name => queue.dlq_url }
}

output "album_deletion_queue_url" {
  description = "Queue the API sends album deletions to (ALBUM_DELETION_QUEUE_URL), consumed by the album-deleter job."
  value       = local.album_deletion_queue_url
}

################################################################################
# Observability
################################################################################

output "dashboard_name" {
  description = "Name of the environment's pipeline dashboard in CloudWatch."
  value       = module.observability.dashboard_name
}

output "dashboard_url" {
  description = "Console URL of the pipeline dashboard: uploads, per-processor throughput and failures, queue depth and age, API latency and status, Fargate tasks."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards/dashboard/${module.observability.dashboard_name}"
}
