# Staging: shaped like prod (a global table, protected data), smaller.
environment = "staging"
region      = "ap-southeast-2"

kms_deletion_window_days = 30
buckets_force_destroy    = false

originals_noncurrent_version_expiration_days = 30
access_log_expiration_days                   = 30

# Add the staging web client's origin once its CloudFront distribution exists.
upload_allowed_origins          = []
originals_transfer_acceleration = true

table_deletion_protection = true
table_replica_regions     = ["us-west-2"]

# Set to the team's alarm address to receive DLQ alarms by email.
alarm_email = null
