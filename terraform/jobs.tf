# Jobs: upkeep that S3 events do not drive. Per entry of the registry's "jobs" one Lambda function
# (modules/lambda-job) run by its trigger: a queue of its own (with a dead-letter queue) that our
# code sends to, or an EventBridge Scheduler schedule. A new job is a registry entry, its handler,
# and here its environment and permissions (a job that is not listed gets none beyond its logs and
# its own queue).
#
#   album-deleter  fed by `<p>-album-deleter`: the API sends {ownerId, albumId} when a user deletes
#                  an album; the job deletes the album's media a page at a time and sends itself a
#                  continuation (with DelaySeconds) until the album is gone.
#   sweeper        every `everyMinutes` minutes: lists both buckets and scans the table, deletes
#                  stray objects, fails stuck items, restores an original a second upload replaced
#                  (deletes the newer version) and re-sends album deletions that stalled.

################################################################################
# Locals
################################################################################

locals {
  # Jobs: memory, timeout and trigger from the registry; the queue's settings (queue-fed jobs
  # only) like a processor's; the package from dist/ like the Lambda processors' (locals.tf).
  jobs = {
    for job in local.registry.jobs : job.name => {
      description   = job.description
      trigger       = job.trigger.kind
      memory_size   = job.memoryMb
      timeout       = job.timeoutSeconds
      every_minutes = try(job.trigger.everyMinutes, null)
      # Queue-fed jobs only.
      visibility_timeout_seconds = try(job.visibilityTimeoutSeconds, null)
      max_receive_count          = try(job.receiveLimit, null)
      batch_size                 = try(job.batchSize, null)
      maximum_concurrency        = try(min(job.maxConcurrency, coalesce(var.processor_max_concurrency, job.maxConcurrency)), null)
      package = {
        zip          = try(local.lambda_manifest[job.name].zip, "${job.name}.zip")
        sha256       = try(local.lambda_manifest[job.name].sha256, null)
        handler      = try(local.lambda_manifest[job.name].handler, "index.handler")
        runtime      = try(local.lambda_manifest[job.name].runtime, "nodejs24.x")
        architecture = try(local.lambda_manifest[job.name].architecture, "arm64")
      }
    }
  }

  # One queue and dead-letter queue per queue-fed job, named like a processor's
  # (src/shared/topology.ts jobQueues: `<p>-<job>`, `<p>-<job>-dlq`).
  job_queues = { for name, job in local.jobs : name => job if job.trigger == "queue" }

  # The API and the sweeper send album deletions here; the album-deleter sends its continuations.
  album_deletion_queue_url = module.job_queue["album-deleter"].queue_url
  album_deletion_queue_arn = module.job_queue["album-deleter"].queue_arn

  # What a job reads beyond the variables every job gets (below), by job name.
  job_environment = {
    # An upload that has not arrived this long after its URL was issued is stuck.
    "sweeper" = {
      UPLOAD_URL_TTL_SECONDS = tostring(var.upload_url_ttl_seconds)
    }
  }

  # Each job's whole environment: the processors' variables, its service name, the album deletion
  # queue (the API, the sweeper and the album-deleter itself send to it) and its own extras.
  job_function_environment = {
    for name, job in local.jobs : name => merge(
      local.processor_environment_common,
      {
        POWERTOOLS_SERVICE_NAME  = name
        ALBUM_DELETION_QUEUE_URL = local.album_deletion_queue_url
      },
      try(local.job_environment[name], {}),
    )
  }

  # A scheduled run must never overlap the previous one; queue-fed jobs are capped by their
  # mapping's maximum concurrency instead.
  job_reserved_concurrency = { for name, job in local.jobs : name => job.trigger == "schedule" ? 1 : null }

  # The services that use the key on a job's behalf (kms:ViaService).
  kms_via_sqs = "sqs.${var.region}.${data.aws_partition.current.dns_suffix}"

  # Originals live under originals/<class>/ (registry mediaClasses); the jobs handle them all.
  originals_prefix = "originals/"

  table_index_arns = [for index in local.table.globalSecondaryIndexes : "${module.table.table_arn}/index/${index.name}"]

  # Sending to one of our SSE-KMS queues needs a data key, and SQS checks kms:Decrypt too. One
  # statement per role, however many queues it sends to: give it next to the SendMessage ones.
  encrypt_messages_through_sqs_statement = {
    sid       = "EncryptMessagesThroughSqs"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.kms.key_arn]
    conditions = [{
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kms_via_sqs]
    }]
  }

  send_album_deletions_statement = {
    sid        = "SendAlbumDeletions"
    actions    = ["sqs:SendMessage"]
    resources  = [local.album_deletion_queue_arn]
    conditions = []
  }

  # What every job holds to send album deletions (the API adds its retries to it, api.tf).
  send_album_deletions_statements = [local.send_album_deletions_statement, local.encrypt_messages_through_sqs_statement]

  # What each job's handler calls, and nothing else: a handler that starts making a new call needs
  # it added here (the local stack does not enforce IAM). Deleting a key needs no KMS permission.
  job_policy_statements = {
    "album-deleter" = concat([
      # Album, media and label-index items: read the album, page through its media (gsi1), delete
      # each item with its counters (TransactWriteItems needs the actions of its parts), record
      # progress.
      {
        sid        = "ReadWriteTable"
        actions    = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:PutItem"]
        resources  = [module.table.table_arn]
        conditions = []
      },
      {
        sid        = "QueryAlbumMediaIndex"
        actions    = ["dynamodb:Query"]
        resources  = ["${module.table.table_arn}/index/gsi1"]
        conditions = []
      },
      {
        sid        = "DeleteOriginals"
        actions    = ["s3:DeleteObject"]
        resources  = ["${module.originals.bucket_arn}/${local.originals_prefix}*"]
        conditions = []
      },
      # Lists derived/<mediaId>/ and deletes what it finds (DeleteObjects checks s3:DeleteObject
      # per key); S3 sets s3:prefix to the listed prefix.
      {
        sid       = "ListDerivedObjects"
        actions   = ["s3:ListBucket"]
        resources = [module.derived.bucket_arn]
        conditions = [{
          test     = "StringLike"
          variable = "s3:prefix"
          values   = ["${local.derived_prefix}*"]
        }]
      },
      {
        sid        = "DeleteDerivedObjects"
        actions    = ["s3:DeleteObject"]
        resources  = ["${module.derived.bucket_arn}/${local.derived_prefix}*"]
        conditions = []
      },
    ], local.send_album_deletions_statements)

    "sweeper" = concat([
      {
        sid        = "ScanAndRepairTable"
        actions    = ["dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:PutItem"]
        resources  = [module.table.table_arn]
        conditions = []
      },
      {
        sid        = "ReadTableIndexes"
        actions    = ["dynamodb:Scan", "dynamodb:Query"]
        resources  = local.table_index_arns
        conditions = []
      },
      # Lists originals/ with their versions (a replaced original is a noncurrent version).
      {
        sid       = "ListOriginals"
        actions   = ["s3:ListBucket", "s3:ListBucketVersions"]
        resources = [module.originals.bucket_arn]
        conditions = [{
          test     = "StringLike"
          variable = "s3:prefix"
          values   = ["${local.originals_prefix}*"]
        }]
      },
      # Deletes a stray original, and restores a replaced one by deleting the newer versions. It
      # never reads an object's bytes, so no GetObject and no kms:Decrypt through S3.
      {
        sid        = "RepairOriginals"
        actions    = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
        resources  = ["${module.originals.bucket_arn}/${local.originals_prefix}*"]
        conditions = []
      },
      {
        sid       = "ListDerivedObjects"
        actions   = ["s3:ListBucket"]
        resources = [module.derived.bucket_arn]
        conditions = [{
          test     = "StringLike"
          variable = "s3:prefix"
          values   = ["${local.derived_prefix}*"]
        }]
      },
      {
        sid        = "DeleteStrayDerivedObjects"
        actions    = ["s3:DeleteObject"]
        resources  = ["${module.derived.bucket_arn}/${local.derived_prefix}*"]
        conditions = []
      },
    ], local.send_album_deletions_statements)
  }
}

################################################################################
# One queue, dead-letter queue and alarm per queue-fed job
################################################################################

module "job_queue" {
  source   = "./modules/processor-queue"
  for_each = local.job_queues

  # No topic: only our own code (the API, the sweeper, the job itself) sends to it.
  name                = "${local.name}-${each.key}"
  kms_key_arn         = module.kms.key_arn
  create_subscription = false

  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  max_receive_count          = each.value.max_receive_count
  lambda_timeout_seconds     = each.value.timeout

  alarm_actions = local.alarm_actions
}

################################################################################
# One Lambda function per job, run by its queue or its schedule
################################################################################

module "lambda_job" {
  source   = "./modules/lambda-job"
  for_each = local.jobs

  function_name = "${local.name}-${each.key}"
  description   = each.value.description

  filename         = "${local.lambda_dist_dir}/${each.value.package.zip}"
  source_code_hash = each.value.package.sha256
  handler          = each.value.package.handler
  runtime          = each.value.package.runtime
  architecture     = each.value.package.architecture

  memory_size                    = each.value.memory_size
  timeout                        = each.value.timeout
  reserved_concurrent_executions = local.job_reserved_concurrency[each.key]
  environment_variables          = local.job_function_environment[each.key]
  tracing_mode                   = var.processor_xray_tracing ? "Active" : "PassThrough"
  kms_key_arn                    = module.kms.key_arn

  log_retention_days    = var.processor_log_retention_days
  application_log_level = var.processor_log_level
  alarm_actions         = local.alarm_actions

  queue = each.value.trigger == "queue" ? {
    arn                 = module.job_queue[each.key].queue_arn
    batch_size          = each.value.batch_size
    maximum_concurrency = each.value.maximum_concurrency
  } : null

  schedule = each.value.trigger == "schedule" ? {
    every_minutes = each.value.every_minutes
    enabled       = var.jobs_schedules_enabled
  } : null

  policy_statements = try(local.job_policy_statements[each.key], [])
}
