variable "name" {
  description = "Name of the worker: its ECR repository, ECS cluster, service, task family, log group `/aws/ecs/<name>`, roles (`<name>-task`, `<name>-execution`) and alarms. 2 to 48 lower-case letters, digits and hyphens (ECR repository names are lower-case)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,46}[a-z0-9]$", var.name))
    error_message = "name must be 2 to 48 lower-case letters, digits and hyphens, not starting or ending with a hyphen."
  }
}

################################################################################
# Image and repository
################################################################################

variable "image_tag" {
  description = "Tag of the image in this worker's ECR repository that the task runs (the git commit `make image` pushes). Tags are immutable, so a tag always names the same image; `latest` is refused."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && lower(var.image_tag) != "latest"
    error_message = "image_tag must be a Docker tag (letters, digits, `_`, `.`, `-`, at most 128 characters) other than `latest`."
  }
}

variable "repository_keep_tagged_images" {
  description = "Tagged images the repository keeps (the most recently pushed); older ones expire. Keep more than the pushes between two deployments, or the running tag can expire before the next scale-out pulls it (1 to 1000)."
  type        = number
  default     = 100

  validation {
    condition     = var.repository_keep_tagged_images >= 1 && var.repository_keep_tagged_images <= 1000 && floor(var.repository_keep_tagged_images) == var.repository_keep_tagged_images
    error_message = "repository_keep_tagged_images must be a whole number from 1 to 1000."
  }
}

variable "repository_untagged_expiry_days" {
  description = "Days after which an untagged image (a layer set left behind by a failed or superseded push) expires (1 to 365)."
  type        = number
  default     = 3

  validation {
    condition     = var.repository_untagged_expiry_days >= 1 && var.repository_untagged_expiry_days <= 365 && floor(var.repository_untagged_expiry_days) == var.repository_untagged_expiry_days
    error_message = "repository_untagged_expiry_days must be a whole number from 1 to 365."
  }
}

variable "repository_force_delete" {
  description = "Let `terraform destroy` delete the repository while it still holds images. Only for throw-away environments."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Task
################################################################################

variable "cpu" {
  description = "Task CPU units (the registry's `cpu`): 256, 512, 1024, 2048, 4096, 8192 or 16384."
  type        = number

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be one of the Fargate task sizes: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB (the registry's `memoryMb`), within what Fargate allows for `cpu`: 256 → 512-2048; 512 → 1024-4096; 1024 → 2048-8192; 2048 → 4096-16384; 4096 → 8192-30720 (steps of 1024); 8192 → 16384-61440 (steps of 4096); 16384 → 32768-122880 (steps of 8192)."
  type        = number

  validation {
    # Fargate's task sizes: memory range and step per cpu.
    condition = try(
      var.memory >= {
        256 = 512, 512 = 1024, 1024 = 2048, 2048 = 4096, 4096 = 8192, 8192 = 16384, 16384 = 32768
      }[var.cpu] &&
      var.memory <= {
        256 = 2048, 512 = 4096, 1024 = 8192, 2048 = 16384, 4096 = 30720, 8192 = 61440, 16384 = 122880
      }[var.cpu] &&
      var.memory % {
        256 = 512, 512 = 1024, 1024 = 1024, 2048 = 1024, 4096 = 1024, 8192 = 4096, 16384 = 8192
      }[var.cpu] == 0 &&
      (var.cpu != 256 || contains([512, 1024, 2048], var.memory)),
      false
    )
    error_message = "memory is not a Fargate task size for this cpu: 256 → 512, 1024 or 2048; 512 → 1024-4096; 1024 → 2048-8192; 2048 → 4096-16384; 4096 → 8192-30720 (steps of 1024); 8192 → 16384-61440 (steps of 4096); 16384 → 32768-122880 (steps of 8192)."
  }
}

variable "ephemeral_storage_gib" {
  description = "Task storage in GiB (21 to 200), shared by the image layers and the scratch volume: size it for the largest input plus its outputs, times the jobs a task runs at once."
  type        = number

  validation {
    condition     = var.ephemeral_storage_gib >= 21 && var.ephemeral_storage_gib <= 200 && floor(var.ephemeral_storage_gib) == var.ephemeral_storage_gib
    error_message = "ephemeral_storage_gib must be a whole number from 21 to 200 (what Fargate accepts)."
  }
}

variable "scratch_path" {
  description = "Absolute path of the writable scratch volume in the container (the root filesystem is read-only). `TMPDIR` points at it too. The image should create this directory owned by `container_user`, since a fresh bind mount is root-owned with mode 0755 unless the image's directory says otherwise."
  type        = string
  default     = "/scratch"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]+$", var.scratch_path)) && !contains(["/", "/proc", "/sys", "/dev", "/etc", "/usr", "/bin", "/lib"], trimsuffix(var.scratch_path, "/"))
    error_message = "scratch_path must be an absolute path such as /scratch, not a system directory."
  }
}

variable "container_user" {
  description = "User (`uid` or `uid:gid`) the container runs as; the image defines the same non-root user. Root (`0`) is refused."
  type        = string
  default     = "10001"

  validation {
    condition     = can(regex("^[0-9]+(:[0-9]+)?$", var.container_user)) && !startswith(var.container_user, "0") && var.container_user != "root"
    error_message = "container_user must be a non-zero numeric uid, or uid:gid."
  }
}

variable "stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL when a task stops (2 to 120). Fargate Spot gives two minutes' notice, so 120 lets the worker finish or hand back its job before the reclaim."
  type        = number
  default     = 120

  validation {
    condition     = var.stop_timeout_seconds >= 2 && var.stop_timeout_seconds <= 120 && floor(var.stop_timeout_seconds) == var.stop_timeout_seconds
    error_message = "stop_timeout_seconds must be a whole number from 2 to 120 (Fargate's maximum)."
  }
}

variable "environment_variables" {
  description = "Environment variables of the container (plain text in the task definition: no secrets). `TMPDIR` is set by the module to `scratch_path`."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name in keys(var.environment_variables) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", name))])
    error_message = "Every environment variable name must start with a letter or underscore and hold only letters, digits and underscores."
  }

  validation {
    condition = alltrue([
      for name in keys(var.environment_variables) : !startswith(name, "ECS_") && !startswith(name, "AWS_CONTAINER_") && !contains([
        "TMPDIR", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
      ], name)
    ])
    error_message = "environment_variables must not set TMPDIR (the module does), credentials, AWS_REGION / AWS_DEFAULT_REGION / AWS_EXECUTION_ENV or the ECS_* and AWS_CONTAINER_* variables ECS sets."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the repository and the log group, and that the task may use through S3 and SQS for its encrypted queue and objects. Its key policy must let `logs.<region>.amazonaws.com` use it for `/aws/ecs/<name>` (the `kms` module's `log_group_names`)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>), not an alias or a key ID."
  }
}

variable "log_retention_days" {
  description = "Days the worker's log group keeps log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "ID of the VPC the tasks run in (the `network` module's `vpc_id`)."
  type        = string

  validation {
    condition     = length(var.vpc_id) > 0
    error_message = "vpc_id must be a VPC ID such as vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in, one per Availability Zone (the `network` module's `private_subnet_ids`). Tasks never get a public IP."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0
    error_message = "subnet_ids must list at least one subnet ID."
  }
}

variable "https_egress_cidr_blocks" {
  description = "IPv4 ranges the tasks may open HTTPS connections to: the VPC's range when interface endpoints serve the AWS APIs, `0.0.0.0/0` behind NAT (the `network` module's `https_egress_cidr_blocks`)."
  type        = list(string)

  validation {
    condition     = length(var.https_egress_cidr_blocks) > 0 && alltrue([for cidr in var.https_egress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "https_egress_cidr_blocks must list at least one IPv4 CIDR block."
  }
}

variable "https_egress_prefix_list_ids" {
  description = "Managed prefix lists the tasks may open HTTPS connections to: those of the S3 and DynamoDB gateway endpoints (the `network` module's `https_egress_prefix_list_ids`)."
  type        = list(string)
  default     = []
  nullable    = false
}

################################################################################
# Capacity and scaling
################################################################################

variable "max_tasks" {
  description = "Most tasks the service scales out to (1 to 1000). The minimum is always 0: with an empty queue nothing runs."
  type        = number

  validation {
    condition     = var.max_tasks >= 1 && var.max_tasks <= 1000 && floor(var.max_tasks) == var.max_tasks
    error_message = "max_tasks must be a whole number from 1 to 1000."
  }
}

variable "messages_per_task" {
  description = "Queue messages (waiting plus in flight) one task is meant to hold: the target of the backlog-per-task scaling policy. Set it to the jobs a task runs at once (the worker's WORKER_CONCURRENCY)."
  type        = number
  default     = 1

  validation {
    condition     = var.messages_per_task >= 1 && var.messages_per_task <= 100
    error_message = "messages_per_task must be from 1 to 100."
  }
}

variable "spot_weight" {
  description = "Capacity provider weight of FARGATE_SPOT (1 to 1000): with `on_demand_weight`, the share of tasks placed on Spot (default 4 of every 5)."
  type        = number
  default     = 4

  validation {
    condition     = var.spot_weight >= 1 && var.spot_weight <= 1000 && floor(var.spot_weight) == var.spot_weight
    error_message = "spot_weight must be a whole number from 1 to 1000."
  }
}

variable "on_demand_weight" {
  description = "Capacity provider weight of FARGATE, on-demand (0 to 1000): its share of the tasks keeps some capacity when Spot has none. 0 runs everything on Spot."
  type        = number
  default     = 1

  validation {
    condition     = var.on_demand_weight >= 0 && var.on_demand_weight <= 1000 && floor(var.on_demand_weight) == var.on_demand_weight
    error_message = "on_demand_weight must be a whole number from 0 to 1000."
  }

  validation {
    condition     = var.on_demand_weight <= var.spot_weight
    error_message = "on_demand_weight must not exceed spot_weight: Spot is the first choice."
  }
}

variable "scale_out_cooldown_seconds" {
  description = "Seconds after one scale-out before the next may start (30 to 900). It should cover a task's start (image pull included), or the from-zero policy adds a second task while the first is still starting."
  type        = number
  default     = 180

  validation {
    condition     = var.scale_out_cooldown_seconds >= 30 && var.scale_out_cooldown_seconds <= 900 && floor(var.scale_out_cooldown_seconds) == var.scale_out_cooldown_seconds
    error_message = "scale_out_cooldown_seconds must be a whole number from 30 to 900."
  }
}

variable "idle_minutes_before_zero" {
  description = "Minutes the queue must hold no message (waiting or in flight) while a task still polls it before the service scales to zero (1 to 60)."
  type        = number
  default     = 10

  validation {
    condition     = var.idle_minutes_before_zero >= 1 && var.idle_minutes_before_zero <= 60 && floor(var.idle_minutes_before_zero) == var.idle_minutes_before_zero
    error_message = "idle_minutes_before_zero must be a whole number from 1 to 60."
  }
}

variable "alarm_actions" {
  description = "ARNs (usually an SNS topic) notified when the service runs its maximum number of tasks while the backlog keeps growing, and when that recovers."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "saturation_alarm_period_seconds" {
  description = "Period of the at-maximum-and-growing alarm, in seconds (60 or a multiple of 60). It fires after three periods in a row with the maximum number of tasks running and more messages waiting than the period before."
  type        = number
  default     = 300

  validation {
    condition     = var.saturation_alarm_period_seconds >= 60 && var.saturation_alarm_period_seconds % 60 == 0
    error_message = "saturation_alarm_period_seconds must be 60 or a multiple of 60."
  }
}

################################################################################
# What the task role may touch
################################################################################

variable "queue_arn" {
  description = "ARN of the standard SQS queue the worker consumes. The task may receive, delete and change the visibility of its messages and read its attributes, nothing else."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.queue_arn))
    error_message = "queue_arn must be the ARN of a standard SQS queue."
  }
}

variable "input" {
  description = <<-EOT
    The objects the worker reads: the originals its queue's events name.

    - `bucket_arn` - (Required) ARN of the bucket.
    - `key_prefix` - (Required) Key prefix, ending in `/`, such as `originals/video/`.

    The role may also list the bucket, with no `s3:prefix` condition (S3 is not documented to set it for this check): without s3:ListBucket, S3 answers a read of a missing key with 403 instead of 404, and the worker takes 404 to mean the upload was deleted.
  EOT
  type = object({
    bucket_arn = string
    key_prefix = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.input.bucket_arn))
    error_message = "input.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = can(regex("^[^/*?][^*?]*/$", var.input.key_prefix))
    error_message = "input.key_prefix must be a key prefix ending in `/`, such as `originals/video/`, without a leading `/` or wildcards."
  }
}

variable "output" {
  description = <<-EOT
    The objects the worker writes (multipart uploads included), and deletes again when their media item was deleted while it worked or once a newer recipe version's set is recorded.

    - `bucket_arn` - (Required) ARN of the bucket.
    - `key_prefix` - (Required) Key prefix, ending in `/`, such as `derived/`.

    The role may also list the bucket, only with `s3:prefix` like `<key_prefix>*`: after recording a new set of renditions the worker lists `<key_prefix><mediaId>/` to find the keys of older recipe versions.
  EOT
  type = object({
    bucket_arn = string
    key_prefix = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.output.bucket_arn))
    error_message = "output.bucket_arn must be the ARN of an S3 bucket (arn:<partition>:s3:::<bucket>)."
  }

  validation {
    condition     = can(regex("^[^/*?][^*?]*/$", var.output.key_prefix))
    error_message = "output.key_prefix must be a key prefix ending in `/`, such as `derived/`, without a leading `/` or wildcards."
  }
}

variable "table_arn" {
  description = "ARN of the DynamoDB table the worker reads and writes. DynamoDB uses the table's KMS key through its own grant, so the role needs no key permission for it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", var.table_arn))
    error_message = "table_arn must be the ARN of a DynamoDB table (arn:<partition>:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "table_actions" {
  description = "Item-level DynamoDB actions the worker calls on the table: any of `dynamodb:GetItem`, `dynamodb:BatchGetItem`, `dynamodb:Query`, `dynamodb:ConditionCheckItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem`, `dynamodb:DeleteItem` and `dynamodb:BatchWriteItem`. Give only the ones the code calls."
  type        = list(string)
  nullable    = false

  validation {
    condition = length(var.table_actions) > 0 && length(var.table_actions) == length(distinct(var.table_actions)) && alltrue([
      for action in var.table_actions : contains([
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem",
        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
      ], action)
    ])
    error_message = "table_actions must list, without repeats, at least one of dynamodb:GetItem, BatchGetItem, Query, ConditionCheckItem, PutItem, UpdateItem, DeleteItem and BatchWriteItem (item-level actions only: no Scan, no table management)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
