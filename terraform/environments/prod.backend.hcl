# S3 backend for the prod environment: terraform init -backend-config=environments/prod.backend.hcl
# ops creates the bucket once (see terraform/README.md, "Bootstrap"); state of workspace "prod"
# lives at env:/prod/<key>. use_lockfile locks with an S3 lock object (no DynamoDB table).
bucket       = "photo-album-tfstate-prod"
key          = "photo-album/terraform.tfstate"
region       = "ap-southeast-2"
encrypt      = true
use_lockfile = true
