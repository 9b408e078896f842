terraform {
  # 1.11 is the first Terraform release with write-only arguments (`value_wo`), which keep the
  # cursor key out of the state; ephemeral resources arrived in 1.10. OpenTofu has both since 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.19 is the first release that accepts the default runtime, nodejs24.x; it also has the
      # aws_secretsmanager_random_password ephemeral resource and aws_ssm_parameter's value_wo.
      version = ">= 6.19, < 7.0.0"
    }
  }
}
