# The jobs of registry/processors.json ("jobs"): the lambda-job module and the job queue (the
# processor-queue module without a topic), each planned on its own against a mocked AWS provider
# with the inputs jobs.tf gives them, read from the registry here. A test can read only a child
# module's outputs from the root, so the resources' own arguments (the event source mapping, the
# schedule, the roles) are checked here; tests/environment.tftest.hcl checks the root's wiring for
# each environment (one function per job, the API's queue URL, the jobs' least-privilege
# statements). Run by `make validate-tf` / `make test-tf`; by hand, from terraform/:
#
#   tofu test -filter=tests/jobs.tftest.hcl

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

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/photo-album-mock-role"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-test-job"
      invoke_arn = "arn:aws:apigateway:ap-southeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-test-job/invocations"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/lambda/photo-album-test-job"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-album-deleter"
      url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-test-album-deleter"
    }
  }

  mock_resource "aws_scheduler_schedule" {
    defaults = {
      arn = "arn:aws:scheduler:ap-southeast-2:123456789012:schedule/default/photo-album-test-sweeper"
    }
  }
}

variables {
  kms_key_arn   = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
  alarm_actions = ["arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-alarms"]
}

# Each run reads its job's entry from the registry in its variables, as jobs.tf does (a test file's
# own variables reach a run only if the module declares them), and the assertions compare the
# planned resources with those inputs.

################################################################################
# The album-deleter's queue: processor-queue without a topic
################################################################################

run "album_deleter_queue" {
  command = plan

  module {
    source = "./modules/processor-queue"
  }

  variables {
    name                       = "photo-album-test-album-deleter"
    create_subscription        = false
    visibility_timeout_seconds = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).visibilityTimeoutSeconds
    max_receive_count          = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).receiveLimit
    lambda_timeout_seconds     = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).timeoutSeconds
  }

  assert {
    condition     = aws_sqs_queue.this.name == "photo-album-test-album-deleter" && aws_sqs_queue.dlq.name == "photo-album-test-album-deleter-dlq"
    error_message = "The job's queue is <p>-<job> and its DLQ <p>-<job>-dlq, as src/shared/topology.ts names them: ${aws_sqs_queue.this.name}, ${aws_sqs_queue.dlq.name}."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.this) == 0 && length(aws_sqs_queue_policy.this) == 0 && output.subscription_arn == null
    error_message = "With create_subscription = false the queue subscribes to nothing and has no queue policy: only IAM principals of the account send to it."
  }

  assert {
    condition = (
      aws_sqs_queue.this.visibility_timeout_seconds == var.visibility_timeout_seconds &&
      jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == var.max_receive_count &&
      aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    )
    error_message = "The job's queue takes its visibility timeout and receive limit from the registry, and both queues are encrypted with the key."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq.dimensions.QueueName == aws_sqs_queue.dlq.name && aws_cloudwatch_metric_alarm.dlq.threshold == 0
    error_message = "The job's DLQ alarms on its first message, as a processor's does."
  }
}

################################################################################
# album-deleter: a Lambda job fed by its own queue
################################################################################

run "album_deleter" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name = "photo-album-test-album-deleter"
    filename      = "../dist/album-deleter.zip"
    memory_size   = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).memoryMb
    timeout       = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).timeoutSeconds
    environment_variables = {
      POWERTOOLS_SERVICE_NAME  = "album-deleter"
      ALBUM_DELETION_QUEUE_URL = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-test-album-deleter"
    }
    queue = {
      arn                 = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-album-deleter"
      batch_size          = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).batchSize
      maximum_concurrency = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "album-deleter"]).maxConcurrency
    }
    policy_statements = [{
      sid       = "SendAlbumDeletions"
      actions   = ["sqs:SendMessage"]
      resources = ["arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-album-deleter"]
    }]
  }

  assert {
    condition = (
      aws_lambda_function.this.function_name == var.function_name &&
      aws_lambda_function.this.architectures == tolist(["arm64"]) &&
      aws_lambda_function.this.memory_size == var.memory_size &&
      aws_lambda_function.this.timeout == var.timeout &&
      aws_lambda_function.this.kms_key_arn == var.kms_key_arn &&
      aws_lambda_function.this.reserved_concurrent_executions == null
    )
    error_message = "The function takes its name, memory and timeout from the registry, runs on arm64, encrypts its environment and reserves no concurrency (its mapping caps it)."
  }

  assert {
    condition = (
      !contains(keys(one(aws_lambda_function.this.environment).variables), "NODE_OPTIONS") &&
      one(aws_lambda_function.this.environment).variables["ALBUM_DELETION_QUEUE_URL"] == var.environment_variables.ALBUM_DELETION_QUEUE_URL
    )
    error_message = "The function gets the environment given, and no NODE_OPTIONS: its zip has no source map to enable."
  }

  assert {
    condition = (
      aws_cloudwatch_log_group.lambda.name == "/aws/lambda/${var.function_name}" &&
      aws_cloudwatch_log_group.lambda.kms_key_id == var.kms_key_arn &&
      one(aws_lambda_function.this.logging_config).log_group == aws_cloudwatch_log_group.lambda.name &&
      one(aws_lambda_function.this.logging_config).log_format == "JSON"
    )
    error_message = "The function logs in JSON to its own encrypted log group."
  }

  # The mapping: on the job's own queue, batch size and maximum concurrency from the registry, and
  # partial batch responses.
  assert {
    condition = (
      length(aws_lambda_event_source_mapping.queue) == 1 &&
      aws_lambda_event_source_mapping.queue[0].event_source_arn == var.queue.arn &&
      aws_lambda_event_source_mapping.queue[0].function_response_types == toset(["ReportBatchItemFailures"]) &&
      aws_lambda_event_source_mapping.queue[0].batch_size == var.queue.batch_size &&
      one(aws_lambda_event_source_mapping.queue[0].scaling_config).maximum_concurrency == var.queue.maximum_concurrency
    )
    error_message = "The album-deleter must consume its own queue with ReportBatchItemFailures, the registry's batch size and maximum concurrency."
  }

  assert {
    condition     = length(aws_scheduler_schedule.this) == 0 && length(aws_iam_role.scheduler) == 0 && length(aws_lambda_function_event_invoke_config.schedule) == 0 && output.schedule_arn == null
    error_message = "A queue-fed job has no schedule, no scheduler role and no asynchronous invoke configuration."
  }

  # The role: its log group, its queue (consume, and decrypt through SQS) and the statements given.
  assert {
    condition = (
      [for statement in data.aws_iam_policy_document.lambda.statement : statement.sid] ==
      ["WriteOwnLogGroup", "ConsumeOwnQueue", "DecryptOwnQueueThroughSqs", "SendAlbumDeletions"]
    )
    error_message = "The role holds its log group, its queue and the given statements, nothing else: ${jsonencode([for statement in data.aws_iam_policy_document.lambda.statement : statement.sid])}."
  }

  assert {
    condition = alltrue([
      for statement in data.aws_iam_policy_document.lambda.statement :
      statement.resources == toset([var.queue.arn]) &&
      statement.actions == toset(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"])
      if statement.sid == "ConsumeOwnQueue"
      ]) && alltrue([
      for statement in data.aws_iam_policy_document.lambda.statement :
      statement.actions == toset(["kms:Decrypt"]) && statement.resources == toset([var.kms_key_arn]) &&
      one(statement.condition).variable == "kms:ViaService" && toset(one(statement.condition).values) == toset(["sqs.ap-southeast-2.amazonaws.com"])
      if statement.sid == "DecryptOwnQueueThroughSqs"
    ])
    error_message = "The mapping may receive, delete and hide messages of this queue only, and decrypt them through SQS only."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.errors.namespace == "AWS/Lambda" &&
      aws_cloudwatch_metric_alarm.errors.metric_name == "Errors" &&
      aws_cloudwatch_metric_alarm.errors.dimensions.FunctionName == var.function_name &&
      aws_cloudwatch_metric_alarm.errors.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.errors.threshold == 0 &&
      aws_cloudwatch_metric_alarm.errors.alarm_actions == toset(var.alarm_actions)
    )
    error_message = "The errors alarm fires on the function's first error and notifies alarm_actions."
  }
}

################################################################################
# sweeper: a Lambda job run by EventBridge Scheduler
################################################################################

run "sweeper" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name                  = "photo-album-test-sweeper"
    filename                       = "../dist/sweeper.zip"
    memory_size                    = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "sweeper"]).memoryMb
    timeout                        = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "sweeper"]).timeoutSeconds
    reserved_concurrent_executions = 1
    schedule = {
      every_minutes = one([for job in jsondecode(file("../registry/processors.json")).jobs : job if job.name == "sweeper"]).trigger.everyMinutes
    }
  }

  # The registry says every 15 minutes; the expression follows it.
  assert {
    condition = (
      length(aws_scheduler_schedule.this) == 1 &&
      var.schedule.every_minutes == 15 &&
      aws_scheduler_schedule.this[0].schedule_expression == "rate(15 minutes)" &&
      output.schedule_expression == "rate(15 minutes)"
    )
    error_message = "The sweeper runs every everyMinutes of the registry (15): rate(15 minutes), not ${jsonencode(aws_scheduler_schedule.this[*].schedule_expression)}."
  }

  assert {
    condition = (
      aws_scheduler_schedule.this[0].name == var.function_name &&
      aws_scheduler_schedule.this[0].group_name == "default" &&
      aws_scheduler_schedule.this[0].state == "ENABLED" &&
      aws_scheduler_schedule.this[0].schedule_expression_timezone == "UTC" &&
      one(aws_scheduler_schedule.this[0].flexible_time_window).mode == "OFF" &&
      aws_scheduler_schedule.this[0].kms_key_arn == var.kms_key_arn
    )
    error_message = "The schedule is named after the function, enabled, in UTC, without a flexible window, and encrypted with the key."
  }

  assert {
    condition = (
      one(aws_scheduler_schedule.this[0].target).arn == aws_lambda_function.this.arn &&
      one(aws_scheduler_schedule.this[0].target).role_arn == aws_iam_role.scheduler[0].arn &&
      one(one(aws_scheduler_schedule.this[0].target).retry_policy).maximum_retry_attempts == 3 &&
      one(one(aws_scheduler_schedule.this[0].target).retry_policy).maximum_event_age_in_seconds == 900
    )
    error_message = "The schedule invokes the function as its own role, retrying a failed delivery 3 times for at most one interval (900 s)."
  }

  assert {
    condition = (
      aws_iam_role.scheduler[0].name == "${var.function_name}-scheduler" &&
      [for statement in data.aws_iam_policy_document.scheduler[0].statement : statement.sid] == ["InvokeOwnFunction", "DecryptOwnSchedule"] &&
      data.aws_iam_policy_document.scheduler[0].statement[0].actions == toset(["lambda:InvokeFunction"]) &&
      data.aws_iam_policy_document.scheduler[0].statement[0].resources == toset([aws_lambda_function.this.arn]) &&
      data.aws_iam_policy_document.scheduler[0].statement[1].actions == toset(["kms:Decrypt"]) &&
      toset(one(data.aws_iam_policy_document.scheduler[0].statement[1].condition).values) == toset(["arn:aws:scheduler:ap-southeast-2:123456789012:schedule/default/${var.function_name}"])
    )
    error_message = "The scheduler role may invoke this function and decrypt this schedule's payload, nothing else."
  }

  assert {
    condition = (
      one(data.aws_iam_policy_document.scheduler_assume_role[0].statement).principals == toset([{ type = "Service", identifiers = toset(["scheduler.amazonaws.com"]) }]) &&
      one(one(data.aws_iam_policy_document.scheduler_assume_role[0].statement).condition).variable == "aws:SourceAccount"
    )
    error_message = "Only EventBridge Scheduler of this account may assume the scheduler role."
  }

  # Scheduler invokes asynchronously: a failed run is not retried, and a run that waits longer
  # than one interval is dropped; with reserved concurrency 1, runs never overlap.
  assert {
    condition = (
      aws_lambda_function.this.reserved_concurrent_executions == 1 &&
      aws_lambda_function_event_invoke_config.schedule[0].maximum_retry_attempts == 0 &&
      aws_lambda_function_event_invoke_config.schedule[0].maximum_event_age_in_seconds == 900
    )
    error_message = "The sweeper runs one at a time, is not retried by Lambda, and drops an invocation older than one interval."
  }

  assert {
    condition     = length(aws_lambda_event_source_mapping.queue) == 0 && output.event_source_mapping_uuid == null
    error_message = "A scheduled job has no event source mapping."
  }

  assert {
    condition     = [for statement in data.aws_iam_policy_document.lambda.statement : statement.sid] == ["WriteOwnLogGroup"]
    error_message = "Without a queue or policy_statements, the role may only write its logs."
  }
}

run "schedule_every_minute_is_singular" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name = "photo-album-test-every-minute"
    filename      = "../dist/sweeper.zip"
    schedule = {
      every_minutes = 1
      enabled       = false
    }
  }

  assert {
    condition     = aws_scheduler_schedule.this[0].schedule_expression == "rate(1 minute)" && aws_scheduler_schedule.this[0].state == "DISABLED"
    error_message = "AWS wants rate(1 minute), singular; enabled = false disables the schedule."
  }

  assert {
    condition     = one(one(aws_scheduler_schedule.this[0].target).retry_policy).maximum_event_age_in_seconds == 60 && aws_lambda_function_event_invoke_config.schedule[0].maximum_event_age_in_seconds == 60
    error_message = "Event ages never go below the 60 s both APIs accept."
  }
}

################################################################################
# Validations: what the module must refuse
################################################################################

run "job_refuses_no_trigger" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name = "photo-album-test-idle"
    filename      = "../dist/idle.zip"
  }

  expect_failures = [var.schedule]
}

run "job_refuses_maximum_concurrency_below_2" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name = "photo-album-test-album-deleter"
    filename      = "../dist/album-deleter.zip"
    queue = {
      arn                 = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-album-deleter"
      maximum_concurrency = 1
    }
  }

  expect_failures = [var.queue]
}

run "job_refuses_wildcard_actions" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name = "photo-album-test-sweeper"
    filename      = "../dist/sweeper.zip"
    schedule      = { every_minutes = 15 }
    policy_statements = [{
      sid       = "Everything"
      actions   = ["s3:*"]
      resources = ["arn:aws:s3:::photo-album-test-originals-123456789012/*"]
    }]
  }

  expect_failures = [var.policy_statements]
}

run "job_refuses_name_too_long_for_the_scheduler_role" {
  command = plan

  module {
    source = "./modules/lambda-job"
  }

  variables {
    function_name = "photo-album-staging-a-job-name-that-leaves-no-room-for-sch"
    filename      = "../dist/sweeper.zip"
    schedule      = { every_minutes = 15 }
  }

  expect_failures = [var.schedule]
}
