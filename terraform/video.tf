# Fargate processors (the video-transcode worker): the VPC they run in, and per processor of the
# registry whose runtime is "fargate" an image repository, cluster, service, task definition,
# scaling and roles (modules/fargate-worker). A second Fargate processor is one registry entry.

################################################################################
# Variables
################################################################################

variable "worker_image_tag" {
  description = "Tag of the Fargate workers' image to run: the git commit (7 to 40 lower-case hex digits) that `make image ENV=<env>` built and pushed to each worker's ECR repository. Tags are immutable, so this names exactly one image; `latest` and other moving tags are refused."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{7,40}$", var.worker_image_tag))
    error_message = "worker_image_tag must be the git commit `make image` pushed: 7 to 40 lower-case hexadecimal digits (not `latest` or another moving tag)."
  }
}

variable "worker_max_tasks" {
  description = "Upper bound on every Fargate worker's task count in this environment (1 to 1000): each service scales between 0 and the smaller of this and the registry's `maxConcurrency`. Null uses the registry's values."
  type        = number
  default     = null

  validation {
    condition     = var.worker_max_tasks == null || try(var.worker_max_tasks >= 1 && var.worker_max_tasks <= 1000 && floor(var.worker_max_tasks) == var.worker_max_tasks, false)
    error_message = "worker_max_tasks must be a whole number from 1 to 1000, or null."
  }
}

variable "worker_log_retention_days" {
  description = "Days the Fargate workers' log groups keep log events: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.worker_log_retention_days)
    error_message = "worker_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "video_max_input_bytes" {
  description = "video-transcode: largest original, in bytes, it accepts (larger ones are rejected before download); the tasks' ephemeral storage is sized from it. Keep it equal to the API's video upload limit (VIDEO_MAX_BYTES, 5 GiB by default). 1 MiB to 64 GiB."
  type        = number
  default     = 5368709120

  validation {
    condition     = var.video_max_input_bytes >= 1048576 && var.video_max_input_bytes <= 68719476736 && floor(var.video_max_input_bytes) == var.video_max_input_bytes
    error_message = "video_max_input_bytes must be a whole number of bytes from 1048576 (1 MiB) to 68719476736 (64 GiB)."
  }
}

variable "network_cidr" {
  description = "IPv4 range of the workers' VPC: a private block from /16 to /24, not overlapping any network it may one day be peered with."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.network_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+/(1[6-9]|2[0-4])$", var.network_cidr))
    error_message = "network_cidr must be a private IPv4 CIDR block (10/8, 172.16/12 or 192.168/16) from /16 to /24."
  }
}

variable "network_az_count" {
  description = "Availability Zones the workers' private subnets span (1 to 6). More zones give Fargate Spot more capacity pools and survive a zone outage; with `network_egress = \"vpc_endpoints\"` each zone adds one hourly charge per interface endpoint."
  type        = number
  default     = 2

  validation {
    condition     = var.network_az_count >= 1 && var.network_az_count <= 6 && floor(var.network_az_count) == var.network_az_count
    error_message = "network_az_count must be a whole number from 1 to 6."
  }
}

variable "network_egress" {
  description = "How the workers reach the AWS APIs: `vpc_endpoints` (interface endpoints, no internet route) or `nat` (one NAT gateway). S3 and DynamoDB use free gateway endpoints either way. See modules/network/README.md for the cost of each."
  type        = string
  default     = "vpc_endpoints"

  validation {
    condition     = contains(["vpc_endpoints", "nat"], var.network_egress)
    error_message = "network_egress must be vpc_endpoints or nat."
  }
}

################################################################################
# Locals
################################################################################

locals {
  # Jobs a task runs at once. The registry's cpu and memoryMb are sized for one ffmpeg job.
  worker_concurrency = 1

  # Drain time the worker gives itself after SIGTERM, inside the container's 120 s stop timeout
  # (Fargate's maximum, and the notice Fargate Spot gives): time left to upload and hand back.
  worker_stop_timeout_seconds  = 120
  worker_drain_timeout_seconds = 110

  # The worker's scratch volume, the only writable path in the container.
  worker_scratch_path = "/scratch"

  # Longest video video-transcode accepts (probe limit), in seconds.
  video_max_duration_seconds = 7200

  # The most its renditions can weigh: every rendition's video bitrate cap plus its audio, in
  # kbit/s (RENDITIONS in src/worker/video-transcode/renditions.ts: web 4500 + 128, mobile
  # 1200 + 96), over the longest accepted video. About 5 GB; the poster and thumb are noise.
  video_max_output_bytes = local.video_max_duration_seconds * (4500 + 128 + 1200 + 96) * 1000 / 8

  # Ephemeral storage holds the image layers (Node.js and Debian's ffmpeg, well under 2 GiB) and
  # the scratch volume: per job the original and every output at once. Fargate bills above 20 GiB
  # and accepts 21 to 200.
  worker_image_allowance_gib = 2

  fargate_processor_ephemeral_storage_gib = {
    "video-transcode" = min(200, max(21, ceil(
      local.worker_concurrency * (var.video_max_input_bytes + local.video_max_output_bytes) / pow(1024, 3) + local.worker_image_allowance_gib
    )))
  }

  # Fargate processors: cpu, memory and the task ceiling come from the registry, the input from
  # what the processor consumes.
  fargate_processors = {
    for processor in local.registry.processors : processor.name => {
      cpu                        = processor.cpu
      memory                     = processor.memoryMb
      max_tasks                  = min(processor.maxConcurrency, coalesce(var.worker_max_tasks, processor.maxConcurrency))
      visibility_timeout_seconds = processor.visibilityTimeoutSeconds
      input_source               = processor.consumes.source
      input_key_prefix           = processor.consumes.source == "originals" ? try(local.registry.mediaClasses[lookup(processor.consumes, "mediaClass", "")].originalsPrefix, null) : local.derived_prefix
      ephemeral_storage_gib      = lookup(local.fargate_processor_ephemeral_storage_gib, processor.name, 21)
    } if processor.runtime == "fargate"
  }

  # What src/worker/<name>/main.ts reads beyond the Lambda processors' common variables, by name.
  fargate_processor_environment = {
    "video-transcode" = {
      MAX_INPUT_BYTES      = tostring(var.video_max_input_bytes)
      MAX_DURATION_SECONDS = tostring(local.video_max_duration_seconds)
    }
  }

  # The DynamoDB calls each worker makes: getMedia (GetItem, consistent read) and
  # recordProcessorResult with its status settlement (conditional UpdateItem), both in
  # src/shared/media-store.ts. Nothing else: no Query, no Put, no Delete.
  fargate_processor_table_actions = {
    "video-transcode" = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
  }
}

################################################################################
# Network: private subnets, gateway endpoints, interface endpoints or NAT
################################################################################

module "network" {
  source = "./modules/network"
  count  = length(local.fargate_processors) > 0 ? 1 : 0

  name        = "${local.name}-workers"
  cidr_block  = var.network_cidr
  az_count    = var.network_az_count
  egress      = var.network_egress
  kms_key_arn = module.kms.key_arn

  flow_log_retention_days = var.worker_log_retention_days
}

################################################################################
# One Fargate worker per Fargate processor, fed by its queue
################################################################################

module "video_worker" {
  source   = "./modules/fargate-worker"
  for_each = local.fargate_processors

  name      = "${local.name}-${each.key}"
  image_tag = var.worker_image_tag

  cpu                   = each.value.cpu
  memory                = each.value.memory
  ephemeral_storage_gib = each.value.ephemeral_storage_gib
  scratch_path          = local.worker_scratch_path
  stop_timeout_seconds  = local.worker_stop_timeout_seconds

  environment_variables = merge(
    local.processor_environment_common,
    {
      POWERTOOLS_SERVICE_NAME    = each.key
      QUEUE_URL                  = module.processor_queue[each.key].queue_url
      SCRATCH_DIR                = local.worker_scratch_path
      WORKER_CONCURRENCY         = tostring(local.worker_concurrency)
      VISIBILITY_TIMEOUT_SECONDS = tostring(each.value.visibility_timeout_seconds)
      STOP_TIMEOUT_SECONDS       = tostring(local.worker_drain_timeout_seconds)
    },
    try(local.fargate_processor_environment[each.key], {}),
  )

  kms_key_arn        = module.kms.key_arn
  log_retention_days = var.worker_log_retention_days

  vpc_id                       = module.network[0].vpc_id
  subnet_ids                   = module.network[0].private_subnet_ids
  https_egress_cidr_blocks     = module.network[0].https_egress_cidr_blocks
  https_egress_prefix_list_ids = module.network[0].https_egress_prefix_list_ids

  max_tasks         = each.value.max_tasks
  messages_per_task = local.worker_concurrency
  alarm_actions     = local.alarm_actions

  queue_arn = module.processor_queue[each.key].queue_arn
  input = {
    bucket_arn = each.value.input_source == "originals" ? module.originals.bucket_arn : module.derived.bucket_arn
    key_prefix = each.value.input_key_prefix
  }
  output = {
    bucket_arn = module.derived.bucket_arn
    key_prefix = local.derived_prefix
  }
  table_arn     = module.table.table_arn
  table_actions = lookup(local.fargate_processor_table_actions, each.key, ["dynamodb:GetItem", "dynamodb:UpdateItem"])
}

################################################################################
# Outputs
################################################################################

output "worker_repository_urls" {
  description = "ECR repository of each Fargate worker, by processor name: where `make image ENV=<env>` pushes `<url>:<git commit>`."
  value       = { for name, worker in module.video_worker : name => worker.repository_url }
}

output "worker_cluster_names" {
  description = "ECS cluster of each Fargate worker, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.cluster_name }
}

output "worker_service_names" {
  description = "ECS service of each Fargate worker, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.service_name }
}

output "worker_task_definition_arns" {
  description = "Task definition (with revision) each Fargate worker's service runs, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.task_definition_arn }
}

output "worker_log_group_names" {
  description = "Log group of each Fargate worker, by processor name."
  value       = { for name, worker in module.video_worker : name => worker.log_group_name }
}

output "worker_image_tag" {
  description = "Image tag the Fargate workers run (the git commit `make image` pushed)."
  value       = var.worker_image_tag
}

output "workers_vpc_id" {
  description = "ID of the Fargate workers' VPC; null without Fargate processors."
  value       = one(module.network[*].vpc_id)
}

output "workers_private_subnet_ids" {
  description = "Private subnets the Fargate workers run in (for `aws ecs run-task`, say); empty without Fargate processors."
  value       = flatten(module.network[*].private_subnet_ids)
}
