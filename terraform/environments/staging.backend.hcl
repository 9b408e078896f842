# S3 backend for the staging environment: terraform init -backend-config=environments/staging.backend.hcl
# ops creates the bucket once (see terraform/README.md, "Bootstrap"); state of workspace "staging"
# lives at env:/staging/<key>. use_lockfile locks with an S3 lock object (no DynamoDB table).
bucket       = "photo-album-tfstate-staging"
key          = "photo-album/terraform.tfstate"
region       = "ap-southeast-2"
encrypt      = true
use_lockfile = true
