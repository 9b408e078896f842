# Staging: shaped like prod (a global table, protected data), smaller.
environment = "staging"
region      = "ap-southeast-2"

kms_deletion_window_days = 30
buckets_force_destroy    = false

originals_noncurrent_version_expiration_days = 30
access_log_expiration_days                   = 30

# The distribution's own URL is always allowed; list other origins (a custom domain's) here.
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
image_max_bytes         = 52428800
image_sharp_concurrency = 0

labels_min_confidence = 80
labels_max            = 20

# Delivery: every edge location, as in prod (the testers are in Australia, which only
# PriceClass_All serves from nearby), with the WAF on to prove its rules before prod.
cdn_price_class         = "PriceClass_All"
cdn_waf_enabled         = true
cdn_waf_rate_limit      = 2000
cdn_log_expiration_days = 30

# Album API and sign-in: prod's shape at lower limits, traced.
api_throttling_burst_limit = 100
api_throttling_rate_limit  = 50
api_log_retention_days     = 30
api_log_level              = "INFO"
api_xray_tracing           = true
auth_deletion_protection   = true

# Sign-in: testers sign themselves up (Cognito's built-in sender, a few dozen emails a day, is
# enough for them).
auth_self_sign_up_enabled = true

# Alarms: prod's queue ages, a looser API error rate (test traffic is small and bursty).
queue_max_age_seconds = {
  lambda  = 900
  fargate = 3600
}
api_5xx_rate_threshold_percent = 5

# Fargate workers: at most 4 tasks over two zones.
# worker_image_tag: the commit `make image ENV=staging` pushed (it prints this line); a release
# is promoted by copying it to prod.tfvars.
worker_image_tag          = "4340a757ef6d4bedc47bb3b6e61c98f0cdba6ad1"
worker_max_tasks          = 4
worker_log_retention_days = 30
network_az_count          = 2
