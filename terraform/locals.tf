locals {
  # The workspace is the environment: every name carries it.
  environment = terraform.workspace
  name        = "${var.project}-${local.environment}"
  account_id  = data.aws_caller_identity.current.account_id

  # One definition of every processor drives Terraform and the local stack alike
  # (src/shared/registry.ts reads the same files). Adding a processor to
  # processors.json adds its queue, dead-letter queue, subscription and alarm here.
  registry = jsondecode(file("${path.module}/../registry/processors.json"))
  table    = jsondecode(file("${path.module}/../registry/table.json"))

  # Renditions are written to derived/<mediaId>/v<n>/<fileName>, <n> the processor's recipe version
  # (renditionKey in src/shared/renditions.ts; the topics' filters in src/shared/topology.ts).
  derived_prefix = "derived/"

  # Topic IDs and names follow src/shared/topology.ts: `<class>` for originals,
  # `derived-<output>` for derived outputs.
  originals_topics = {
    for media_class, definition in local.registry.mediaClasses : media_class => {
      name          = "${local.name}-originals-${media_class}"
      filter_prefix = definition.originalsPrefix
    }
  }

  derived_topics = {
    for output, definition in local.registry.derivedOutputs : "derived-${output}" => {
      name          = "${local.name}-derived-${output}"
      filter_prefix = local.derived_prefix
      filter_suffix = "/${definition.fileName}"
    }
  }

  processors = {
    for processor in local.registry.processors : processor.name => {
      topic_id                   = processor.consumes.source == "originals" ? lookup(processor.consumes, "mediaClass", "") : "derived-${lookup(processor.consumes, "output", "")}"
      visibility_timeout_seconds = processor.visibilityTimeoutSeconds
      max_receive_count          = processor.receiveLimit
      # Only a Lambda consumer's timeout bounds the visibility timeout; the Fargate
      # worker extends visibility while it works.
      lambda_timeout_seconds = processor.runtime == "lambda" ? processor.timeoutSeconds : null
    }
  }

  # Lambda processors: memory, timeout, batching and concurrency come from the registry, the input
  # from what the processor consumes (an originals prefix, or one derived file name under
  # derived/), and the package from dist/ (below).
  lambda_processors = {
    for processor in local.registry.processors : processor.name => {
      description         = processor.description
      memory_size         = processor.memoryMb
      timeout             = processor.timeoutSeconds
      batch_size          = processor.batchSize
      batch_window        = lookup(processor, "batchWindowSeconds", 0)
      maximum_concurrency = min(processor.maxConcurrency, coalesce(var.processor_max_concurrency, processor.maxConcurrency))
      input_source        = processor.consumes.source
      input_key_prefix    = processor.consumes.source == "originals" ? try(local.registry.mediaClasses[lookup(processor.consumes, "mediaClass", "")].originalsPrefix, null) : local.derived_prefix
      input_key_suffix    = processor.consumes.source == "originals" ? "" : "/${try(local.registry.derivedOutputs[lookup(processor.consumes, "output", "")].fileName, "")}"
      package = {
        zip          = try(local.lambda_manifest[processor.name].zip, "${processor.name}.zip")
        sha256       = try(local.lambda_manifest[processor.name].sha256, null)
        handler      = try(local.lambda_manifest[processor.name].handler, "index.handler")
        runtime      = try(local.lambda_manifest[processor.name].runtime, "nodejs24.x")
        architecture = try(local.lambda_manifest[processor.name].architecture, "arm64")
      }
    } if processor.runtime == "lambda"
  }

  # The Lambda packages: `make build` (build.mjs) writes dist/<name>.zip and dist/manifest.json
  # with each zip's base64 SHA-256, handler, runtime and architecture; `make plan` builds first.
  # Without a build, validate, plan and tofu test still run on the fallbacks above; only apply
  # needs the zips (it fails on the missing file).
  lambda_dist_dir = "${path.module}/../dist"
  lambda_manifest = try(jsondecode(file("${local.lambda_dist_dir}/manifest.json")), {})

  # Every processor function gets these; the local stack sets the same ones
  # (src/local/function-environment.ts).
  # Where the processors' embedded metrics land (src/shared/metrics.ts), read by the dashboard.
  metrics_namespace = "${var.project}/${local.environment}"

  processor_environment_common = {
    TABLE_NAME           = module.table.table_name
    ORIGINALS_BUCKET     = module.originals.bucket_id
    DERIVED_BUCKET       = module.derived.bucket_id
    S3_FORCE_PATH_STYLE  = "false"
    POWERTOOLS_LOG_LEVEL = var.processor_log_level
    # Processed, rejected (by code) and duration, written as embedded-metric-format log lines.
    POWERTOOLS_METRICS_NAMESPACE = local.metrics_namespace
  }

  # What a Lambda processor needs beyond the registry, by processor name. One that is not listed
  # gets no extra variables, the module's default table actions (GetItem, Query, PutItem,
  # UpdateItem, DeleteItem, BatchWriteItem), write access to derived/ and no other permission.
  processor_environment = {
    "image-variants" = {
      MAX_INPUT_PIXELS  = tostring(var.image_max_input_pixels)
      MAX_INPUT_BYTES   = tostring(var.image_max_bytes)
      SHARP_CONCURRENCY = tostring(var.image_sharp_concurrency)
    }
    "image-labels" = {
      LABELS_MIN_CONFIDENCE = tostring(var.labels_min_confidence)
      LABELS_MAX            = tostring(var.labels_max)
    }
    "image-moderation"  = local.moderation_environment
    "poster-moderation" = local.moderation_environment
  }

  moderation_environment = {
    MODERATION_MIN_CONFIDENCE     = tostring(var.moderation_min_confidence)
    MODERATION_IGNORED_CATEGORIES = join(",", var.moderation_ignored_categories)
  }

  # The DynamoDB calls each handler makes (src/shared/media-store.ts and its job module): the
  # role gets these and no others, so a handler that starts making a new call needs it added here.
  processor_table_actions = {
    # getMedia, recordProcessorResult (conditional updates)
    "image-variants" = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    # the same, plus the label index (src/shared/label-index.ts): Query a media item's entries, and
    # add or remove each with its owner's counter in one TransactWriteItems (Put/Delete + Update)
    "image-labels" = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    # getMedia, recordProcessorResult: the finding goes onto the media item
    "image-moderation"  = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    "poster-moderation" = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
  }

  # Processors that write nothing to S3: labels and moderation findings go onto the media item.
  processors_without_output = ["image-labels", "image-moderation", "poster-moderation"]

  processor_policy_statements = {
    # Rekognition has no resource-level permissions for DetectLabels: "*" is the only resource
    # it accepts. It reads the image itself with the function's S3 and KMS permissions.
    "image-labels" = [{
      sid       = "DetectLabels"
      actions   = ["rekognition:DetectLabels"]
      resources = ["*"]
    }]
    "image-moderation" = [{
      sid       = "DetectModerationLabels"
      actions   = ["rekognition:DetectModerationLabels"]
      resources = ["*"]
    }]
    "poster-moderation" = [{
      sid       = "DetectModerationLabels"
      actions   = ["rekognition:DetectModerationLabels"]
      resources = ["*"]
    }]
  }

  # Every key of the table and its indexes; all of them are strings.
  table_key_attributes = distinct(compact(concat(
    [local.table.hashKey, lookup(local.table, "rangeKey", "")],
    flatten([for index in local.table.globalSecondaryIndexes : [index.hashKey, lookup(index, "rangeKey", "")]]),
  )))

  alarm_actions = concat([aws_sns_topic.alarms.arn], var.alarm_actions)
}
