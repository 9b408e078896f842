terraform {
  # 1.9 is the first release whose variable validations may refer to other variables.
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.0 adds the per-resource `region` argument: the certificate, the web ACL and the log
      # delivery are created in us-east-1 with it, so no aliased provider is needed.
      version = ">= 6.0, < 7.0.0"
    }
  }
}
