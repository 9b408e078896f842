################################################################################
# Function
################################################################################

variable "function_name" {
  description = "Name of the function; also the name of its role, `/aws/lambda/<function_name>` log group, alarm and schedule (whose role is `<function_name>-scheduler`). 1 to 64 letters, digits, hyphens or underscores; at most 54 with `schedule`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1 to 64 letters, digits, hyphens or underscores (the limit for both a function and an IAM role name)."
  }
}

variable "description" {
  description = "Description of the function, shown in the Lambda console."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters."
  }
}

variable "filename" {
  description = "Path of the deployment package, a .zip file that `make build` writes to `dist/<name>.zip`. Terraform reads it at apply time, so it may be missing while validating or planning."
  type        = string

  validation {
    condition     = endswith(var.filename, ".zip")
    error_message = "filename must be the path of a .zip file."
  }
}

variable "source_code_hash" {
  description = "Base64-encoded SHA-256 of the deployment package (what `filebase64sha256()` returns, and the `sha256` of `dist/manifest.json`); a new value deploys new code. Null before the first build."
  type        = string
  default     = null

  validation {
    condition     = var.source_code_hash == null || can(regex("^[A-Za-z0-9+/]{43}=$", coalesce(var.source_code_hash, "-")))
    error_message = "source_code_hash must be a base64-encoded SHA-256 (44 characters ending in `=`), or null."
  }
}

variable "handler" {
  description = "Function entry point in the package, `<file without extension>.<export>`."
  type        = string
  default     = "index.handler"

  validation {
    condition     = can(regex("^[^\\s]+\\.[A-Za-z_$][A-Za-z0-9_$]*$", var.handler))
    error_message = "handler must look like `index.handler`: a module path, a dot and an exported name."
  }
}

variable "runtime" {
  description = "Lambda runtime identifier, such as `nodejs24.x` (the one `build.mjs` bundles for)."
  type        = string
  default     = "nodejs24.x"

  validation {
    condition     = can(regex("^(nodejs[0-9]+\\.x|python3\\.[0-9]+|java[0-9]+|dotnet[0-9]+|ruby3\\.[0-9]+|provided\\.al20(2|23))$", var.runtime))
    error_message = "runtime must be a Lambda runtime identifier such as `nodejs24.x`."
  }
}

variable "architecture" {
  description = "Instruction set of the function: `arm64` (Graviton, cheaper per GB-second; native packages such as sharp must be built for it) or `x86_64`."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (128 to 10240); CPU is allotted in proportion (1769 MB is one vCPU)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "timeout" {
  description = "Seconds an invocation may run (1 to 900). With `queue`, the queue's visibility timeout must be at least six times this; with `schedule`, keep it under the interval so that runs do not pile up."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds from 1 to 900."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrent executions reserved for (and capping) the function, taken from the account's pool. Null reserves none: a queue-fed job is capped by `queue.maximum_concurrency`, which leaves surplus messages queued instead of throttling. A scheduled job that must never overlap itself reserves 1."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions, false)
    error_message = "reserved_concurrent_executions must be a whole number of at least 1 (0 would stop the function), or null."
  }
}

variable "environment_variables" {
  description = "Environment variables of the function, encrypted at rest with `kms_key_arn`."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name in keys(var.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", name))])
    error_message = "Every environment variable name must start with a letter and hold only letters, digits and underscores."
  }

  validation {
    condition = alltrue([
      for name in keys(var.environment_variables) : !startswith(name, "AWS_LAMBDA_") && !contains([
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
      ], name)
    ])
    error_message = "environment_variables must not set a variable Lambda reserves (AWS_REGION, AWS_LAMBDA_*, credentials, _HANDLER, LAMBDA_TASK_ROOT, ...)."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: `PassThrough` traces only requests that arrive with a sampled trace header (queue-fed and scheduled invocations normally carry none, so next to nothing is recorded or billed), `Active` samples every invocation and lets the role write traces."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the function's environment variables, its log group and the schedule's payload, and that the role may use (through SQS only) to read its queue. Its key policy must let `logs.<region>.amazonaws.com` use it for this log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>), not an alias or a key ID."
  }
}

################################################################################
# Logs and alarm
################################################################################

variable "log_retention_days" {
  description = "Days the function's log group keeps log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "application_log_level" {
  description = "Most detailed application log level Lambda passes on to CloudWatch (JSON log format): `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR` or `FATAL`. Powertools Logger reads it too (AWS_LAMBDA_LOG_LEVEL), so keep POWERTOOLS_LOG_LEVEL the same."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.application_log_level)
    error_message = "application_log_level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL."
  }
}

variable "system_log_level" {
  description = "Most detailed Lambda platform log level sent to CloudWatch: `DEBUG`, `INFO` (keeps the per-invocation report with duration and memory) or `WARN`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be DEBUG, INFO or WARN."
  }
}

variable "alarm_actions" {
  description = "ARNs (usually an SNS topic) notified when the errors alarm fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "alarm_period_seconds" {
  description = "Period of the errors alarm, in seconds (60 or a multiple of 60)."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be 60 or a multiple of 60."
  }
}

variable "alarm_threshold" {
  description = "The alarm fires when the function's errors (AWS/Lambda Errors) in one period exceed this. Records a handler reports as batch item failures are not errors; errors are crashes, timeouts and failed cold starts, so the default 0 alarms on the first one."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_threshold >= 0
    error_message = "alarm_threshold must be 0 or more."
  }
}


################################################################################
# What runs it: a queue, a schedule, or both
################################################################################

variable "queue" {
  description = <<-EOT
    The standard SQS queue that feeds the function through an event source mapping (partial batch responses on), or null for none. The role may receive, delete and change the visibility of its messages and decrypt them through SQS, nothing else; sending to it (a job that re-queues its own continuation) goes in `policy_statements`. The queue must be encrypted with `kms_key_arn` (or with SSE-SQS).

    - `arn` - (Required) ARN of the queue.
    - `batch_size` - (Optional) Most messages passed to one invocation (1 to 10000; above 10 needs a batching window of at least 1 second). Defaults to `1`.
    - `maximum_batching_window_in_seconds` - (Optional) Seconds Lambda may wait to fill a batch (0 to 300). Defaults to `0`.
    - `maximum_concurrency` - (Required) Most concurrent invocations the mapping starts (2 to 1000). This caps the function without throttling it: messages wait in the queue.
  EOT
  type = object({
    arn                                = string
    batch_size                         = optional(number, 1)
    maximum_batching_window_in_seconds = optional(number, 0)
    maximum_concurrency                = number
  })
  default = null

  validation {
    condition     = var.queue == null || can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", try(var.queue.arn, "")))
    error_message = "queue.arn must be the ARN of a standard SQS queue."
  }

  validation {
    condition     = var.queue == null || try(var.queue.batch_size >= 1 && var.queue.batch_size <= 10000 && floor(var.queue.batch_size) == var.queue.batch_size, false)
    error_message = "queue.batch_size must be a whole number from 1 to 10000."
  }

  validation {
    condition = var.queue == null || try(
      var.queue.maximum_batching_window_in_seconds >= 0 && var.queue.maximum_batching_window_in_seconds <= 300 &&
      floor(var.queue.maximum_batching_window_in_seconds) == var.queue.maximum_batching_window_in_seconds &&
      (var.queue.batch_size <= 10 || var.queue.maximum_batching_window_in_seconds >= 1),
      false,
    )
    error_message = "queue.maximum_batching_window_in_seconds must be a whole number from 0 to 300, and at least 1 when queue.batch_size is above 10."
  }

  validation {
    condition     = var.queue == null || try(var.queue.maximum_concurrency >= 2 && var.queue.maximum_concurrency <= 1000 && floor(var.queue.maximum_concurrency) == var.queue.maximum_concurrency, false)
    error_message = "queue.maximum_concurrency must be a whole number from 2 to 1000 (the range SQS event source mappings accept)."
  }
}

variable "schedule" {
  description = <<-EOT
    An EventBridge Scheduler schedule that runs the function every `every_minutes` minutes (`rate(N minutes)`, no flexible window, UTC), or null for none. The schedule is `<function_name>` in the `default` group, its payload is encrypted with `kms_key_arn`, and it runs as its own role `<function_name>-scheduler`, which may invoke this function and nothing else. Scheduler invokes Lambda asynchronously.

    - `every_minutes` - (Required) Minutes between runs (1 to 1440).
    - `enabled` - (Optional) `false` creates the schedule disabled (`DISABLED`): nothing runs until it is enabled again. Defaults to `true`.
    - `maximum_retry_attempts` - (Optional) Times Scheduler retries a delivery that failed (Lambda unreachable or throttling the Invoke call), 0 to 185; a delivery is never retried later than one interval after its time. Defaults to `3`.
    - `function_retry_attempts` - (Optional) Times Lambda retries a run that failed (0 to 2). Defaults to `0`: the next run repeats the work, and a retry could overlap it.
  EOT
  type = object({
    every_minutes           = number
    enabled                 = optional(bool, true)
    maximum_retry_attempts  = optional(number, 3)
    function_retry_attempts = optional(number, 0)
  })
  default = null

  validation {
    condition     = var.schedule == null || try(var.schedule.every_minutes >= 1 && var.schedule.every_minutes <= 1440 && floor(var.schedule.every_minutes) == var.schedule.every_minutes, false)
    error_message = "schedule.every_minutes must be a whole number of minutes from 1 to 1440."
  }

  validation {
    condition     = var.schedule == null || try(var.schedule.maximum_retry_attempts >= 0 && var.schedule.maximum_retry_attempts <= 185 && floor(var.schedule.maximum_retry_attempts) == var.schedule.maximum_retry_attempts, false)
    error_message = "schedule.maximum_retry_attempts must be a whole number from 0 to 185."
  }

  validation {
    condition     = var.schedule == null || try(var.schedule.function_retry_attempts >= 0 && var.schedule.function_retry_attempts <= 2 && floor(var.schedule.function_retry_attempts) == var.schedule.function_retry_attempts, false)
    error_message = "schedule.function_retry_attempts must be 0, 1 or 2."
  }

  validation {
    condition     = var.schedule == null || length(var.function_name) <= 54
    error_message = "With a schedule, function_name must be at most 54 characters: the scheduler role is `<function_name>-scheduler`, and role names end at 64."
  }

  validation {
    condition     = var.schedule != null || var.queue != null
    error_message = "Give the job a queue, a schedule or both: with neither, nothing ever runs it."
  }
}

################################################################################
# What the role may touch
################################################################################

variable "policy_statements" {
  description = <<-EOT
    The statements that give the function's role what the job touches (the table, its keys in the buckets, queues it sends to, the KMS key through a service), on top of its log group and its own queue. Keep each to the actions the handler calls and the resources it names.

    - `sid` - (Required) Statement ID: letters and digits, unique in the policy.
    - `actions` - (Required) IAM actions such as `dynamodb:Query`; no `*` or `<service>:*`.
    - `resources` - (Required) ARNs, or `["*"]` for actions without resource-level permissions.
    - `conditions` - (Optional) Each with a `test`, a `variable` and its `values`.
  EOT
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for statement in var.policy_statements : can(regex("^[A-Za-z0-9]+$", statement.sid))])
    error_message = "Every policy_statements sid must be letters and digits only."
  }

  validation {
    condition = length(var.policy_statements) == length(distinct([for statement in var.policy_statements : statement.sid])) && alltrue([
      for statement in var.policy_statements : !contains(["WriteOwnLogGroup", "ConsumeOwnQueue", "DecryptOwnQueueThroughSqs", "WriteXRayTraces"], statement.sid)
    ])
    error_message = "policy_statements sids must be unique and must not reuse a sid of the module's own statements (WriteOwnLogGroup, ConsumeOwnQueue, DecryptOwnQueueThroughSqs, WriteXRayTraces)."
  }

  validation {
    condition = alltrue([
      for statement in var.policy_statements : length(statement.actions) > 0 && length(statement.resources) > 0 && alltrue([
        for action in statement.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+\\*?$", action))
      ])
    ])
    error_message = "Every policy_statements entry needs actions and resources, and each action must be `<service>:<Action>` (a trailing `*` on a named action is allowed; `*` and `<service>:*` are not)."
  }

  validation {
    condition = alltrue(flatten([
      for statement in var.policy_statements : [
        for condition in statement.conditions : length(condition.test) > 0 && length(condition.variable) > 0 && length(condition.values) > 0
      ]
    ]))
    error_message = "Every policy_statements condition needs a test, a variable and at least one value."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module that takes tags (the schedule takes none), on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
