output "bucket_id" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket (`<bucket>.s3.<region>.amazonaws.com`), the one a CloudFront origin uses."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "bucket_versioning_enabled" {
  description = "Whether the bucket keeps noncurrent object versions."
  value       = var.versioning.enabled
}

output "bucket_transfer_acceleration_enabled" {
  description = "Whether S3 Transfer Acceleration is on, so that clients may use the `<bucket>.s3-accelerate.amazonaws.com` endpoint."
  value       = var.transfer_acceleration_enabled
}

output "log_bucket_id" {
  description = "Name of the access-log bucket, or null when access logging is off."
  value       = try(aws_s3_bucket.logs[0].id, null)
}

output "log_bucket_arn" {
  description = "ARN of the access-log bucket, or null when access logging is off."
  value       = try(aws_s3_bucket.logs[0].arn, null)
}
