# The video worker's modules (network, fargate-worker), each planned on its own against a mocked
# AWS provider with the inputs the root module gives them (terraform/video.tf): the arguments the
# root module's plan cannot reach, and the validations that must refuse a wrong input. Run by
# `make validate-tf` / `make test-tf`; by hand, from terraform/:
#
#   tofu test -filter=tests/video.tftest.hcl

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

  mock_data "aws_region" {
    defaults = {
      name        = "ap-southeast-2"
      region      = "ap-southeast-2"
      endpoint    = "ec2.ap-southeast-2.amazonaws.com"
      description = "Asia Pacific (Sydney)"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]
      zone_ids = ["apse2-az3", "apse2-az1", "apse2-az2"]
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/photo-album-mock-role"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/ecs/photo-album-mock"
    }
  }

  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:ap-southeast-2:123456789012:repository/photo-album-test-video-transcode"
      repository_url = "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/photo-album-test-video-transcode"
    }
  }

  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:ap-southeast-2:123456789012:cluster/photo-album-test-video-transcode"
    }
  }

  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:ap-southeast-2:123456789012:task-definition/photo-album-test-video-transcode:1"
    }
  }

  mock_resource "aws_appautoscaling_policy" {
    defaults = {
      arn = "arn:aws:autoscaling:ap-southeast-2:123456789012:scalingPolicy:01234567-89ab-cdef-0123-456789abcdef:resource/ecs/service/photo-album-test-video-transcode/photo-album-test-video-transcode:policyName/photo-album-test-video-transcode"
    }
  }

  mock_resource "aws_vpc_endpoint" {
    defaults = {
      prefix_list_id = "pl-6ca54005"
    }
  }
}

variables {
  kms_key_arn = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
}

################################################################################
# network
################################################################################

run "network_vpc_endpoints" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name       = "photo-album-test-workers"
    cidr_block = "10.40.0.0/16"
    az_count   = 2
    egress     = "vpc_endpoints"
  }

  assert {
    condition     = length(aws_subnet.private) == 2 && alltrue([for subnet in aws_subnet.private : !subnet.map_public_ip_on_launch])
    error_message = "Two private subnets, one per zone, none handing out public IPs."
  }

  assert {
    condition     = jsonencode(keys(aws_subnet.private)) == jsonencode(["ap-southeast-2a", "ap-southeast-2b"]) && aws_subnet.private["ap-southeast-2b"].cidr_block == "10.40.16.0/20"
    error_message = "The first two zones, subnet i being network i of the VPC."
  }

  assert {
    condition     = jsonencode(keys(aws_vpc_endpoint.interface)) == jsonencode(["ecr.api", "ecr.dkr", "logs", "sqs"]) && alltrue([for endpoint in aws_vpc_endpoint.interface : endpoint.private_dns_enabled && endpoint.vpc_endpoint_type == "Interface"])
    error_message = "Interface endpoints with private DNS for image pull, logs and the queue."
  }

  assert {
    condition     = aws_vpc_endpoint.interface["ecr.dkr"].service_name == "com.amazonaws.ap-southeast-2.ecr.dkr"
    error_message = "Endpoint service names are com.amazonaws.<region>.<service>: ${aws_vpc_endpoint.interface["ecr.dkr"].service_name}."
  }

  assert {
    condition     = jsonencode(keys(aws_vpc_endpoint.gateway)) == jsonencode(["dynamodb", "s3"]) && alltrue([for endpoint in aws_vpc_endpoint.gateway : endpoint.vpc_endpoint_type == "Gateway" && endpoint.route_table_ids == toset([for table in aws_route_table.private : table.id])]) && length(aws_route_table.private) == 2
    error_message = "S3 and DynamoDB go through gateway endpoints on every private route table."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.endpoints_https[0].from_port == 443 &&
      aws_vpc_security_group_ingress_rule.endpoints_https[0].to_port == 443 &&
      aws_vpc_security_group_ingress_rule.endpoints_https[0].cidr_ipv4 == "10.40.0.0/16"
    )
    error_message = "The endpoints accept HTTPS from the VPC only."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_internet_gateway.this) == 0 && length(aws_subnet.public) == 0
    error_message = "No internet route at all with vpc_endpoints."
  }

  assert {
    condition     = aws_flow_log.this.log_destination_type == "cloud-watch-logs" && aws_cloudwatch_log_group.flow_logs.kms_key_id == var.kms_key_arn
    error_message = "Flow logs go to a log group encrypted with the key."
  }

  assert {
    condition     = jsonencode(output.https_egress_cidr_blocks) == jsonencode(["10.40.0.0/16"]) && length(output.https_egress_prefix_list_ids) == 2
    error_message = "Workloads may reach the VPC (the endpoints) and the gateway endpoints' prefix lists, nothing else."
  }
}

run "network_nat" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name     = "photo-album-test-workers"
    az_count = 3
    egress   = "nat"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route.private_nat) == 3 && length(aws_subnet.public) == 3
    error_message = "One NAT gateway (single_nat_gateway defaults to true) routes every zone's private subnet."
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_vpc_endpoint.gateway) == 2
    error_message = "NAT replaces the interface endpoints; the free gateway endpoints stay."
  }

  assert {
    condition     = alltrue([for subnet in aws_subnet.public : !subnet.map_public_ip_on_launch]) && aws_subnet.public["ap-southeast-2a"].cidr_block == "10.40.128.0/20"
    error_message = "Public subnets hand out no public IPs and are numbered from 8, apart from the private ones."
  }

  assert {
    condition     = jsonencode(output.https_egress_cidr_blocks) == jsonencode(["0.0.0.0/0"])
    error_message = "Behind NAT, workloads need HTTPS to anywhere."
  }
}

run "network_refuses_a_public_range" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name       = "photo-album-test-workers"
    cidr_block = "8.8.0.0/16"
  }

  expect_failures = [var.cidr_block]
}

################################################################################
# fargate-worker: the video-transcode processor of registry/processors.json
################################################################################

run "fargate_worker" {
  command = plan

  module {
    source = "./modules/fargate-worker"
  }

  variables {
    name                  = "photo-album-test-video-transcode"
    image_tag             = "0123456789abcdef0123456789abcdef01234567"
    cpu                   = 2048
    memory                = 4096
    ephemeral_storage_gib = 21
    environment_variables = { QUEUE_URL = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-test-video-transcode", SCRATCH_DIR = "/scratch" }

    vpc_id                       = "vpc-0123456789abcdef0"
    subnet_ids                   = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    https_egress_cidr_blocks     = ["10.40.0.0/16"]
    https_egress_prefix_list_ids = ["pl-6ca54005", "pl-62a5400b"]

    max_tasks     = 10
    alarm_actions = ["arn:aws:sns:ap-southeast-2:123456789012:photo-album-test-alarms"]

    queue_arn     = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-video-transcode"
    input         = { bucket_arn = "arn:aws:s3:::photo-album-test-originals-123456789012", key_prefix = "originals/video/" }
    output        = { bucket_arn = "arn:aws:s3:::photo-album-test-derived-123456789012", key_prefix = "derived/" }
    table_arn     = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
    table_actions = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
  }

  assert {
    condition     = one(aws_ecs_task_definition.this.runtime_platform).cpu_architecture == "X86_64" && one(aws_ecs_task_definition.this.runtime_platform).operating_system_family == "LINUX"
    error_message = "The task must be LINUX/X86_64: Fargate Spot does not run ARM64."
  }

  assert {
    condition = (
      aws_ecs_task_definition.this.cpu == "2048" && aws_ecs_task_definition.this.memory == "4096" &&
      aws_ecs_task_definition.this.network_mode == "awsvpc" && one(aws_ecs_task_definition.this.ephemeral_storage).size_in_gib == 21
    )
    error_message = "cpu, memory and ephemeral storage come from the inputs; awsvpc networking."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "The container's root filesystem must be read-only."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].stopTimeout == 120
    error_message = "Stop timeout must be 120 s, the notice Fargate Spot gives."
  }

  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints[0].containerPath == "/scratch" &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints[0].readOnly == false &&
      contains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment, { name = "TMPDIR", value = "/scratch" })
    )
    error_message = "The scratch volume is mounted writable at /scratch, and TMPDIR points at it."
  }

  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].user == "10001" &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].essential == true &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/photo-album-test-video-transcode:0123456789abcdef0123456789abcdef01234567"
    )
    error_message = "Non-root user, essential, and the image of this repository at the given tag."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/aws/ecs/photo-album-test-video-transcode" && aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "awslogs to the worker's own log group, encrypted with the key."
  }

  assert {
    condition = (
      one([for strategy in aws_ecs_service.this.capacity_provider_strategy : strategy if strategy.capacity_provider == "FARGATE_SPOT"]).weight >
      one([for strategy in aws_ecs_service.this.capacity_provider_strategy : strategy if strategy.capacity_provider == "FARGATE"]).weight &&
      alltrue([for strategy in aws_ecs_service.this.capacity_provider_strategy : strategy.base == 0])
    )
    error_message = "FARGATE_SPOT first (the larger weight), FARGATE as the fallback share, no base."
  }

  assert {
    condition = (
      one(aws_ecs_service.this.network_configuration).assign_public_ip == false &&
      one(aws_ecs_service.this.deployment_circuit_breaker).enable && one(aws_ecs_service.this.deployment_circuit_breaker).rollback &&
      aws_ecs_service.this.desired_count == 0
    )
    error_message = "No public IP, circuit breaker with rollback, starting at zero tasks."
  }

  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 0 && aws_appautoscaling_target.this.max_capacity == 10
    error_message = "The service scales between 0 and max_tasks."
  }

  assert {
    condition = (
      aws_appautoscaling_policy.from_zero.policy_type == "StepScaling" &&
      one(aws_appautoscaling_policy.to_zero.step_scaling_policy_configuration).adjustment_type == "ExactCapacity" &&
      one(aws_appautoscaling_policy.backlog.target_tracking_scaling_policy_configuration).disable_scale_in == true
    )
    error_message = "A step policy from zero, target tracking that only scales out, a step policy to exactly zero."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.saturated.alarm_actions == toset(var.alarm_actions)
    error_message = "The at-maximum alarm notifies alarm_actions."
  }

  assert {
    condition     = alltrue([for statement in data.aws_iam_policy_document.task.statement : !contains(statement.resources, "*")])
    error_message = "The task role must not grant anything on \"*\"."
  }

  assert {
    condition = (
      one([for statement in data.aws_iam_policy_document.task.statement : statement if statement.sid == "ReadInputObjects"]).resources == toset(["arn:aws:s3:::photo-album-test-originals-123456789012/originals/video/*"]) &&
      one([for statement in data.aws_iam_policy_document.task.statement : statement if statement.sid == "WriteOutputObjects"]).resources == toset(["arn:aws:s3:::photo-album-test-derived-123456789012/derived/*"]) &&
      one([for statement in data.aws_iam_policy_document.task.statement : statement if statement.sid == "ReadWriteTable"]).actions == toset(["dynamodb:GetItem", "dynamodb:UpdateItem"])
    )
    error_message = "The task role reads only the input prefix, writes only the output prefix and makes only the given table calls."
  }

  # After recording a new set of renditions the worker lists derived/<mediaId>/ and deletes the
  # older recipes' keys: ListBucket on the output bucket, but only for prefixes under derived/.
  assert {
    condition = (
      length([
        for statement in data.aws_iam_policy_document.task.statement : statement
        if contains(statement.actions, "s3:ListBucket") && contains(statement.resources, var.output.bucket_arn)
      ]) == 1 &&
      alltrue([
        for statement in data.aws_iam_policy_document.task.statement :
        statement.sid == "ListOutputKeys" && statement.effect == "Allow" &&
        toset(statement.actions) == toset(["s3:ListBucket"]) &&
        toset(statement.resources) == toset(["arn:aws:s3:::photo-album-test-derived-123456789012"]) &&
        length(statement.condition) == 1 &&
        alltrue([
          for condition in statement.condition :
          condition.test == "StringLike" && condition.variable == "s3:prefix" && toset(condition.values) == toset(["derived/*"])
        ])
        if contains(statement.actions, "s3:ListBucket") && contains(statement.resources, var.output.bucket_arn)
      ])
    )
    error_message = "The task role may list the output (derived) bucket in one statement, ListOutputKeys, only with s3:prefix StringLike derived/*: ${jsonencode([for statement in data.aws_iam_policy_document.task.statement : statement if contains(statement.actions, "s3:ListBucket")])}."
  }

  assert {
    condition = (
      length(one([for statement in data.aws_iam_policy_document.task.statement : statement if statement.sid == "ListInputKeys"]).condition) == 0 &&
      toset(one([for statement in data.aws_iam_policy_document.task.statement : statement if statement.sid == "ListInputKeys"]).resources) == toset(["arn:aws:s3:::photo-album-test-originals-123456789012"])
    )
    error_message = "ListInputKeys stays unconditional on the input (originals) bucket."
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && one(aws_ecr_repository.this.image_scanning_configuration).scan_on_push
    error_message = "The repository must have immutable tags and scan on push."
  }

  assert {
    condition     = one(aws_ecr_repository.this.encryption_configuration).encryption_type == "KMS" && one(aws_ecr_repository.this.encryption_configuration).kms_key == var.kms_key_arn
    error_message = "The repository is encrypted with the key."
  }

  assert {
    condition     = jsonencode([for rule in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : rule.selection.tagStatus]) == jsonencode(["untagged", "tagged"])
    error_message = "The lifecycle policy expires untagged images, then keeps the last tagged ones."
  }

  assert {
    condition     = one([for setting in aws_ecs_cluster.this.setting : setting.value if setting.name == "containerInsights"]) == "enabled"
    error_message = "Container Insights must be on (the scaling policy and the alarm read its metrics)."
  }
}

run "fargate_worker_refuses_latest" {
  command = plan

  module {
    source = "./modules/fargate-worker"
  }

  variables {
    name                     = "photo-album-test-video-transcode"
    image_tag                = "latest"
    cpu                      = 2048
    memory                   = 4096
    ephemeral_storage_gib    = 21
    vpc_id                   = "vpc-0123456789abcdef0"
    subnet_ids               = ["subnet-0123456789abcdef0"]
    https_egress_cidr_blocks = ["10.40.0.0/16"]
    max_tasks                = 2
    queue_arn                = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-video-transcode"
    input                    = { bucket_arn = "arn:aws:s3:::photo-album-test-originals-123456789012", key_prefix = "originals/video/" }
    output                   = { bucket_arn = "arn:aws:s3:::photo-album-test-derived-123456789012", key_prefix = "derived/" }
    table_arn                = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
    table_actions            = ["dynamodb:GetItem"]
  }

  expect_failures = [var.image_tag]
}

run "fargate_worker_refuses_a_size_fargate_lacks" {
  command = plan

  module {
    source = "./modules/fargate-worker"
  }

  variables {
    name                     = "photo-album-test-video-transcode"
    image_tag                = "0123456"
    cpu                      = 2048
    memory                   = 2048
    ephemeral_storage_gib    = 21
    vpc_id                   = "vpc-0123456789abcdef0"
    subnet_ids               = ["subnet-0123456789abcdef0"]
    https_egress_cidr_blocks = ["10.40.0.0/16"]
    max_tasks                = 2
    queue_arn                = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-test-video-transcode"
    input                    = { bucket_arn = "arn:aws:s3:::photo-album-test-originals-123456789012", key_prefix = "originals/video/" }
    output                   = { bucket_arn = "arn:aws:s3:::photo-album-test-derived-123456789012", key_prefix = "derived/" }
    table_arn                = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
    table_actions            = ["dynamodb:GetItem"]
  }

  expect_failures = [var.memory]
}
