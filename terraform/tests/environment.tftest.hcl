# The root module, planned for one environment against a mocked AWS provider.
#
# `make validate-tf` (tools/tofu/validate-tf.sh) runs this file once per environments/<env>.tfvars,
# with `-var-file=environments/<env>.tfvars` and TF_WORKSPACE=<env>, so every assertion below holds
# for dev, staging and prod alike: they compare the plan with the registry (registry/*.json) and
# with the environment's own variables. By hand, from terraform/:
#
#   TF_WORKSPACE=prod tofu test -filter=tests/environment.tftest.hcl -var-file=environments/prod.tfvars
#
# Expected values are read from the registry here, not taken from the module's locals, so a slip
# in the module's own reading of the registry shows up as a failure.

mock_provider "aws" {
  # Values the module's variable validations check (account IDs, ARNs); the mock's random
  # strings would not pass them.
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
      id                          = "photo-album-mock-bucket"
      arn                         = "arn:aws:s3:::photo-album-mock-bucket"
      bucket_regional_domain_name = "photo-album-mock-bucket.s3.ap-southeast-2.amazonaws.com"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:ap-southeast-2:123456789012:photo-album-mock-topic"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-mock-queue"
      url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-mock-queue"
    }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn            = "arn:aws:cloudfront::123456789012:distribution/E2MOCKDISTRIBUTION"
      domain_name    = "d111111abcdef8.cloudfront.net"
      hosted_zone_id = "Z2FDTNDATAQYW2"
    }
  }

  mock_resource "aws_cloudfront_function" {
    defaults = {
      arn = "arn:aws:cloudfront::123456789012:function/photo-album-mock-spa-routes"
    }
  }

  mock_resource "aws_cloudwatch_log_delivery_destination" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:delivery-destination:photo-album-mock-cdn-s3"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]
      zone_ids = ["apse2-az1", "apse2-az2", "apse2-az3"]
    }
  }

  mock_resource "aws_appautoscaling_policy" {
    defaults = {
      arn = "arn:aws:autoscaling:ap-southeast-2:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/mock/mock:policyName/mock"
    }
  }
}

# Every queue would get the mock's one ARN: give dead-letter queues and the jobs' queues their own,
# so that an assertion can tell a processor's queue from its dead-letter queue or another queue.
override_resource {
  target = module.processor_queue.aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-mock-processor-dlq"
    url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-mock-processor-dlq"
  }
}

override_resource {
  target = module.job_queue.aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-mock-job"
    url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-mock-job"
  }
}

override_resource {
  target = module.job_queue.aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-mock-job-dlq"
    url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-mock-job-dlq"
  }
}

run "plan" {
  command = plan

  # --- the environment ------------------------------------------------------------------------

  assert {
    condition     = terraform.workspace == var.environment && terraform_data.workspace_guard.input == var.environment
    error_message = "run with TF_WORKSPACE=${var.environment} (validate-tf.sh does): the workspace guard compares the workspace with var.environment."
  }

  # --- the API: exactly one route per operation of the OpenAPI document ----------------------

  assert {
    condition = toset(keys(module.api.route_ids)) == toset(flatten([
      for path, item in jsondecode(file("../src/api/openapi.json")).paths : [
        for method, _ in item : "${upper(method)} ${path}"
        if contains(["get", "put", "post", "delete", "options", "head", "patch", "trace"], method)
      ]
    ]))
    error_message = "The API must have exactly one route per operation of src/api/openapi.json; it has ${jsonencode(keys(module.api.route_ids))}."
  }

  # --- the share links: every public operation but health, throttled tighter, all under /api/shared

  assert {
    condition = toset(local.api_public_route_keys) == toset(flatten([
      for path, item in jsondecode(file("../src/api/openapi.json")).paths : [
        for method, operation in item : "${upper(method)} ${path}"
        if contains(["get", "put", "post", "delete", "options", "head", "patch", "trace"], method) && try(length(operation.security) == 0, false) && "${upper(method)} ${path}" != "GET /api/health"
      ]
    ])) && length(local.api_public_route_keys) > 0
    error_message = "The public routes to throttle must be the document's `security: []` operations but GET /api/health: ${jsonencode(local.api_public_route_keys)}."
  }

  assert {
    condition = (
      toset(keys(module.api.route_throttling)) == toset(local.api_public_route_keys) &&
      alltrue([
        for settings in values(module.api.route_throttling) :
        settings.burst_limit == var.api_public_throttling_burst_limit && settings.rate_limit == var.api_public_throttling_rate_limit
      ])
    )
    error_message = "The stage must throttle exactly the public routes at api_public_throttling_burst_limit / _rate_limit: ${jsonencode(module.api.route_throttling)}."
  }

  # The WAF's share-link rule counts URI paths under /api/shared (delivery.tf): a public route
  # elsewhere would escape it.
  assert {
    condition     = alltrue([for key in local.api_public_route_keys : startswith(split(" ", key)[1], "/api/shared")])
    error_message = "Every public route but health must be under /api/shared, where the WAF's share-link rate limit counts: ${jsonencode(local.api_public_route_keys)}."
  }

  # --- one queue, dead-letter queue and alarm per registry processor ---------------------------

  assert {
    condition = (
      toset(keys(module.processor_queue)) ==
      toset([for p in jsondecode(file("../registry/processors.json")).processors : p.name])
    )
    error_message = "module.processor_queue must have exactly one instance per processor of registry/processors.json; it has ${jsonencode(keys(module.processor_queue))}."
  }

  assert {
    condition = alltrue([
      for p in jsondecode(file("../registry/processors.json")).processors :
      module.processor_queue[p.name].queue_name == "${var.project}-${var.environment}-${p.name}" &&
      module.processor_queue[p.name].dlq_name == "${var.project}-${var.environment}-${p.name}-dlq"
    ])
    error_message = "Every processor's queue must be named <project>-<env>-<processor> and its DLQ <project>-<env>-<processor>-dlq: ${jsonencode({ for k, q in module.processor_queue : k => [q.queue_name, q.dlq_name] })}."
  }

  assert {
    condition = (
      keys(output.processor_queue_arns) == keys(output.processor_dlq_arns) &&
      keys(output.processor_queue_urls) == keys(output.processor_dlq_urls) &&
      toset(keys(output.processor_queue_arns)) == toset(keys(module.processor_queue))
    )
    error_message = "The processor_queue_* and processor_dlq_* outputs must list every processor."
  }

  # Queue settings come from the registry: visibility timeout and receive limit.
  assert {
    condition = alltrue([
      for p in jsondecode(file("../registry/processors.json")).processors :
      local.processors[p.name].visibility_timeout_seconds == p.visibilityTimeoutSeconds &&
      local.processors[p.name].max_receive_count == p.receiveLimit &&
      local.processors[p.name].lambda_timeout_seconds == (p.runtime == "lambda" ? p.timeoutSeconds : null)
    ])
    error_message = "The processors' queue settings differ from registry/processors.json: ${jsonencode(local.processors)}."
  }

  # Each processor subscribes to the topic of what it consumes: an originals media class, or a
  # derived output.
  assert {
    condition = alltrue([
      for p in jsondecode(file("../registry/processors.json")).processors :
      local.processors[p.name].topic_id == (p.consumes.source == "originals" ? p.consumes.mediaClass : "derived-${p.consumes.output}")
    ])
    error_message = "A processor is subscribed to the wrong topic: ${jsonencode({ for k, v in local.processors : k => v.topic_id })}."
  }

  # --- one Lambda function per Lambda processor, sized by the registry -------------------------

  assert {
    condition = (
      toset(keys(module.lambda_processor)) ==
      toset([for p in jsondecode(file("../registry/processors.json")).processors : p.name if p.runtime == "lambda"])
    )
    error_message = "module.lambda_processor must have one instance per processor with runtime \"lambda\", and no other: ${jsonencode(keys(module.lambda_processor))}."
  }

  assert {
    condition = alltrue([
      for p in jsondecode(file("../registry/processors.json")).processors :
      module.lambda_processor[p.name].function_name == "${var.project}-${var.environment}-${p.name}" &&
      output.processor_function_names[p.name] == "${var.project}-${var.environment}-${p.name}" &&
      output.processor_log_group_names[p.name] == "/aws/lambda/${var.project}-${var.environment}-${p.name}"
      if p.runtime == "lambda"
    ])
    error_message = "Every Lambda processor's function is named <project>-<env>-<processor> and logs to /aws/lambda/<function>: ${jsonencode(output.processor_function_names)}."
  }

  assert {
    condition = alltrue([
      for p in jsondecode(file("../registry/processors.json")).processors :
      local.lambda_processors[p.name].memory_size == p.memoryMb &&
      local.lambda_processors[p.name].timeout == p.timeoutSeconds &&
      local.lambda_processors[p.name].batch_size == p.batchSize &&
      local.lambda_processors[p.name].maximum_concurrency == min(p.maxConcurrency, coalesce(var.processor_max_concurrency, p.maxConcurrency)) &&
      contains(["arm64", "x86_64"], local.lambda_processors[p.name].package.architecture)
      if p.runtime == "lambda"
    ])
    error_message = "The Lambda processors' memory, timeout, batch size, concurrency or architecture differ from registry/processors.json: ${jsonencode(local.lambda_processors)}."
  }

  # SQS -> Lambda: the queue's visibility timeout at least 6x the function's timeout, and at least
  # 5 receives before the DLQ.
  assert {
    condition = alltrue([
      for p in jsondecode(file("../registry/processors.json")).processors :
      local.processors[p.name].visibility_timeout_seconds >= 6 * local.lambda_processors[p.name].timeout &&
      local.processors[p.name].max_receive_count >= 5
      if p.runtime == "lambda"
    ])
    error_message = "A Lambda processor's queue visibility timeout is below 6x its function timeout, or its receive limit below 5 (registry/processors.json)."
  }

  # --- jobs (jobs.tf): one function per registry job, its trigger, its environment and role ----
  # (tests/jobs.tftest.hcl checks the lambda-job module's own resources.)

  assert {
    condition = (
      toset(keys(module.lambda_job)) == toset([for job in jsondecode(file("../registry/processors.json")).jobs : job.name]) &&
      alltrue([
        for job in jsondecode(file("../registry/processors.json")).jobs :
        module.lambda_job[job.name].function_name == "${var.project}-${var.environment}-${job.name}" &&
        output.job_function_names[job.name] == "${var.project}-${var.environment}-${job.name}" &&
        output.job_log_group_names[job.name] == "/aws/lambda/${var.project}-${var.environment}-${job.name}" &&
        local.jobs[job.name].memory_size == job.memoryMb &&
        local.jobs[job.name].timeout == job.timeoutSeconds
      ])
    )
    error_message = "module.lambda_job must have one function per job of registry/processors.json, named <project>-<env>-<job> and sized by the registry: ${jsonencode(output.job_function_names)}."
  }

  # Scheduled jobs run at the registry's rate; queue-fed ones consume their own queue.
  assert {
    condition = alltrue([
      for job in jsondecode(file("../registry/processors.json")).jobs :
      job.trigger.kind == "schedule" ? (
        module.lambda_job[job.name].schedule_expression == "rate(${try(job.trigger.everyMinutes, 0)} minutes)" &&
        module.lambda_job[job.name].event_source_mapping_uuid == null &&
        contains(keys(output.job_schedule_arns), job.name)
        ) : (
        module.lambda_job[job.name].schedule_expression == null &&
        module.lambda_job[job.name].event_source_mapping_uuid != null &&
        !contains(keys(output.job_schedule_arns), job.name)
      )
    ])
    error_message = "Each scheduled job needs a rate(<everyMinutes> minutes) schedule and no mapping, each queue-fed job a mapping and no schedule: ${jsonencode({ for name, job in module.lambda_job : name => job.schedule_expression })}."
  }

  assert {
    condition     = module.lambda_job["sweeper"].schedule_expression == "rate(15 minutes)"
    error_message = "The sweeper runs every 15 minutes (registry/processors.json), not ${coalesce(module.lambda_job["sweeper"].schedule_expression, "never")}."
  }

  assert {
    condition = (
      toset(keys(module.job_queue)) == toset([for job in jsondecode(file("../registry/processors.json")).jobs : job.name if job.trigger.kind == "queue"]) &&
      alltrue([
        for job in jsondecode(file("../registry/processors.json")).jobs :
        module.job_queue[job.name].queue_name == "${var.project}-${var.environment}-${job.name}" &&
        module.job_queue[job.name].dlq_name == "${var.project}-${var.environment}-${job.name}-dlq" &&
        module.job_queue[job.name].subscription_arn == null &&
        local.jobs[job.name].visibility_timeout_seconds == job.visibilityTimeoutSeconds &&
        local.jobs[job.name].max_receive_count == job.receiveLimit &&
        local.jobs[job.name].batch_size == job.batchSize &&
        local.jobs[job.name].maximum_concurrency == min(job.maxConcurrency, coalesce(var.processor_max_concurrency, job.maxConcurrency))
        if job.trigger.kind == "queue"
      ])
    )
    error_message = "Every queue-fed job needs its own queue <project>-<env>-<job> and DLQ <job>-dlq, subscribed to nothing, with the registry's settings: ${jsonencode(keys(module.job_queue))}."
  }

  # Only the distribution reaches the API: the secret it sends is the one the API requires.
  assert {
    condition = (
      contains(keys(local.api_environment), "ORIGIN_VERIFY_SECRET") &&
      aws_ssm_parameter.origin_verify.type == "SecureString" &&
      aws_ssm_parameter.origin_verify.key_id == module.kms.key_arn &&
      data.aws_ssm_parameter.origin_verify.name == aws_ssm_parameter.origin_verify.name &&
      data.aws_ssm_parameter.origin_verify.with_decryption
    )
    error_message = "The API needs ORIGIN_VERIFY_SECRET, from the SecureString whose value CloudFront sends as x-origin-verify."
  }

  # The key group trusts every key file of the environment (one, or two mid-rotation), and the API
  # names the "initial" key only for a parameter that still holds a bare PEM key; the SSM JSON's
  # keyPairId names any other (src/api/signing-key.ts).
  assert {
    condition = (
      length(local.cdn_media_signing_public_keys) >= 1 &&
      toset(keys(module.cdn.media_public_key_ids)) == toset(keys(local.cdn_media_signing_public_keys)) &&
      output.media_signing_public_key_ids == module.cdn.media_public_key_ids &&
      local.api_environment.CLOUDFRONT_KEY_PAIR_ID == lookup(module.cdn.media_public_key_ids, "initial", "") &&
      local.api_environment.CLOUDFRONT_PRIVATE_KEY_PARAMETER == local.media_signing_private_key_parameter
    )
    error_message = "The key group must trust each environments/${var.environment}.media-signing-key*.pub.pem (${jsonencode(keys(local.cdn_media_signing_public_keys))}), and the API read its key and key pair ID from ${local.media_signing_private_key_parameter}."
  }

  # The API queues album deletions where the album-deleter consumes them; every job can re-send.
  assert {
    condition = (
      local.api_environment.ALBUM_DELETION_QUEUE_URL == module.job_queue["album-deleter"].queue_url &&
      output.album_deletion_queue_url == module.job_queue["album-deleter"].queue_url &&
      alltrue([for name, environment in local.job_function_environment : environment.ALBUM_DELETION_QUEUE_URL == module.job_queue["album-deleter"].queue_url && environment.POWERTOOLS_SERVICE_NAME == name]) &&
      local.job_function_environment["sweeper"].UPLOAD_URL_TTL_SECONDS == tostring(var.upload_url_ttl_seconds)
    )
    error_message = "The API and every job need ALBUM_DELETION_QUEUE_URL (the album-deleter's queue); the sweeper also UPLOAD_URL_TTL_SECONDS."
  }

  assert {
    condition = alltrue([
      for statement in local.send_album_deletions_statements :
      statement.sid != "SendAlbumDeletions" || (statement.actions == ["sqs:SendMessage"] && statement.resources == [module.job_queue["album-deleter"].queue_arn])
    ])
    error_message = "The API (and the jobs) may send to the album-deleter's queue only."
  }

  # Retrying a failed item: the API gets every processor's queue URL by processor name (Lambda
  # and Fargate processors alike), a JSON object src/api/config.ts parses.
  assert {
    condition = jsondecode(local.api_environment.PROCESSOR_QUEUE_URLS) == {
      for p in jsondecode(file("../registry/processors.json")).processors : p.name => module.processor_queue[p.name].queue_url
    }
    error_message = "PROCESSOR_QUEUE_URLS must map every processor of registry/processors.json to its own queue's URL: ${local.api_environment.PROCESSOR_QUEUE_URLS}."
  }

  # ... and may send to exactly those queues: one ARN per processor, no dead-letter queue.
  assert {
    condition = (
      length([for statement in local.api_policy_statements : statement if statement.sid == "SendProcessorRetries"]) == 1 &&
      alltrue([
        for statement in local.api_policy_statements :
        statement.actions == ["sqs:SendMessage"] &&
        length(statement.resources) == length(jsondecode(file("../registry/processors.json")).processors) &&
        toset(statement.resources) == toset([for p in jsondecode(file("../registry/processors.json")).processors : module.processor_queue[p.name].queue_arn])
        if statement.sid == "SendProcessorRetries"
      ])
    )
    error_message = "The API's SendProcessorRetries statement must allow sqs:SendMessage on each processor's queue, and nothing else: ${jsonencode([for statement in local.api_policy_statements : statement.resources if statement.sid == "SendProcessorRetries"])}."
  }

  # Every queue the API sends to is a processor's queue or the album deletion queue; it never
  # reaches a dead-letter queue; it uses the key through SQS in one statement.
  assert {
    condition = (
      length(setsubtract(
        toset(flatten([for statement in local.api_policy_statements : statement.resources if contains(statement.actions, "sqs:SendMessage")])),
        toset(concat([for p in jsondecode(file("../registry/processors.json")).processors : module.processor_queue[p.name].queue_arn], [module.job_queue["album-deleter"].queue_arn])),
      )) == 0 &&
      length(setintersection(
        toset(flatten([for statement in local.api_policy_statements : statement.resources])),
        toset(concat([for queue in module.processor_queue : queue.dlq_arn], [for queue in module.job_queue : queue.dlq_arn])),
      )) == 0 &&
      length([for statement in local.api_policy_statements : statement if statement.sid == "EncryptMessagesThroughSqs"]) == 1 &&
      length(distinct([for statement in local.api_policy_statements : statement.sid])) == length(local.api_policy_statements)
    )
    error_message = "The API may send to the processors' queues and the album deletion queue only (no dead-letter queue), with one EncryptMessagesThroughSqs statement: ${jsonencode(local.api_policy_statements)}."
  }

  # An original's download URL: the variable, and never longer-lived than a rendition's.
  assert {
    condition = (
      local.api_environment.ORIGINAL_URL_TTL_SECONDS == tostring(var.original_url_ttl_seconds) &&
      tonumber(local.api_environment.ORIGINAL_URL_TTL_SECONDS) <= tonumber(local.api_environment.MEDIA_URL_TTL_SECONDS)
    )
    error_message = "ORIGINAL_URL_TTL_SECONDS must be original_url_ttl_seconds (${var.original_url_ttl_seconds}), at most MEDIA_URL_TTL_SECONDS."
  }

  # Least privilege: the album-deleter never touches object versions and reads no object; no job
  # statement names "*"; only the sweeper scans the table.
  assert {
    condition = (
      !contains(flatten([for statement in local.job_policy_statements["album-deleter"] : statement.actions]), "s3:DeleteObjectVersion") &&
      !contains(flatten([for statement in local.job_policy_statements["album-deleter"] : statement.actions]), "s3:GetObject") &&
      !contains(flatten([for statement in local.job_policy_statements["album-deleter"] : statement.actions]), "dynamodb:Scan") &&
      alltrue([for statement in local.job_policy_statements["album-deleter"] : statement.resources == ["${module.table.table_arn}/index/gsi1"] if contains(statement.actions, "dynamodb:Query") && length(statement.actions) == 1])
    )
    error_message = "The album-deleter's role must not hold s3:DeleteObjectVersion, s3:GetObject or dynamodb:Scan, and queries only the album index gsi1: ${jsonencode(flatten([for statement in local.job_policy_statements["album-deleter"] : statement.actions]))}."
  }

  assert {
    condition = alltrue(flatten([
      for name, statements in local.job_policy_statements : [
        for statement in statements : !contains(statement.resources, "*") && alltrue([for action in statement.actions : !endswith(action, "*")])
      ]
    ])) && contains([for index in jsondecode(file("../registry/table.json")).globalSecondaryIndexes : index.name], "gsi1")
    error_message = "No job statement may grant a wildcard action or the \"*\" resource; gsi1 (the album index the album-deleter queries) must exist in registry/table.json."
  }

  assert {
    condition = alltrue([
      for statement in local.job_policy_statements["sweeper"] :
      alltrue([for resource in statement.resources : startswith(resource, "${module.originals.bucket_arn}/originals/")])
      if contains(statement.actions, "s3:DeleteObjectVersion")
    ])
    error_message = "The sweeper may delete object versions under originals/ of the originals bucket only."
  }

  # --- S3 notifications: one topic per media class and per derived output ----------------------

  assert {
    condition = (
      toset(keys(module.originals_events.topic_names)) == toset(keys(jsondecode(file("../registry/processors.json")).mediaClasses)) &&
      alltrue([
        for media_class, topic in module.originals_events.topic_names :
        topic == "${var.project}-${var.environment}-originals-${media_class}"
      ])
    )
    error_message = "The originals bucket needs one topic per media class, named <project>-<env>-originals-<class>: ${jsonencode(module.originals_events.topic_names)}."
  }

  assert {
    condition = alltrue([
      for media_class, definition in jsondecode(file("../registry/processors.json")).mediaClasses :
      local.originals_topics[media_class].filter_prefix == definition.originalsPrefix &&
      startswith(definition.originalsPrefix, "originals/${media_class}/")
    ])
    error_message = "Each media class's notification must filter on its originals prefix (originals/<class>/): ${jsonencode(local.originals_topics)}."
  }

  assert {
    condition = (
      toset(keys(module.derived_events.topic_names)) ==
      toset([for output, _ in jsondecode(file("../registry/processors.json")).derivedOutputs : "derived-${output}"]) &&
      alltrue([
        for output, definition in jsondecode(file("../registry/processors.json")).derivedOutputs :
        local.derived_topics["derived-${output}"].filter_prefix == "derived/" &&
        local.derived_topics["derived-${output}"].filter_suffix == "/${definition.fileName}"
      ])
    )
    error_message = "The derived bucket needs one topic per derived output, filtered on derived/ and /<fileName>: ${jsonencode(local.derived_topics)}."
  }

  # --- the table: name, replicas from the tfvars --------------------------------------------------

  assert {
    condition     = module.table.table_name == "${var.project}-${var.environment}-media"
    error_message = "The table must be named <project>-<env>-media, not ${module.table.table_name}."
  }

  assert {
    condition     = toset(keys(module.table.table_replica_arns)) == toset(var.table_replica_regions)
    error_message = "The table's replicas (${jsonencode(keys(module.table.table_replica_arns))}) must be exactly table_replica_regions (${jsonencode(var.table_replica_regions)})."
  }

  assert {
    condition     = toset(keys(module.kms.replica_key_arns)) == toset(var.table_replica_regions)
    error_message = "Every table replica Region needs a replica of the KMS key, and only those: ${jsonencode(keys(module.kms.replica_key_arns))}."
  }

  # Staging and prod keep their data: a global table and deletion protection on. Dev may do neither.
  assert {
    condition     = var.environment == "dev" || (var.table_deletion_protection && length(var.table_replica_regions) > 0 && !var.buckets_force_destroy)
    error_message = "${var.environment} must protect its data: table_deletion_protection = true, at least one table replica Region, buckets_force_destroy = false."
  }

  # --- the web client's /config.json (make deploy-web) -------------------------------------------

  assert {
    condition = (
      toset(keys(output.web_config)) == toset(["apiBase", "region", "userPoolId", "userPoolClientId", "cognitoEndpoint", "selfSignUp", "maxUploadBytes"]) &&
      output.web_config.apiBase == "" &&
      output.web_config.region == var.region &&
      output.web_config.cognitoEndpoint == "https://cognito-idp.${var.region}.amazonaws.com/" &&
      output.web_config.selfSignUp == var.auth_self_sign_up_enabled &&
      output.web_config.maxUploadBytes.image == var.image_max_bytes &&
      output.web_config.maxUploadBytes.video == var.video_max_bytes
    )
    error_message = "web_config must carry exactly WebConfig's fields (src/shared/web-config.ts): the API on the page's origin, the home Region's Cognito endpoint, self sign-up and the API's upload caps."
  }

  assert {
    condition = contains(
      split(" ", one([for directive in split("; ", module.cdn.content_security_policy) : directive if startswith(directive, "connect-src ")])),
      trimsuffix(output.web_config.cognitoEndpoint, "/")
    )
    error_message = "The CSP's connect-src must allow the Cognito endpoint the web client signs in with (web_config.cognitoEndpoint)."
  }

  # --- buckets, alarms -------------------------------------------------------------------------

  assert {
    condition     = output.originals_transfer_acceleration_enabled == var.originals_transfer_acceleration
    error_message = "The originals bucket's transfer acceleration must follow originals_transfer_acceleration."
  }

  assert {
    condition     = aws_sns_topic.alarms.name == "${var.project}-${var.environment}-alarms"
    error_message = "The alarm topic must be named <project>-<env>-alarms, not ${aws_sns_topic.alarms.name}."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.alarm_email) == (var.alarm_email == null ? 0 : 1)
    error_message = "An alarm e-mail subscription exists exactly when alarm_email is set."
  }

  # Staging and prod page someone: an email subscription or another alarm action.
  assert {
    condition     = var.environment == "dev" || length(aws_sns_topic_subscription.alarm_email) == 1 || length(var.alarm_actions) > 0
    error_message = "${var.environment} publishes alarms to a topic nobody subscribes to: environments/${var.environment}.tfvars needs alarm_email or alarm_actions."
  }

  # --- what only a real account shows: teardown, the first apply, the account, TLS -------------

  # Dev is torn down with `terraform destroy`: its image repositories go with their images, as its
  # buckets go with their objects. Elsewhere a repository holding images stops the destroy.
  assert {
    condition = length(module.video_worker) > 0 && alltrue([
      for name, worker in module.video_worker : worker.repository_force_delete == var.buckets_force_destroy
    ])
    error_message = "Every worker's ECR repository must have force_delete = buckets_force_destroy (${var.buckets_force_destroy}): ${jsonencode({ for name, worker in module.video_worker : name => worker.repository_force_delete })}."
  }

  # A fresh account gets the ECS service-linked role before the workers' clusters and services.
  assert {
    condition = (
      length(aws_iam_service_linked_role.ecs) == (var.create_ecs_service_linked_role ? 1 : 0) &&
      alltrue([for role in aws_iam_service_linked_role.ecs : role.aws_service_name == "ecs.amazonaws.com"])
    )
    error_message = "With create_ecs_service_linked_role (and a Fargate processor) the root creates the ECS service-linked role (ecs.amazonaws.com), and none without."
  }

  # Staging and prod are planned only with their own account's credentials.
  assert {
    condition     = var.environment == "dev" || length(var.allowed_account_ids) > 0
    error_message = "environments/${var.environment}.tfvars must set allowed_account_ids to the environment's account."
  }

  # Staging and prod serve on their own domain with a TLS 1.2 floor; on *.cloudfront.net
  # CloudFront allows TLSv1 and HSTS preload means nothing.
  assert {
    condition = var.environment == "dev" || (
      output.cdn_url == "https://${var.cdn_domain_names[0]}" &&
      contains(["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"], module.cdn.minimum_protocol_version)
    )
    error_message = "${var.environment} must serve on cdn_domain_names with TLSv1.2_2021 or stricter, not on *.cloudfront.net (TLSv1): ${output.cdn_url}, ${module.cdn.minimum_protocol_version}."
  }

  # Outside dev, self sign-up sends through SES: Cognito's own sender stops at about 50 a day.
  assert {
    condition     = var.environment == "dev" || !var.auth_self_sign_up_enabled || var.auth_ses_email != null
    error_message = "${var.environment} lets users sign up, so it needs auth_ses_email."
  }

  # Providers pinned: every module, and the root, bound the AWS provider below the next major
  # version, so `init -upgrade` never moves an environment to 7.x unreviewed.
  assert {
    condition = length(fileset(path.module, "modules/*/main.tf")) > 0 && length(fileset(path.module, "modules/*/versions.tf")) == length(fileset(path.module, "modules/*/main.tf")) && alltrue([
      for versions_file in concat(["versions.tf"], tolist(fileset(path.module, "modules/*/versions.tf"))) :
      can(regex("version\\s*=\\s*\">= 6\\.[0-9]+, < 7\\.0\\.0\"", file("${path.module}/${versions_file}")))
    ])
    error_message = "Every versions.tf (the root's and each module's) must require the AWS provider as \">= 6.<minor>, < 7.0.0\": ${jsonencode([for versions_file in concat(["versions.tf"], tolist(fileset(path.module, "modules/*/versions.tf"))) : versions_file if !can(regex("version\\s*=\\s*\">= 6\\.[0-9]+, < 7\\.0\\.0\"", file("${path.module}/${versions_file}")))])}."
  }
}

# An account that already has the ECS service-linked role: the root does not create it again.
run "plan_in_an_account_with_the_ecs_service_linked_role" {
  command = plan

  variables {
    create_ecs_service_linked_role = false
  }

  assert {
    condition     = length(aws_iam_service_linked_role.ecs) == 0 && length(module.video_worker) > 0
    error_message = "create_ecs_service_linked_role = false must leave the account's own ECS service-linked role alone."
  }
}
