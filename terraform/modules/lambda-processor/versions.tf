terraform {
  # 1.9 is the first release whose variable validations may refer to other variables.
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.0 gives the aws_region data source its `region` attribute (`name` is deprecated);
      # 6.19 is the first release that accepts the default runtime, nodejs24.x.
      version = ">= 6.19, < 7.0.0"
    }
  }
}
