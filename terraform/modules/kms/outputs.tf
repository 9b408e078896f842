output "key_arn" {
  description = "ARN of the primary key."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "ID of the primary key (shared by its replicas)."
  value       = aws_kms_key.this.key_id
}

output "alias_name" {
  description = "Name of the key's alias, `alias/<alias>`, the same in every Region."
  value       = aws_kms_alias.this.name
}

output "alias_arn" {
  description = "ARN of the alias in the key's own Region."
  value       = aws_kms_alias.this.arn
}

output "replica_key_arns" {
  description = "ARNs of the replica keys, by Region. Empty when there are no replicas."
  value       = { for region, key in aws_kms_replica_key.this : region => key.arn }
}
