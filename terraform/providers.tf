provider "aws" {
  region = var.region

  # The environment's own account only (set per environment in environments/<env>.tfvars; dev may
  # leave it empty): credentials for any other account stop Terraform before it reads anything.
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  # False in every environment; the apply rehearsal on moto sets it (loopback has no bucket host names).
  s3_use_path_style = var.aws_s3_use_path_style

  default_tags {
    tags = merge(var.tags, {
      Project     = var.project
      Environment = terraform.workspace
      ManagedBy   = "terraform"
    })
  }
}
