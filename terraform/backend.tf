# Partial configuration: bucket, key, region, encryption and locking come from
# environments/<env>.backend.hcl at `terraform init -backend-config=...` time.
# Each workspace keeps its state under env:/<workspace>/ in that bucket.
terraform {
  backend "s3" {}
}
