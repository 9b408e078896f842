output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "Availability Zones of the private subnets, in subnet order."
  value       = local.azs
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per Availability Zone (where tasks run: no public IPs, no internet route unless `egress = \"nat\"`)."
  value       = [for az in local.azs : aws_subnet.private[az].id]
}

output "public_subnet_ids" {
  description = "IDs of the public subnets that hold the NAT gateways; empty unless `egress = \"nat\"`."
  value       = [for az in local.azs : aws_subnet.public[az].id if contains(keys(aws_subnet.public), az)]
}

output "private_route_table_ids" {
  description = "IDs of the private subnets' route tables, one per Availability Zone."
  value       = [for az in local.azs : aws_route_table.private[az].id]
}

output "https_egress_cidr_blocks" {
  description = "IPv4 ranges a workload's security group must allow HTTPS to: the VPC (its interface endpoints) with `vpc_endpoints`, anywhere with `nat`."
  value       = local.nat ? ["0.0.0.0/0"] : [aws_vpc.this.cidr_block]
}

output "https_egress_prefix_list_ids" {
  description = "Managed prefix lists of the S3 and DynamoDB gateway endpoints, which a workload's security group must also allow HTTPS to (their addresses are outside the VPC)."
  value       = [for service in ["s3", "dynamodb"] : aws_vpc_endpoint.gateway[service].prefix_list_id]
}

output "gateway_endpoint_ids" {
  description = "IDs of the gateway endpoints, by service (`s3`, `dynamodb`)."
  value       = { for service, endpoint in aws_vpc_endpoint.gateway : service => endpoint.id }
}

output "interface_endpoint_ids" {
  description = "IDs of the interface endpoints, by service (such as `ecr.api`); empty with `egress = \"nat\"`."
  value       = { for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }
}

output "endpoint_security_group_id" {
  description = "ID of the interface endpoints' security group (HTTPS from the VPC); null with `egress = \"nat\"`."
  value       = one(aws_security_group.endpoints[*].id)
}

output "nat_gateway_ids" {
  description = "IDs of the NAT gateways, by Availability Zone; empty unless `egress = \"nat\"`."
  value       = { for az, gateway in aws_nat_gateway.this : az => gateway.id }
}

output "nat_public_ips" {
  description = "Public addresses the tasks' internet traffic leaves from, by Availability Zone; empty unless `egress = \"nat\"`."
  value       = { for az, eip in aws_eip.nat : az => eip.public_ip }
}

output "flow_log_group_name" {
  description = "Name of the flow log group, `/aws/vpc/<name>-flow-logs`."
  value       = aws_cloudwatch_log_group.flow_logs.name
}

output "flow_log_id" {
  description = "ID of the VPC's flow log."
  value       = aws_flow_log.this.id
}
