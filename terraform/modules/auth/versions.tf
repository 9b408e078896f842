terraform {
  # 1.9 is the first release whose variable validations may refer to other variables.
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.0 gives the aws_region data source its `region` attribute (`name` is deprecated); the
      # user pool's `user_pool_tier` (feature plans) arrived in 5.x and is kept in 6.x.
      version = ">= 6.0, < 7.0.0"
    }
  }
}
