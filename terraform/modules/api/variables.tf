variable "name" {
  description = "Name of the HTTP API, and of its function, role and log groups (`/aws/lambda/<name>`, `/aws/apigateway/<name>`). 1 to 64 letters, digits, hyphens or underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores (the limit for a function and an IAM role name)."
  }
}

variable "description" {
  description = "Description of the API and its function."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Routes and authorizer
################################################################################

variable "routes" {
  description = <<-EOT
    The API's routes, by route key (`<METHOD> <path>`, path parameters as `{name}`, such as `GET /api/albums/{albumId}`), one per operation of the OpenAPI document. Each sends the request to the function.

    - `authorization` - (Required) `JWT` (the Cognito JWT authorizer must accept the bearer token first) or `NONE` (public).
    - `operation_name` - (Optional) The operation's name (its OpenAPI `operationId`), shown in the console and metrics.
  EOT
  type = map(object({
    authorization  = string
    operation_name = optional(string)
  }))

  validation {
    condition     = length(var.routes) > 0
    error_message = "routes must hold at least one route."
  }

  validation {
    condition     = alltrue([for key in keys(var.routes) : can(regex("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|ANY) /[^\\s]*$", key))])
    error_message = "Every route key must be `<METHOD> /<path>` with an upper-case method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY) and a path without spaces."
  }

  validation {
    condition     = alltrue([for route in values(var.routes) : contains(["JWT", "NONE"], route.authorization)])
    error_message = "Every route's authorization must be JWT or NONE."
  }

  validation {
    condition     = alltrue([for route in values(var.routes) : route.operation_name == null || can(regex("^.{1,64}$", coalesce(route.operation_name, "-")))])
    error_message = "Every route's operation_name must be 1 to 64 characters, or null."
  }
}

variable "jwt_issuer" {
  description = "Issuer of the tokens the JWT authorizer accepts: the Cognito user pool's `https://cognito-idp.<region>.amazonaws.com/<user pool ID>` (the auth module's `issuer`)."
  type        = string

  validation {
    condition     = can(regex("^https://[^\\s/]+/[^\\s]+$", var.jwt_issuer))
    error_message = "jwt_issuer must be an https:// URL with a path, such as https://cognito-idp.<region>.amazonaws.com/<user pool ID>."
  }
}

variable "jwt_audience" {
  description = "Audiences the JWT authorizer accepts: the app client IDs whose tokens may call the API (an ID token's `aud`, an access token's `client_id`)."
  type        = list(string)

  validation {
    condition     = length(var.jwt_audience) > 0 && alltrue([for audience in var.jwt_audience : length(audience) > 0])
    error_message = "jwt_audience must list at least one client ID."
  }
}

################################################################################
# Stage: throttling and access logs
################################################################################

variable "throttling_burst_limit" {
  description = "Requests the stage accepts at once above the steady rate, for every route (0 to 5000; the account-level Region limit still applies)."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_burst_limit >= 0 && var.throttling_burst_limit <= 5000 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number from 0 to 5000."
  }
}

variable "throttling_rate_limit" {
  description = "Steady requests per second the stage accepts, for every route (0 to 10000); more get 429 Too Many Requests."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_rate_limit >= 0 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be from 0 to 10000 requests per second."
  }
}

variable "route_throttling" {
  description = <<-EOT
    Routes that get their own, tighter throttling instead of the stage's default limits, by route key (a key of `routes`, such as `GET /api/shared`). Each becomes one `route_settings` block of the stage; a request above the route's limits gets 429 Too Many Requests. A route's settings replace the stage's default route settings for that route only (its detailed metrics follow `detailed_metrics_enabled`); the account-level Region limit still applies.

    - `burst_limit` - (Required) Requests the route accepts at once above its steady rate: a whole number from 1 to `throttling_burst_limit`.
    - `rate_limit` - (Required) Steady requests per second the route accepts: more than 0 and at most `throttling_rate_limit`.
  EOT
  type = map(object({
    burst_limit = number
    rate_limit  = number
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for key in keys(var.route_throttling) : contains(keys(var.routes), key)])
    error_message = "Every route_throttling key must be a route key of `routes` (API Gateway refuses settings for a route it does not have): ${jsonencode([for key in keys(var.route_throttling) : key if !contains(keys(var.routes), key)])}."
  }

  validation {
    condition = alltrue([
      for settings in values(var.route_throttling) :
      settings.burst_limit >= 1 && floor(settings.burst_limit) == settings.burst_limit && settings.burst_limit <= var.throttling_burst_limit
    ])
    error_message = "Every route_throttling burst_limit must be a whole number from 1 to throttling_burst_limit (${var.throttling_burst_limit}): a route's limits are meant to be tighter than the stage's."
  }

  validation {
    condition     = alltrue([for settings in values(var.route_throttling) : settings.rate_limit > 0 && settings.rate_limit <= var.throttling_rate_limit])
    error_message = "Every route_throttling rate_limit must be more than 0 and at most throttling_rate_limit (${var.throttling_rate_limit}) requests per second: a route's limits are meant to be tighter than the stage's."
  }
}

variable "detailed_metrics_enabled" {
  description = "Publish per-route CloudWatch metrics (billed as custom metrics), on top of the API-wide ones."
  type        = bool
  default     = false
}

variable "access_log_retention_days" {
  description = "Days the access log group (`/aws/apigateway/<name>`) keeps log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.access_log_retention_days)
    error_message = "access_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

################################################################################
# Function
################################################################################

variable "filename" {
  description = "Path of the deployment package, the .zip file that `make build` writes to `dist/api.zip`. Terraform reads it at apply time, so it may be missing while validating or planning."
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
  description = "Instruction set of the function: `arm64` (Graviton, cheaper per GB-second) or `x86_64`."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (128 to 10240); CPU is allotted in proportion (1769 MB is one vCPU), which shortens cold starts."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "timeout" {
  description = "Seconds an invocation may run (1 to 30). API Gateway gives up on an HTTP API integration after 30 seconds, so a longer timeout would only keep working after the client got a 503."
  type        = number
  default     = 10

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 30 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds from 1 to 30."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrent executions reserved for (and capping) the function, taken from the account's pool. Null reserves none: the stage's throttling bounds the load."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions, false)
    error_message = "reserved_concurrent_executions must be a whole number of at least 1 (0 would stop the API), or null."
  }
}

variable "environment_variables" {
  description = "Environment variables of the function, encrypted at rest with `kms_key_arn`. `CURSOR_KEY_PARAMETER` is set by the module to its own parameter."
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

  # The cursor key lives only in the module's SSM parameter: a plain CURSOR_KEY would put the
  # secret into the state and the console.
  validation {
    condition     = !contains(keys(var.environment_variables), "CURSOR_KEY") && !contains(keys(var.environment_variables), "CURSOR_KEY_PARAMETER")
    error_message = "environment_variables must not set CURSOR_KEY or CURSOR_KEY_PARAMETER: the module sets CURSOR_KEY_PARAMETER to the parameter it creates (cursor_key_parameter_name)."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: `PassThrough` traces only requests that arrive with a sampled trace header, `Active` samples invocations and lets the role write traces."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the function's environment variables, both log groups and the cursor key parameter, and that the function may use through S3 (uploads into, and downloads of, the originals bucket) and SSM (its SecureString parameters) only. Its key policy must let `logs.<region>.amazonaws.com` use it for `/aws/lambda/<name>` and `/aws/apigateway/<name>`."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>), not an alias or a key ID."
  }
}

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

################################################################################
# Secrets
################################################################################

variable "cursor_key_parameter_name" {
  description = "Name of the SSM SecureString parameter the module creates for the pagination cursors' HMAC key, such as `/photo-album/prod/api/cursor-key`. Terraform generates the key and writes it without keeping it in the state or plan."
  type        = string

  validation {
    condition     = can(regex("^(/[A-Za-z0-9_.-]+)+$", var.cursor_key_parameter_name)) && length(var.cursor_key_parameter_name) <= 1011
    error_message = "cursor_key_parameter_name must be a path such as /photo-album/prod/api/cursor-key: segments of letters, digits, `_`, `.` and `-`, each after a `/`."
  }
}

variable "cursor_key_version" {
  description = "Version of the cursor key: raising it (1, 2, ...) makes the next apply write a new random key. Cursors signed with the old key answer 400 once the function's containers read the new one; nothing else changes."
  type        = number
  default     = 1

  validation {
    condition     = var.cursor_key_version >= 1 && floor(var.cursor_key_version) == var.cursor_key_version
    error_message = "cursor_key_version must be a whole number of at least 1."
  }
}

variable "ssm_parameter_names" {
  description = "Other SSM parameters the function reads with ssm:GetParameter, such as the CloudFront signing key's `/photo-album/prod/cloudfront/media-signing-key`. A SecureString among them must be encrypted with `kms_key_arn` (or the AWS managed `aws/ssm` key)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.ssm_parameter_names : can(regex("^(/[A-Za-z0-9_.-]+)+$", name))])
    error_message = "Every ssm_parameter_names entry must be a path such as /photo-album/prod/cloudfront/media-signing-key."
  }
}

################################################################################
# What the role may touch
################################################################################

variable "table_arn" {
  description = "ARN of the DynamoDB table the API reads and writes. DynamoDB uses the table's KMS key through its own grant, so the role needs no key permission for it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", var.table_arn))
    error_message = "table_arn must be the ARN of a DynamoDB table (arn:<partition>:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "table_actions" {
  description = "Item-level DynamoDB actions the function may call on the table. The default is what src/api calls: GetItem, BatchGetItem and Query to read, PutItem, UpdateItem and DeleteItem to write, ConditionCheckItem for the album check of a new upload (TransactWriteItems has no IAM action of its own; it needs the actions of its parts: Put, Update, Delete and ConditionCheck, as in a new upload, a counted change with its album's and month's counters or a label change)."
  type        = list(string)
  default     = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
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
  description = "Global secondary indexes of the table the function may Query (needs `dynamodb:Query` in `table_actions`)."
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

variable "originals" {
  description = <<-EOT
    Where uploads go. The function signs presigned POSTs for keys under these prefixes (S3 checks the upload against the role), signs presigned GETs of an original for its download (S3 checks the read and the decryption against the role) and deletes a deleted media item's original there. The role may read nothing else in the bucket.

    - `bucket_arn` - (Required) ARN of the originals bucket.
    - `key_prefixes` - (Required) One key prefix per media class, each ending in `/`, such as `originals/image/`.
  EOT
  type = object({
    bucket_arn   = string
    key_prefixes = list(string)
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.originals.bucket_arn))
    error_message = "originals.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = length(var.originals.key_prefixes) > 0 && alltrue([for prefix in var.originals.key_prefixes : can(regex("^[^/*?][^*?]*/$", prefix))])
    error_message = "originals.key_prefixes must list at least one key prefix ending in `/`, such as `originals/image/`, without a leading `/` or wildcards."
  }
}

variable "derived" {
  description = <<-EOT
    Where the renditions are. The function lists and deletes a deleted media item's renditions there (and reads nothing: clients fetch renditions through signed CloudFront URLs).

    - `bucket_arn` - (Required) ARN of the derived bucket.
    - `key_prefix` - (Required) Key prefix of every rendition, ending in `/`, such as `derived/`.
  EOT
  type = object({
    bucket_arn = string
    key_prefix = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.derived.bucket_arn))
    error_message = "derived.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = can(regex("^[^/*?][^*?]*/$", var.derived.key_prefix))
    error_message = "derived.key_prefix must be a key prefix ending in `/`, such as `derived/`, without a leading `/` or wildcards."
  }
}

variable "policy_statements" {
  description = <<-EOT
    Extra statements for the function's role, for what the inputs above do not cover (for example `sqs:SendMessage` on the album deletion queue and the processors' queues, and the KMS key through SQS).

    - `sid` - (Required) Statement ID: letters and digits, unique in the policy.
    - `actions` - (Required) IAM actions such as `sqs:SendMessage`; no `*` or `<service>:*`.
    - `resources` - (Required) ARNs; no `*` (every action the API calls has resource-level permissions, X-Ray aside, which `tracing_mode` grants).
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
        "WriteOwnLogGroup", "ReadWriteTable", "QueryTableIndexes", "UploadAndDeleteOriginals", "ReadOriginals", "ListDerivedObjects",
        "DeleteDerivedObjects", "GenerateDataKeyThroughS3", "DecryptOriginalsThroughS3", "ReadOwnParameters", "DecryptParametersThroughSsm",
        "WriteXRayTraces",
      ], statement.sid)
    ])
    error_message = "policy_statements sids must be unique and must not reuse a sid of the module's own statements."
  }

  validation {
    condition = alltrue([
      for statement in var.policy_statements : length(statement.actions) > 0 && length(statement.resources) > 0 && !contains(statement.resources, "*") && alltrue([
        for action in statement.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", action))
      ])
    ])
    error_message = "Every policy_statements entry needs actions and resources, no \"*\" resource, and each action must be a named `<service>:<Action>` without wildcards."
  }
}
