# Each module under modules/, planned on its own against a mocked AWS provider, with the inputs the
# root module gives it: the resources' own arguments, which the root module's plan cannot reach
# (a test can only read a child module's outputs), and the variable validations that must refuse
# a wrong input. Run once by `make validate-tf` / `make test-tf`; by hand, from terraform/:
#
#   tofu test -filter=tests/modules.tftest.hcl

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/tofu-test"
      user_id    = "AIDATOFUTEST"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name        = "ap-southeast-2"
      region      = "ap-southeast-2"
      endpoint    = "ec2.ap-southeast-2.amazonaws.com"
      description = "Asia Pacific (Sydney)"
    }
  }

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-mock-media"
      stream_arn = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-mock-media/stream/2026-01-01T00:00:00.000"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/photo-album-mock-role"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-mock"
      invoke_arn = "arn:aws:apigateway:ap-southeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-mock/invocations"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/lambda/photo-album-mock"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
      key_id = "mrk-0123456789abcdef0123456789abcdef"
    }
  }

  mock_resource "aws_kms_replica_key" {
    defaults = {
      arn    = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
      key_id = "mrk-0123456789abcdef0123456789abcdef"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::photo-album-test-originals-123456789012"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-originals-image"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-image-variants"
      url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-test-image-variants"
    }
  }
}

variables {
  kms_key_arn = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
}

################################################################################
# processor-queue: the image-variants Lambda processor of registry/processors.json
################################################################################

run "processor_queue" {
  command = plan

  module {
    source = "./modules/processor-queue"
  }

  variables {
    name                       = "photo-album-test-image-variants"
    topic_arn                  = "arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-originals-image"
    visibility_timeout_seconds = 360
    max_receive_count          = 5
    lambda_timeout_seconds     = 60
    alarm_actions              = ["arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-alarms"]
  }

  assert {
    condition     = aws_sqs_queue.this.name == var.name && aws_sqs_queue.dlq.name == "${var.name}-dlq"
    error_message = "Queue and DLQ names: ${aws_sqs_queue.this.name}, ${aws_sqs_queue.dlq.name}."
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds == 360 && aws_sqs_queue.this.receive_wait_time_seconds == 20
    error_message = "The queue must take the visibility timeout given and long-poll for 20 s."
  }

  assert {
    condition = (
      jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 5 &&
      jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    )
    error_message = "The queue must redrive to its DLQ after max_receive_count receives: ${aws_sqs_queue.this.redrive_policy}."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this.arn]
    error_message = "Only the processor's own queue may redrive into its DLQ."
  }

  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds >= aws_sqs_queue.this.message_retention_seconds
    error_message = "The DLQ must keep messages at least as long as the queue, or they expire on the way in."
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    error_message = "Both queues must be encrypted with the environment's KMS key."
  }

  assert {
    condition = (
      length(aws_sns_topic_subscription.this) == 1 &&
      aws_sns_topic_subscription.this[0].protocol == "sqs" &&
      aws_sns_topic_subscription.this[0].raw_message_delivery &&
      aws_sns_topic_subscription.this[0].topic_arn == var.topic_arn &&
      aws_sns_topic_subscription.this[0].endpoint == aws_sqs_queue.this.arn &&
      length(aws_sqs_queue_policy.this) == 1
    )
    error_message = "The queue must subscribe to its topic with raw message delivery, so a message body is exactly an S3 event."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.dlq.dimensions.QueueName == aws_sqs_queue.dlq.name &&
      aws_cloudwatch_metric_alarm.dlq.metric_name == "ApproximateNumberOfMessagesVisible" &&
      aws_cloudwatch_metric_alarm.dlq.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.dlq.threshold == 0 &&
      aws_cloudwatch_metric_alarm.dlq.alarm_actions == toset(var.alarm_actions)
    )
    error_message = "The DLQ alarm must fire on the first message in the DLQ and notify alarm_actions."
  }
}

# SQS -> Lambda: the visibility timeout must be at least six times the function timeout.
run "processor_queue_refuses_short_visibility_timeout" {
  command = plan

  module {
    source = "./modules/processor-queue"
  }

  variables {
    name                       = "photo-album-test-image-variants"
    topic_arn                  = "arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-originals-image"
    visibility_timeout_seconds = 300
    lambda_timeout_seconds     = 60
  }

  expect_failures = [var.visibility_timeout_seconds]
}

################################################################################
# lambda-processor: the image-variants function, fed by its queue
################################################################################

run "lambda_processor" {
  command = plan

  module {
    source = "./modules/lambda-processor"
  }

  variables {
    function_name       = "photo-album-test-image-variants"
    filename            = "../dist/image-variants.zip"
    architecture        = "arm64"
    memory_size         = 2048
    timeout             = 60
    queue_arn           = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-image-variants"
    batch_size          = 10
    maximum_concurrency = 50
    input = {
      bucket_arn = "arn:aws:s3:::photo-album-test-originals-123456789012"
      key_prefix = "originals/image/"
    }
    output = {
      bucket_arn = "arn:aws:s3:::photo-album-test-derived-123456789012"
      key_prefix = "derived/"
    }
    table_arn = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
  }

  assert {
    condition = (
      aws_lambda_function.this.function_name == var.function_name &&
      aws_lambda_function.this.architectures == tolist(["arm64"]) &&
      aws_lambda_function.this.memory_size == 2048 &&
      aws_lambda_function.this.timeout == 60
    )
    error_message = "The function must take its name, architecture, memory and timeout from the inputs."
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.queue.event_source_arn == var.queue_arn &&
      aws_lambda_event_source_mapping.queue.batch_size == 10 &&
      toset(aws_lambda_event_source_mapping.queue.function_response_types) == toset(["ReportBatchItemFailures"]) &&
      alltrue([for scaling in aws_lambda_event_source_mapping.queue.scaling_config : scaling.maximum_concurrency == 50])
    )
    error_message = "The queue's mapping must report partial batch failures and cap concurrency at maximum_concurrency."
  }

  assert {
    condition     = aws_cloudwatch_log_group.lambda.name == "/aws/lambda/${var.function_name}" && aws_cloudwatch_log_group.lambda.kms_key_id == var.kms_key_arn
    error_message = "The function's log group is /aws/lambda/<function>, encrypted with the environment's key."
  }

  # After recording a new set of renditions the function lists derived/<mediaId>/ and deletes the
  # older recipes' keys: ListBucket on the output bucket, but only for prefixes under derived/.
  assert {
    condition = (
      length([
        for statement in data.aws_iam_policy_document.lambda.statement : statement
        if contains(statement.actions, "s3:ListBucket") && contains(statement.resources, var.output.bucket_arn)
      ]) == 1 &&
      alltrue([
        for statement in data.aws_iam_policy_document.lambda.statement :
        statement.sid == "ListOutputKeys" && statement.effect == "Allow" &&
        toset(statement.actions) == toset(["s3:ListBucket"]) &&
        toset(statement.resources) == toset(["arn:aws:s3:::photo-album-test-derived-123456789012"]) &&
        length(statement.condition) == 1 &&
        alltrue([
          for condition in statement.condition :
          condition.test == "StringLike" && condition.variable == "s3:prefix" && toset(condition.values) == toset(["derived/*"])
        ])
        if contains(statement.actions, "s3:ListBucket") && contains(statement.resources, var.output.bucket_arn)
      ])
    )
    error_message = "The role may list the output (derived) bucket in one statement, ListOutputKeys, only with s3:prefix StringLike derived/*: ${jsonencode([for statement in data.aws_iam_policy_document.lambda.statement : statement if contains(statement.actions, "s3:ListBucket")])}."
  }

  assert {
    condition = (
      toset(one([for statement in data.aws_iam_policy_document.lambda.statement : statement if statement.sid == "WriteOutputObjects"]).actions) == toset(["s3:PutObject", "s3:DeleteObject"]) &&
      toset(one([for statement in data.aws_iam_policy_document.lambda.statement : statement if statement.sid == "WriteOutputObjects"]).resources) == toset(["arn:aws:s3:::photo-album-test-derived-123456789012/derived/*"])
    )
    error_message = "The role writes and deletes objects only under the output prefix (derived/*)."
  }
}

################################################################################
# lambda-processor without output: the image-labels function, which writes nothing to S3 and
# reads the web rendition from the derived bucket
################################################################################

run "lambda_processor_without_output" {
  command = plan

  module {
    source = "./modules/lambda-processor"
  }

  variables {
    function_name       = "photo-album-test-image-labels"
    filename            = "../dist/image-labels.zip"
    memory_size         = 512
    timeout             = 30
    queue_arn           = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-image-labels"
    batch_size          = 10
    maximum_concurrency = 10
    input = {
      bucket_arn = "arn:aws:s3:::photo-album-test-derived-123456789012"
      key_prefix = "derived/"
      key_suffix = "/web.jpg"
    }
    table_arn     = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
    table_actions = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    policy_statements = [{
      sid       = "DetectLabels"
      actions   = ["rekognition:DetectLabels"]
      resources = ["*"]
    }]
  }

  # Its one ListBucket is the unconditional ListInputKeys on the derived bucket (a deleted web
  # rendition must read as 404, not 403); nothing about the output is added.
  assert {
    condition = (
      length([for statement in data.aws_iam_policy_document.lambda.statement : statement if contains(statement.actions, "s3:ListBucket")]) == 1 &&
      toset(one([for statement in data.aws_iam_policy_document.lambda.statement : statement if statement.sid == "ListInputKeys"]).actions) == toset(["s3:ListBucket"]) &&
      toset(one([for statement in data.aws_iam_policy_document.lambda.statement : statement if statement.sid == "ListInputKeys"]).resources) == toset(["arn:aws:s3:::photo-album-test-derived-123456789012"]) &&
      length(one([for statement in data.aws_iam_policy_document.lambda.statement : statement if statement.sid == "ListInputKeys"]).condition) == 0
    )
    error_message = "The only ListBucket must be the unconditional ListInputKeys on the input (derived) bucket: ${jsonencode([for statement in data.aws_iam_policy_document.lambda.statement : statement if contains(statement.actions, "s3:ListBucket")])}."
  }

  assert {
    condition = (
      length([
        for statement in data.aws_iam_policy_document.lambda.statement : statement
        if contains(["ListOutputKeys", "WriteOutputObjects", "GenerateDataKeyThroughS3"], statement.sid)
      ]) == 0 &&
      length(flatten([for statement in data.aws_iam_policy_document.lambda.statement : [for condition in statement.condition : condition if condition.variable == "s3:prefix"]])) == 0 &&
      !contains(flatten([for statement in data.aws_iam_policy_document.lambda.statement : statement.actions]), "s3:PutObject") &&
      !contains(flatten([for statement in data.aws_iam_policy_document.lambda.statement : statement.actions]), "s3:DeleteObject")
    )
    error_message = "Without output the role gets no output statement (ListOutputKeys, WriteOutputObjects, GenerateDataKeyThroughS3): ${jsonencode([for statement in data.aws_iam_policy_document.lambda.statement : statement.sid])}."
  }
}

# SQS -> Lambda: maximum concurrency of a mapping is 2 to 1,000.
run "lambda_processor_refuses_concurrency_below_two" {
  command = plan

  module {
    source = "./modules/lambda-processor"
  }

  variables {
    function_name       = "photo-album-test-image-variants"
    filename            = "../dist/image-variants.zip"
    queue_arn           = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-image-variants"
    maximum_concurrency = 1
    input = {
      bucket_arn = "arn:aws:s3:::photo-album-test-originals-123456789012"
      key_prefix = "originals/image/"
    }
    table_arn = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
  }

  expect_failures = [var.maximum_concurrency]
}

################################################################################
# fanout: S3 events of one bucket to one topic per prefix (and suffix)
################################################################################

run "fanout_originals" {
  command = plan

  module {
    source = "./modules/fanout"
  }

  variables {
    bucket = "photo-album-test-originals-123456789012"
    topics = {
      for media_class, definition in jsondecode(file("../registry/processors.json")).mediaClasses :
      media_class => { name = "photo-album-test-originals-${media_class}", filter_prefix = definition.originalsPrefix }
    }
  }

  assert {
    condition = (
      { for topic in aws_s3_bucket_notification.this.topic : topic.id => topic.filter_prefix } ==
      { for media_class, definition in jsondecode(file("../registry/processors.json")).mediaClasses : media_class => definition.originalsPrefix }
    )
    error_message = "One notification per media class, filtered on its originals prefix: ${jsonencode(aws_s3_bucket_notification.this.topic)}."
  }

  assert {
    condition = alltrue([
      for topic in aws_s3_bucket_notification.this.topic :
      topic.filter_suffix == null && topic.events == toset(["s3:ObjectCreated:*"])
    ])
    error_message = "Originals notifications take every ObjectCreated event and no suffix filter."
  }

  assert {
    condition     = alltrue([for topic in aws_sns_topic.this : topic.kms_master_key_id == var.kms_key_arn && !endswith(topic.name, ".fifo")])
    error_message = "Topics must be standard (S3 cannot publish to FIFO topics) and encrypted with the environment's key."
  }

  assert {
    condition     = aws_s3_bucket_notification.this.bucket == var.bucket
    error_message = "The notification must belong to the bucket given."
  }
}

run "fanout_derived" {
  command = plan

  module {
    source = "./modules/fanout"
  }

  variables {
    bucket = "photo-album-test-derived-123456789012"
    topics = {
      for output, definition in jsondecode(file("../registry/processors.json")).derivedOutputs :
      "derived-${output}" => { name = "photo-album-test-derived-${output}", filter_prefix = "derived/", filter_suffix = "/${definition.fileName}" }
    }
  }

  assert {
    condition = (
      { for topic in aws_s3_bucket_notification.this.topic : topic.id => [topic.filter_prefix, topic.filter_suffix] } ==
      { for output, definition in jsondecode(file("../registry/processors.json")).derivedOutputs : "derived-${output}" => ["derived/", "/${definition.fileName}"] }
    )
    error_message = "One notification per derived output, filtered on derived/ and /<fileName>: ${jsonencode(aws_s3_bucket_notification.this.topic)}."
  }
}

# S3 refuses overlapping filters for the same event type; the module refuses them first.
run "fanout_refuses_overlapping_prefixes" {
  command = plan

  module {
    source = "./modules/fanout"
  }

  variables {
    bucket = "photo-album-test-originals-123456789012"
    topics = {
      all   = { name = "photo-album-test-all", filter_prefix = "originals/" }
      image = { name = "photo-album-test-image", filter_prefix = "originals/image/" }
    }
  }

  expect_failures = [var.topics]
}

################################################################################
# table: on-demand, PITR, TTL, a global table with encrypted replicas
################################################################################

run "table_global" {
  command = plan

  module {
    source = "./modules/table"
  }

  variables {
    name               = "photo-album-test-media"
    hash_key           = "pk"
    range_key          = "sk"
    attributes         = [{ name = "pk", type = "S" }, { name = "sk", type = "S" }, { name = "gsi1pk", type = "S" }, { name = "gsi1sk", type = "S" }]
    ttl_attribute_name = "expiresAt"
    global_secondary_indexes = [
      { name = "gsi1", hash_key = "gsi1pk", range_key = "gsi1sk" },
    ]
    replicas = [
      { region_name = "us-west-2", kms_key_arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef" },
      { region_name = "eu-west-1", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef" },
    ]
  }

  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST"
    error_message = "The table must be on-demand."
  }

  assert {
    condition     = alltrue([for pitr in aws_dynamodb_table.this.point_in_time_recovery : pitr.enabled]) && length(aws_dynamodb_table.this.point_in_time_recovery) == 1
    error_message = "Point-in-time recovery must be on."
  }

  assert {
    condition = (
      toset([for replica in aws_dynamodb_table.this.replica : replica.region_name]) == toset(["us-west-2", "eu-west-1"]) &&
      alltrue([for replica in aws_dynamodb_table.this.replica : replica.point_in_time_recovery && replica.deletion_protection_enabled && replica.kms_key_arn != null])
    )
    error_message = "Every replica needs PITR, deletion protection (inherited from the table) and its Region's key: ${jsonencode(aws_dynamodb_table.this.replica)}."
  }

  assert {
    condition     = aws_dynamodb_table.this.stream_enabled && aws_dynamodb_table.this.stream_view_type == "NEW_AND_OLD_IMAGES"
    error_message = "A global table replicates through a NEW_AND_OLD_IMAGES stream."
  }

  assert {
    condition     = alltrue([for ttl in aws_dynamodb_table.this.ttl : ttl.enabled && ttl.attribute_name == "expiresAt"]) && length(aws_dynamodb_table.this.ttl) == 1
    error_message = "TTL must be on, on expiresAt (abandoned uploads expire)."
  }

  assert {
    condition     = alltrue([for sse in aws_dynamodb_table.this.server_side_encryption : sse.enabled && sse.kms_key_arn == var.kms_key_arn])
    error_message = "The table must be encrypted with the environment's key."
  }

  assert {
    condition     = aws_dynamodb_table.this.deletion_protection_enabled
    error_message = "Deletion protection is on by default."
  }
}

run "table_replicas_need_the_stream" {
  command = plan

  module {
    source = "./modules/table"
  }

  variables {
    name             = "photo-album-test-media"
    hash_key         = "pk"
    attributes       = [{ name = "pk", type = "S" }]
    stream_view_type = "NEW_IMAGE"
    replicas         = [{ region_name = "us-west-2" }]
  }

  expect_failures = [var.replicas]
}

################################################################################
# storage: a private, encrypted bucket with its access-log bucket
################################################################################

run "storage_originals" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    bucket = "photo-album-test-originals-123456789012"
    versioning = {
      enabled                            = true
      noncurrent_version_expiration_days = 30
    }
    cors_rules = [{
      allowed_methods = ["POST", "PUT"]
      allowed_origins = ["https://photos.example.com"]
    }]
    transfer_acceleration_enabled = true
  }

  assert {
    condition     = aws_s3_bucket.this.bucket == var.bucket && aws_s3_bucket.logs[0].bucket == "${var.bucket}-logs"
    error_message = "The bucket and its log bucket (<bucket>-logs) are named from var.bucket."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy &&
      aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "Every public access must be blocked."
  }

  assert {
    condition     = alltrue([for rule in aws_s3_bucket_ownership_controls.this.rule : rule.object_ownership == "BucketOwnerEnforced"])
    error_message = "CloudFront Origin Access Control needs BucketOwnerEnforced object ownership."
  }

  assert {
    condition = alltrue(flatten([
      for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : [
        for default in rule.apply_server_side_encryption_by_default :
        default.sse_algorithm == "aws:kms" && default.kms_master_key_id == var.kms_key_arn
      ]
    ]))
    error_message = "Objects must be encrypted with SSE-KMS and the environment's key."
  }

  assert {
    condition     = length(aws_s3_bucket_versioning.this) == 1 && length(aws_s3_bucket_accelerate_configuration.this) == 1 && length(aws_s3_bucket_cors_configuration.this) == 1
    error_message = "Versioning, transfer acceleration and the CORS rule follow the inputs."
  }

  # A deleted original stays a noncurrent version for exactly the days asked, then is gone.
  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_lifecycle_configuration.this.rule :
      [for expiration in rule.noncurrent_version_expiration : expiration.noncurrent_days] == [30]
    ])
    error_message = "Noncurrent versions must expire after versioning.noncurrent_version_expiration_days."
  }

  # The access-log bucket refuses requests without TLS, like the bucket it logs.
  assert {
    condition = length([
      for statement in data.aws_iam_policy_document.logs[0].statement : statement
      if statement.effect == "Deny" && toset(statement.actions) == toset(["s3:*"]) &&
      toset(statement.resources) == toset([aws_s3_bucket.logs[0].arn, "${aws_s3_bucket.logs[0].arn}/*"]) &&
      alltrue([for principal in statement.principals : principal.type == "*" && toset(principal.identifiers) == toset(["*"])]) &&
      length([
        for condition in statement.condition : condition
        if condition.test == "Bool" && condition.variable == "aws:SecureTransport" && toset(condition.values) == toset(["false"])
      ]) == 1
    ]) == 1
    error_message = "The access-log bucket's policy must deny every request without TLS (aws:SecureTransport false) on the bucket and its objects."
  }

  # S3 log delivery may write exactly where the bucket's logging configuration sends the logs.
  assert {
    condition = one([
      for statement in data.aws_iam_policy_document.logs[0].statement : statement.resources
      if statement.sid == "S3ServerAccessLogDelivery"
    ]) == toset(["${aws_s3_bucket.logs[0].arn}/${aws_s3_bucket_logging.this[0].target_prefix}*"])
    error_message = "The log bucket's policy must admit S3 log delivery under the logging configuration's target prefix."
  }
}

run "storage_derived" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    bucket     = "photo-album-test-derived-123456789012"
    versioning = { enabled = false }
  }

  assert {
    condition     = length(aws_s3_bucket_versioning.this) == 0 && length(aws_s3_bucket_accelerate_configuration.this) == 0 && length(aws_s3_bucket_cors_configuration.this) == 0
    error_message = "Without versioning, acceleration or CORS rules, none of those resources is planned."
  }
}

################################################################################
# kms: a multi-Region key with a replica (and alias) per table replica Region
################################################################################

run "kms_multi_region" {
  command = plan

  module {
    source = "./modules/kms"
  }

  variables {
    alias           = "photo-album-test"
    multi_region    = true
    replica_regions = ["us-west-2", "eu-west-1"]
  }

  assert {
    condition     = aws_kms_key.this.multi_region && aws_kms_key.this.enable_key_rotation
    error_message = "The key must be multi-Region with rotation on."
  }

  assert {
    condition = (
      toset(keys(aws_kms_replica_key.this)) == toset(var.replica_regions) &&
      alltrue([for region, key in aws_kms_replica_key.this : key.region == region]) &&
      alltrue([for region, alias in aws_kms_alias.replica : alias.region == region && alias.name == "alias/${var.alias}"])
    )
    error_message = "One replica key and alias per replica Region, each in its Region."
  }
}
