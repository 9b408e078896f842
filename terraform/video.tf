# Fargate processors (the video-transcode worker): the VPC they run in, and per processor of the
# registry whose runtime is "fargate" an image repository, cluster, service, task definition,
# scaling and roles (modules/fargate-worker). A second Fargate processor is one registry entry.

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
      local.worker_concurrency * (var.video_max_bytes + local.video_max_output_bytes) / pow(1024, 3) + local.worker_image_allowance_gib
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
      MAX_INPUT_BYTES      = tostring(var.video_max_bytes)
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
# The ECS service-linked role, which the workers' clusters and services need
################################################################################

# ECS creates AWSServiceRoleForECS itself on first use, but in a fresh account the cluster's
# capacity providers and the service can be created before the new role is usable, and fail.
# Created here, before the workers; an account holds one, so an account that already has it sets
# create_ecs_service_linked_role = false (creating it again fails).
resource "aws_iam_service_linked_role" "ecs" {
  count = var.create_ecs_service_linked_role && length(local.fargate_processors) > 0 ? 1 : 0

  aws_service_name = "ecs.amazonaws.com"
  description      = "Lets Amazon ECS manage the Fargate workers of ${local.name}"
}

################################################################################
# One Fargate worker per Fargate processor, fed by its queue
################################################################################

module "video_worker" {
  source   = "./modules/fargate-worker"
  for_each = local.fargate_processors

  name      = "${local.name}-${each.key}"
  image_tag = var.worker_image_tag

  # Dev is torn down with `terraform destroy`, images and all.
  repository_force_delete = var.buckets_force_destroy

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

  depends_on = [aws_iam_service_linked_role.ecs]
}
