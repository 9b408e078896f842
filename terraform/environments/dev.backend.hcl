# S3 backend for the dev environment: terraform init -backend-config=environments/dev.backend.hcl
# ops creates the bucket once (see terraform/README.md, "Bootstrap"); state of workspace "dev"
# lives at env:/dev/<key>. use_lockfile locks with an S3 lock object (no DynamoDB table).
bucket       = "photo-album-tfstate-dev"
key          = "photo-album/terraform.tfstate"
region       = "ap-southeast-2"
encrypt      = true
use_lockfile = true
