################################################################################
# Function
################################################################################

variable "function_name" {
  description = "Name of the function; also the name of its role, `/aws/lambda/<function_name>` log group and alarm. 1 to 64 letters, digits, hyphens or underscores."
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
  description = "Seconds an invocation may run (1 to 900). The queue's visibility timeout must be at least six times this."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds from 1 to 900."
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
  description = "X-Ray tracing: `PassThrough` traces only requests that arrive with a sampled trace header (queue-fed invocations normally carry none, so next to nothing is recorded or billed), `Active` samples every invocation and lets the role write traces."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the function's environment variables and its log group, and that the function may use (through S3 and SQS only) to read and write its encrypted queue and objects. Its key policy must let `logs.<region>.amazonaws.com` use it for this log group."
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
  description = "ARNs (usually an SNS topic) notified when the error-and-throttle alarm fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "alarm_period_seconds" {
  description = "Period of the error-and-throttle alarm, in seconds (60 or a multiple of 60)."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be 60 or a multiple of 60."
  }
}

variable "alarm_threshold" {
  description = "The alarm fires when the function's errors plus throttles in one period exceed this. Records a handler reports as batch item failures are not errors; errors are crashes, timeouts and failed cold starts, so the default 0 alarms on the first one."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_threshold >= 0
    error_message = "alarm_threshold must be 0 or more."
  }
}

################################################################################
# Queue (event source mapping)
################################################################################

variable "queue_arn" {
  description = "ARN of the standard SQS queue the function consumes. The function may receive, delete and change the visibility of its messages, nothing else."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.queue_arn))
    error_message = "queue_arn must be the ARN of a standard SQS queue."
  }
}

variable "batch_size" {
  description = "Most messages Lambda passes to one invocation (1 to 10000; above 10 needs a batching window of at least 1 second)."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number from 1 to 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "Seconds Lambda may wait to fill a batch before invoking the function (0 to 300)."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300 && floor(var.maximum_batching_window_in_seconds) == var.maximum_batching_window_in_seconds
    error_message = "maximum_batching_window_in_seconds must be a whole number from 0 to 300."
  }

  validation {
    condition     = var.batch_size <= 10 || var.maximum_batching_window_in_seconds >= 1
    error_message = "A batch_size above 10 needs maximum_batching_window_in_seconds of at least 1."
  }
}

variable "maximum_concurrency" {
  description = "Most concurrent invocations the queue's event source mapping starts (2 to 1000). This, not reserved concurrency, caps the function: it throttles nothing and leaves messages waiting in the queue."
  type        = number

  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000 && floor(var.maximum_concurrency) == var.maximum_concurrency
    error_message = "maximum_concurrency must be a whole number from 2 to 1000."
  }
}

################################################################################
# What the role may touch
################################################################################

variable "input" {
  description = <<-EOT
    The objects the function reads: the ones its queue's events name, and no others.

    - `bucket_arn` - (Required) ARN of the bucket.
    - `key_prefix` - (Required) Key prefix, ending in `/`, such as `originals/image/`.
    - `key_suffix` - (Optional) Key suffix, such as `/web.jpg`, that narrows the read to one file name under the prefix (the role gets `<prefix>*<suffix>`). Defaults to none.

    The role may also list the bucket, with no `s3:prefix` condition (S3 is not documented to set it for this check): without s3:ListBucket, S3 answers a read of a missing key with 403 AccessDenied instead of 404 NoSuchKey, and the handlers tell a deleted object from a transient failure by that 404.
  EOT
  type = object({
    bucket_arn = string
    key_prefix = string
    key_suffix = optional(string, "")
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.input.bucket_arn))
    error_message = "input.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = can(regex("^[^/*?][^*?]*/$", var.input.key_prefix))
    error_message = "input.key_prefix must be a key prefix ending in `/`, such as `originals/image/`, without a leading `/` or wildcards."
  }

  validation {
    condition     = can(regex("^[^*?]*$", var.input.key_suffix))
    error_message = "input.key_suffix must not contain wildcards."
  }
}

variable "output" {
  description = <<-EOT
    The objects the function writes, and deletes again when their media item was deleted while it worked or once a newer recipe version's set is recorded. Null when the function writes nothing to S3.

    - `bucket_arn` - (Required) ARN of the bucket.
    - `key_prefix` - (Required) Key prefix, ending in `/`, such as `derived/`.

    The role may also list the bucket, only with `s3:prefix` like `<key_prefix>*`: after recording a new set of renditions the function lists `<key_prefix><mediaId>/` to find the keys of older recipe versions.
  EOT
  type = object({
    bucket_arn = string
    key_prefix = string
  })
  default = null

  validation {
    condition     = var.output == null || can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", try(var.output.bucket_arn, "")))
    error_message = "output.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = var.output == null || can(regex("^[^/*?][^*?]*/$", try(var.output.key_prefix, "")))
    error_message = "output.key_prefix must be a key prefix ending in `/`, such as `derived/`, without a leading `/` or wildcards."
  }
}

variable "table_arn" {
  description = "ARN of the DynamoDB table the function reads and writes (in the function's Region). DynamoDB uses the table's KMS key through its own grant, so the role needs no key permission for it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", var.table_arn))
    error_message = "table_arn must be the ARN of a DynamoDB table (arn:<partition>:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "table_actions" {
  description = "Item-level DynamoDB actions the function may call on the table: any of `dynamodb:GetItem`, `dynamodb:BatchGetItem`, `dynamodb:Query`, `dynamodb:ConditionCheckItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem`, `dynamodb:DeleteItem` and `dynamodb:BatchWriteItem`. Give only the ones the handler calls."
  type        = list(string)
  default     = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]
  nullable    = false

  validation {
    condition = length(var.table_actions) > 0 && alltrue([
      for action in var.table_actions : contains([
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem",
        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
      ], action)
    ])
    error_message = "table_actions must list at least one of dynamodb:GetItem, BatchGetItem, Query, ConditionCheckItem, PutItem, UpdateItem, DeleteItem and BatchWriteItem (item-level actions only: no Scan, no table management)."
  }

  validation {
    condition     = length(var.table_actions) == length(distinct(var.table_actions))
    error_message = "table_actions must not repeat an action."
  }
}

variable "table_index_names" {
  description = "Global secondary indexes of the table the function may Query (needs `dynamodb:Query` in `table_actions`). Empty when it queries only the table itself."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.table_index_names : can(regex("^[A-Za-z0-9_.-]{3,255}$", name))])
    error_message = "Every table_index_names entry must be an index name: 3 to 255 letters, digits, underscores, hyphens and dots."
  }

  validation {
    condition     = length(var.table_index_names) == 0 || contains(var.table_actions, "dynamodb:Query")
    error_message = "table_index_names needs dynamodb:Query in table_actions: Query is the only action that reads an index."
  }
}

variable "policy_statements" {
  description = <<-EOT
    Extra statements for the function's role, for what the inputs above do not cover (for example `rekognition:DetectLabels`).

    - `sid` - (Required) Statement ID: letters and digits, unique in the policy.
    - `actions` - (Required) IAM actions such as `rekognition:DetectLabels`; no `*` or `<service>:*`.
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
      for statement in var.policy_statements : !contains([
        "WriteOwnLogGroup", "ConsumeOwnQueue", "ReadInputObjects", "ListInputKeys", "WriteOutputObjects",
        "ReadWriteTable", "QueryTableIndexes", "DecryptThroughS3AndSqs", "GenerateDataKeyThroughS3", "WriteXRayTraces",
      ], statement.sid)
    ])
    error_message = "policy_statements sids must be unique and must not reuse a sid of the module's own statements."
  }

  validation {
    condition = alltrue([
      for statement in var.policy_statements : length(statement.actions) > 0 && length(statement.resources) > 0 && alltrue([
        for action in statement.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+\\*?$", action))
      ])
    ])
    error_message = "Every policy_statements entry needs actions and resources, and each action must be `<service>:<Action>` (a trailing `*` on a named action is allowed; `*` and `<service>:*` are not)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
