variable "name" {
  description = "Name of the VPC and the prefix of everything in it (subnets, route tables, endpoints, flow log group `/aws/vpc/<name>-flow-logs`). 1 to 48 letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,48}$", var.name))
    error_message = "name must be 1 to 48 letters, digits and hyphens."
  }
}

variable "cidr_block" {
  description = "IPv4 range of the VPC, a private (RFC 1918) block from /16 to /24. Every subnet is carved from it with `subnet_newbits`."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && try(tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 24, false)
    error_message = "cidr_block must be an IPv4 CIDR block from /16 to /24, such as 10.40.0.0/16."
  }

  validation {
    condition     = can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)", var.cidr_block))
    error_message = "cidr_block must lie in a private range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16."
  }
}

variable "subnet_newbits" {
  description = "Bits added to the VPC prefix for each subnet (4 to 8): a /16 VPC with 4 gives /20 subnets of 4,091 usable addresses. Private subnet i is network number i, public subnet i (NAT mode) is number 8 + i, so changing `az_count` never renumbers an existing subnet."
  type        = number
  default     = 4

  validation {
    condition     = var.subnet_newbits >= 4 && var.subnet_newbits <= 8 && floor(var.subnet_newbits) == var.subnet_newbits
    error_message = "subnet_newbits must be a whole number from 4 to 8 (at least 16 subnets, for the private and public ranges)."
  }

  validation {
    condition     = try(tonumber(split("/", var.cidr_block)[1]), 16) + var.subnet_newbits <= 28
    error_message = "cidr_block's prefix plus subnet_newbits must be at most 28: AWS subnets are /16 to /28."
  }
}

variable "az_count" {
  description = "Availability Zones to spread the private subnets over (1 to 6): the first `az_count` zones of the Region that need no opt-in. More zones give Fargate Spot more capacity pools and survive a zone outage; each one adds an hourly charge per interface endpoint (or per NAT gateway with `single_nat_gateway = false`)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 1 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 1 to 6."
  }
}

variable "egress" {
  description = "How the private subnets reach AWS APIs. `vpc_endpoints`: interface endpoints for `interface_endpoint_services` in every private subnet, no internet route at all. `nat`: public subnets, an internet gateway and NAT gateway(s); the tasks can reach anything on the internet over 443. Either way S3 and DynamoDB go through their (free) gateway endpoints."
  type        = string
  default     = "vpc_endpoints"

  validation {
    condition     = contains(["vpc_endpoints", "nat"], var.egress)
    error_message = "egress must be vpc_endpoints or nat."
  }
}

variable "single_nat_gateway" {
  description = "With `egress = \"nat\"`: one NAT gateway for every zone (cheapest; the private subnets of other zones lose egress when its zone fails) instead of one per zone."
  type        = bool
  default     = true
  nullable    = false
}

variable "interface_endpoint_services" {
  description = "With `egress = \"vpc_endpoints\"`: the AWS services that get an interface endpoint (private DNS on), by the last part of their endpoint service name (`com.amazonaws.<region>.<service>`). The default is what a Fargate queue worker needs: image pull (`ecr.api`, `ecr.dkr`; the layers come from S3 through the gateway endpoint), the awslogs driver (`logs`) and its queue (`sqs`). Add `kms` or `sts` only for code that calls them itself."
  type        = list(string)
  default     = ["ecr.api", "ecr.dkr", "logs", "sqs"]
  nullable    = false

  validation {
    condition     = alltrue([for service in var.interface_endpoint_services : can(regex("^[a-z0-9-]+(\\.[a-z0-9-]+)*$", service))]) && length(var.interface_endpoint_services) == length(distinct(var.interface_endpoint_services))
    error_message = "interface_endpoint_services must be distinct service names such as `ecr.api` or `logs`."
  }

  validation {
    condition     = !contains(var.interface_endpoint_services, "s3") && !contains(var.interface_endpoint_services, "dynamodb")
    error_message = "S3 and DynamoDB always get gateway endpoints (free, no per-zone charge); do not list them as interface endpoints."
  }
}

################################################################################
# Flow logs
################################################################################

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the flow log group. Its key policy must let `logs.<region>.amazonaws.com` use it for `/aws/vpc/<name>-flow-logs` (the `kms` module's `log_group_names`)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "flow_log_retention_days" {
  description = "Days the flow log group keeps records: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "flow_log_traffic_type" {
  description = "Traffic the flow log records: `ALL`, `ACCEPT` or `REJECT` (the cheapest: only what security groups and network ACLs refused)."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "ACCEPT", "REJECT"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be ALL, ACCEPT or REJECT."
  }
}

variable "flow_log_max_aggregation_interval" {
  description = "Seconds over which a flow record is aggregated: 60 or 600 (fewer, cheaper log events)."
  type        = number
  default     = 600

  validation {
    condition     = contains([60, 600], var.flow_log_max_aggregation_interval)
    error_message = "flow_log_max_aggregation_interval must be 60 or 600."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
