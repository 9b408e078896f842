# Development: cheap, single-Region, easy to tear down.
environment = "dev"
region      = "ap-southeast-2"

# Any account: each developer plans dev in their own account (and the local rehearsal in moto's).
# Staging and prod must name theirs.
allowed_account_ids = []

kms_deletion_window_days = 7
buckets_force_destroy    = true

originals_noncurrent_version_expiration_days = 7
access_log_expiration_days                   = 14

# The web client during development runs on this machine.
upload_allowed_origins          = ["http://localhost:3000", "http://127.0.0.1:3000"]
originals_transfer_acceleration = false

table_deletion_protection = false
table_replica_regions     = []

# Nobody is paged for dev (staging and prod must name a subscriber).
alarm_email = null

# Lambda processors: short-lived logs, verbose, a small concurrency cap so a bulk upload or a
# reprocess run cannot exhaust the account's concurrency.
processor_log_retention_days = 14
processor_log_level          = "DEBUG"
processor_max_concurrency    = 5
processor_xray_tracing       = false

image_max_input_pixels  = 100000000
image_max_bytes         = 52428800
image_sharp_concurrency = 0

labels_min_confidence = 80
labels_max            = 20
moderation_min_confidence     = 60
moderation_ignored_categories = []

# Delivery: the cheapest edge locations (developers accept farther edges), no WAF, logs kept briefly.
cdn_price_class         = "PriceClass_100"
cdn_waf_enabled         = false
cdn_waf_rate_limit      = 2000
cdn_log_expiration_days = 14

# Album API and sign-in: low limits, verbose logs, an easily deleted user pool.
api_throttling_burst_limit = 50
api_throttling_rate_limit  = 20
api_log_retention_days     = 14
api_log_level              = "DEBUG"
api_xray_tracing           = false
auth_deletion_protection   = false

# Sign-in: anyone may sign up (Cognito's built-in sender is enough for developers).
auth_self_sign_up_enabled = true

# Alarms: a developer's stack may sit idle or half-deployed, so only long stalls and high error rates page.
queue_max_age_seconds = {
  lambda  = 3600
  fargate = 7200
}
api_5xx_rate_threshold_percent = 10

# The ECS service-linked role: false when the account already has AWSServiceRoleForECS (a
# developer's account that ran ECS before): creating it a second time fails.
create_ecs_service_linked_role = true

# Fargate workers: at most 2 tasks, one zone (Spot capacity is plenty at this size).
# worker_image_tag: the commit `make image ENV=dev` pushed (it prints this line).
worker_image_tag          = "4340a757ef6d4bedc47bb3b6e61c98f0cdba6ad1"
worker_max_tasks          = 2
worker_log_retention_days = 14
network_az_count          = 1
