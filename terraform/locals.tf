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

  # Renditions are written to derived/<mediaId>/<fileName> (src/shared/topology.ts).
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

  # Every key of the table and its indexes; all of them are strings.
  table_key_attributes = distinct(compact(concat(
    [local.table.hashKey, lookup(local.table, "rangeKey", "")],
    flatten([for index in local.table.globalSecondaryIndexes : [index.hashKey, lookup(index, "rangeKey", "")]]),
  )))

  alarm_actions = concat([aws_sns_topic.alarms.arn], var.alarm_actions)
}
