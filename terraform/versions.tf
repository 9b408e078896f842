terraform {
  # Matches .terraform-version (1.11.4); any later 1.x works.
  required_version = ">= 1.11.4, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.19 is the first release that accepts the nodejs24.x Lambda runtime (build.mjs). A new
      # major version may change behaviour: raising the bound is a reviewed change, and
      # .terraform.lock.hcl (committed after the first real init) pins the exact build.
      version = ">= 6.19, < 7.0.0"
    }
  }
}
