data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# prod.tfvars must never be planned in the staging workspace (or the reverse).
resource "terraform_data" "workspace_guard" {
  input = terraform.workspace

  lifecycle {
    precondition {
      condition     = terraform.workspace == var.environment
      error_message = "The selected workspace (${terraform.workspace}) does not match environment = \"${var.environment}\" in the var-file. Run `terraform workspace select ${var.environment}` or pass environments/${terraform.workspace}.tfvars."
    }
  }
}

################################################################################
# Encryption
################################################################################

module "kms" {
  source = "./modules/kms"

  alias                   = local.name
  description             = "Encrypts ${local.name}: media buckets, topics, queues and the table"
  deletion_window_in_days = var.kms_deletion_window_days

  # Multi-Region from the start, so that adding a table replica later never replaces the key.
  multi_region    = true
  replica_regions = var.table_replica_regions

  # S3 publishes to encrypted topics, SNS delivers to encrypted queues, CloudWatch
  # publishes alarms to the encrypted alarm topic.
  service_principals = ["s3.amazonaws.com", "sns.amazonaws.com", "cloudwatch.amazonaws.com"]

  # CloudWatch Logs encrypts the log groups of the Lambda functions, the API, the Fargate workers and the VPC flow logs.
  log_group_names = ["/aws/lambda/${local.name}-*", "/aws/apigateway/${local.name}-*", "/aws/ecs/${local.name}-*", "/aws/vpc/${local.name}-*"]

  # The media distribution reads the derived bucket through OAC. A pattern, not module.cdn's ARN:
  # the key must exist before the buckets, long before the distribution has finished deploying.
  cloudfront_distribution_arns = ["arn:${data.aws_partition.current.partition}:cloudfront::${local.account_id}:distribution/*"]
}

################################################################################
# Media buckets
################################################################################

module "originals" {
  source = "./modules/storage"

  # Bucket names are global: the account ID keeps them unique.
  bucket        = "${local.name}-originals-${local.account_id}"
  kms_key_arn   = module.kms.key_arn
  force_destroy = var.buckets_force_destroy

  versioning = {
    enabled                            = true
    noncurrent_version_expiration_days = var.originals_noncurrent_version_expiration_days
  }

  # The web client (served by the distribution) posts uploads straight to the bucket.
  cors_rules = [{
    allowed_methods = ["POST", "PUT"]
    allowed_origins = concat(var.upload_allowed_origins, [module.cdn.url])
  }]

  access_logging = {
    expiration_days = var.access_log_expiration_days
  }

  transfer_acceleration_enabled = var.originals_transfer_acceleration
}

module "derived" {
  source = "./modules/storage"

  bucket        = "${local.name}-derived-${local.account_id}"
  kms_key_arn   = module.kms.key_arn
  force_destroy = var.buckets_force_destroy

  # CloudFront reads renditions through Origin Access Control, and only through the distribution.
  policy_statements = module.cdn.media_bucket_policy_statements

  # Renditions are rebuilt from the originals (the reprocess command), so no versions.
  versioning = {
    enabled = false
  }

  access_logging = {
    expiration_days = var.access_log_expiration_days
  }
}

################################################################################
# Fan-out: S3 events -> SNS topics
################################################################################

module "originals_events" {
  source = "./modules/fanout"

  bucket      = module.originals.bucket_id
  kms_key_arn = module.kms.key_arn
  topics      = local.originals_topics
}

module "derived_events" {
  source = "./modules/fanout"

  bucket      = module.derived.bucket_id
  kms_key_arn = module.kms.key_arn
  topics      = local.derived_topics
}

################################################################################
# One queue, dead-letter queue, subscription and alarm per processor
################################################################################

module "processor_queue" {
  source   = "./modules/processor-queue"
  for_each = local.processors

  name        = "${local.name}-${each.key}"
  topic_arn   = merge(module.originals_events.topic_arns, module.derived_events.topic_arns)[each.value.topic_id]
  kms_key_arn = module.kms.key_arn

  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  max_receive_count          = each.value.max_receive_count
  lambda_timeout_seconds     = each.value.lambda_timeout_seconds

  alarm_actions = local.alarm_actions
}

################################################################################
# One Lambda function per Lambda processor, fed by its queue
################################################################################

module "lambda_processor" {
  source   = "./modules/lambda-processor"
  for_each = local.lambda_processors

  function_name = "${local.name}-${each.key}"
  description   = each.value.description

  filename         = "${local.lambda_dist_dir}/${each.value.package.zip}"
  source_code_hash = each.value.package.sha256
  handler          = each.value.package.handler
  runtime          = each.value.package.runtime
  architecture     = each.value.package.architecture

  memory_size = each.value.memory_size
  timeout     = each.value.timeout
  environment_variables = merge(
    local.processor_environment_common,
    { POWERTOOLS_SERVICE_NAME = each.key },
    try(local.processor_environment[each.key], {}),
  )
  tracing_mode = var.processor_xray_tracing ? "Active" : "PassThrough"
  kms_key_arn  = module.kms.key_arn

  log_retention_days    = var.processor_log_retention_days
  application_log_level = var.processor_log_level
  alarm_actions         = local.alarm_actions

  queue_arn                          = module.processor_queue[each.key].queue_arn
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.batch_window
  maximum_concurrency                = each.value.maximum_concurrency

  input = {
    bucket_arn = each.value.input_source == "originals" ? module.originals.bucket_arn : module.derived.bucket_arn
    key_prefix = each.value.input_key_prefix
    key_suffix = each.value.input_key_suffix
  }
  output = contains(local.processors_without_output, each.key) ? null : {
    bucket_arn = module.derived.bucket_arn
    key_prefix = local.derived_prefix
  }

  table_arn         = module.table.table_arn
  table_actions     = try(local.processor_table_actions[each.key], null)
  policy_statements = try(local.processor_policy_statements[each.key], [])
}

################################################################################
# Metadata table
################################################################################

module "table" {
  source = "./modules/table"

  name      = "${local.name}-media"
  hash_key  = local.table.hashKey
  range_key = lookup(local.table, "rangeKey", null)
  attributes = [
    for attribute in local.table_key_attributes : { name = attribute, type = "S" }
  ]
  global_secondary_indexes = [
    for index in local.table.globalSecondaryIndexes : {
      name      = index.name
      hash_key  = index.hashKey
      range_key = lookup(index, "rangeKey", null)
    }
  ]
  ttl_attribute_name = lookup(local.table, "ttlAttribute", null)

  kms_key_arn                 = module.kms.key_arn
  deletion_protection_enabled = var.table_deletion_protection

  replicas = [
    for region in var.table_replica_regions : {
      region_name = region
      kms_key_arn = module.kms.replica_key_arns[region]
    }
  ]
}

################################################################################
# Alarm notifications
################################################################################

resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = module.kms.key_arn
}

data "aws_iam_policy_document" "alarms" {
  statement {
    sid       = "CloudWatchAlarmsOfThisAccountPublish"
    effect    = "Allow"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms.json
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email != null ? 1 : 0

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}
