data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  container_name = "worker"
  scratch_volume = "scratch"

  # Anything that asks the OS for a temporary directory (os.tmpdir(), ffmpeg, sharp) gets the
  # writable volume instead of the read-only root filesystem.
  environment = merge(var.environment_variables, { TMPDIR = var.scratch_path })

  queue_name = element(split(":", var.queue_arn), 5)

  # One split for both the cluster's default strategy and the service's own, by capacity provider.
  capacity_provider_weights = { FARGATE_SPOT = var.spot_weight, FARGATE = var.on_demand_weight }
}

################################################################################
# Image repository
################################################################################

resource "aws_ecr_repository" "this" {
  name = var.name

  # A tag names one image forever: the task definition's tag is what runs, and a rollback to
  # an older tag gets exactly the image that ran then.
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.repository_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  # ECR uses the key through grants it creates on the repository's behalf, so neither the
  # execution role nor the pusher needs kms: permissions to pull or push.
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after ${var.repository_untagged_expiry_days} days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.repository_untagged_expiry_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the ${var.repository_keep_tagged_images} most recently pushed tagged images"
        selection = {
          tagStatus      = "tagged"
          tagPatternList = ["*"]
          countType      = "imageCountMoreThan"
          countNumber    = var.repository_keep_tagged_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

################################################################################
# Logs
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is a per-environment choice (log_retention_days); worker logs are operational, and media state lives in DynamoDB.
  name              = "/aws/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

################################################################################
# Cluster
################################################################################

resource "aws_ecs_cluster" "this" {
  name = var.name

  # Task and service metrics (RunningTaskCount, DesiredTaskCount), which the scaling policy and
  # the saturation alarm use.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = keys(local.capacity_provider_weights)

  dynamic "default_capacity_provider_strategy" {
    for_each = local.capacity_provider_weights

    content {
      capacity_provider = default_capacity_provider_strategy.key
      weight            = default_capacity_provider_strategy.value
      base              = 0
    }
  }
}

################################################################################
# Task definition
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  # X86_64, not ARM64: Fargate Spot runs only X86_64 tasks, and Spot is the first choice of the
  # service's capacity providers. The image is built for linux/amd64 to match.
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # Shared by the image layers and the scratch volume.
  ephemeral_storage {
    size_in_gib = var.ephemeral_storage_gib
  }

  # A bind mount without a host path: an empty directory on the task's ephemeral storage, the only
  # writable place in the container.
  volume {
    name = local.scratch_volume
  }

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
      essential = true
      user      = var.container_user

      readonlyRootFilesystem = true
      mountPoints = [
        {
          sourceVolume  = local.scratch_volume
          containerPath = var.scratch_path
          readOnly      = false
        },
      ]

      # SIGTERM (a deployment, a scale-in, a Spot reclaim) starts the worker's drain; this is how
      # long it has before SIGKILL.
      stopTimeout = var.stop_timeout_seconds

      # An init process as PID 1 forwards SIGTERM to the worker and reaps the ffmpeg children.
      linuxParameters = {
        initProcessEnabled = true
      }

      environment = [
        for name in sort(keys(local.environment)) : { name = name, value = local.environment[name] }
      ]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = local.region
          awslogs-stream-prefix = local.container_name
        }
      }
    },
  ])

  tags = var.tags
}

################################################################################
# Service
################################################################################

resource "aws_security_group" "tasks" {
  name        = "${var.name}-tasks"
  description = "Tasks of ${var.name}: no inbound traffic, HTTPS out to the AWS APIs only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-tasks" })
}

# count, not for_each: the prefix list IDs are known only once the endpoints exist.
resource "aws_vpc_security_group_egress_rule" "https_cidr" {
  count = length(var.https_egress_cidr_blocks)

  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to the AWS APIs (interface endpoints or NAT)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.https_egress_cidr_blocks[count.index]

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "https_prefix_list" {
  count = length(var.https_egress_prefix_list_ids)

  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to S3 and DynamoDB through their gateway endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = var.https_egress_prefix_list_ids[count.index]

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name             = var.name
  cluster          = aws_ecs_cluster.this.arn
  task_definition  = aws_ecs_task_definition.this.arn
  platform_version = "LATEST"

  # Application Auto Scaling owns the task count (ignore_changes below); a new service starts
  # with none, and the queue's first message brings the first task.
  desired_count = 0

  # Spot first, on-demand for a share of the tasks. The weights split placements between the two;
  # ECS does not retry on FARGATE when Spot has no capacity, so a non-zero on-demand weight is
  # what keeps work moving through a Spot shortage.
  dynamic "capacity_provider_strategy" {
    for_each = local.capacity_provider_weights

    content {
      capacity_provider = capacity_provider_strategy.key
      weight            = capacity_provider_strategy.value
      base              = 0
    }
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  # New tasks start before old ones get SIGTERM; a task definition whose tasks keep failing to
  # start is rolled back to the last one that worked.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  tags = var.tags

  lifecycle {
    ignore_changes = [desired_count]
  }

  # The roles must work before the first task pulls its image and logs; the capacity providers
  # must be attached to the cluster before a strategy can name them.
  depends_on = [
    aws_iam_role_policy.execution,
    aws_iam_role_policy.task,
    aws_ecs_cluster_capacity_providers.this,
  ]
}
