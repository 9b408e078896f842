terraform {
  # 1.9 is the first release whose variable validations may refer to other variables.
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.9 added deletion protection on global table replicas (replica.deletion_protection_enabled).
      version = ">= 6.9, < 7.0.0"
    }
  }
}
