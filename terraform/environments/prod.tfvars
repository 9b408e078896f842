# Production: replicas near the users outside Australia, everything protected.
environment = "prod"
region      = "ap-southeast-2"

kms_deletion_window_days = 30
buckets_force_destroy    = false

originals_noncurrent_version_expiration_days = 90
access_log_expiration_days                   = 365

# Add the production web client's origin once its CloudFront distribution exists.
upload_allowed_origins          = []
originals_transfer_acceleration = true

table_deletion_protection = true
table_replica_regions     = ["us-west-2", "eu-west-1"]

# Set to the on-call address (it must confirm the subscription) before the first apply.
alarm_email = null

# Lambda processors: logs kept a quarter, each processor at its registry maxConcurrency.
processor_log_retention_days = 90
processor_log_level          = "INFO"
processor_max_concurrency    = null
processor_xray_tracing       = false

image_max_input_pixels  = 100000000
image_max_input_bytes   = 52428800
image_sharp_concurrency = 0

labels_min_confidence = 80
labels_max            = 20
