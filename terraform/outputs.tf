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
  description = "Name of the bucket holding the renditions (derived/<mediaId>/<file>)."
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
