provider "aws" {
  region = var.region

  # The environment's own account only (set per environment in environments/<env>.tfvars; dev may
  # leave it empty): credentials for any other account stop Terraform before it reads anything.
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  default_tags {
    tags = merge(var.tags, {
      Project     = var.project
      Environment = terraform.workspace
      ManagedBy   = "terraform"
    })
  }
}
