terraform {
  # Matches .terraform-version (1.11.4); any later 1.x works.
  required_version = ">= 1.11.4, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.19 is the first release that accepts the nodejs24.x Lambda runtime (build.mjs).
      version = "~> 6.19"
    }
  }
}
