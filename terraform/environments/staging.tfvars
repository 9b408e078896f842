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

# Lambda processors: logs kept a month, traced so performance is measured before prod, a
# concurrency cap below prod's.
processor_log_retention_days = 30
processor_log_level          = "INFO"
processor_max_concurrency    = 20
processor_xray_tracing       = true

image_max_input_pixels  = 100000000
image_max_input_bytes   = 52428800
image_sharp_concurrency = 0

labels_min_confidence = 80
labels_max            = 20
