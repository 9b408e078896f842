output "table_name" {
  description = "Name of the table (the same in every replica Region)."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table in its own Region."
  value       = aws_dynamodb_table.this.arn
}

output "table_stream_arn" {
  description = "ARN of the table's stream, or null when the stream is off."
  value       = try(aws_dynamodb_table.this.stream_arn, null)
}

output "table_replica_arns" {
  description = "ARNs of the replicas, by Region. Empty when the table has no replicas."
  value       = { for replica in aws_dynamodb_table.this.replica : replica.region_name => replica.arn }
}
