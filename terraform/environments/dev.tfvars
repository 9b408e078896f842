# Development: cheap, single-Region, easy to tear down.
environment = "dev"
region      = "ap-southeast-2"

kms_deletion_window_days = 7
buckets_force_destroy    = true

originals_noncurrent_version_expiration_days = 7
access_log_expiration_days                   = 14

# The web client during development runs on this machine.
upload_allowed_origins          = ["http://localhost:3000", "http://127.0.0.1:3000"]
originals_transfer_acceleration = false

table_deletion_protection = false
table_replica_regions     = []

alarm_email = null

# Lambda processors: short-lived logs, verbose, a small concurrency cap so a bulk upload or a
# reprocess run cannot exhaust the account's concurrency.
processor_log_retention_days = 14
processor_log_level          = "DEBUG"
processor_max_concurrency    = 5
processor_xray_tracing       = false

image_max_input_pixels  = 100000000
image_max_input_bytes   = 52428800
image_sharp_concurrency = 0

labels_min_confidence = 80
labels_max            = 20
