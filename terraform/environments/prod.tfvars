# Production: replicas near the users outside Australia, everything protected.
environment = "prod"
region      = "ap-southeast-2"

# PLACEHOLDER, replace before the first apply: the prod account's ID. 123456789012 is the AWS
# documentation's example account (and moto's); with any other account's credentials the
# provider stops before it reads or changes anything.
allowed_account_ids = ["123456789012"]

kms_deletion_window_days = 30
buckets_force_destroy    = false

# Privacy: a deleted original stays recoverable by the ops team for 90 days, then is gone
# (README: Privacy: deleted media).
originals_noncurrent_version_expiration_days = 90
access_log_expiration_days                   = 365

# The distribution's own URL is always allowed; list other origins (a custom domain's) here.
upload_allowed_origins          = []
originals_transfer_acceleration = true

table_deletion_protection = true
table_replica_regions     = ["us-west-2", "eu-west-1"]

# PLACEHOLDER, replace before the first apply: the on-call address (it must confirm the
# subscription). Prod refuses to plan without alarm_email or alarm_actions.
alarm_email = "replace-me-oncall@example.com"

# Lambda processors: logs kept a quarter, each processor at its registry maxConcurrency.
processor_log_retention_days = 90
processor_log_level          = "INFO"
processor_max_concurrency    = null
processor_xray_tracing       = false

image_max_input_pixels  = 100000000
image_max_bytes         = 52428800
image_sharp_concurrency = 0

labels_min_confidence = 80
labels_max            = 20
moderation_min_confidence     = 60
moderation_ignored_categories = []

# Delivery: every edge location, the WAF on with room for carrier NAT (many users behind one
# IP), access logs kept a year.
cdn_price_class         = "PriceClass_All"
cdn_waf_enabled         = true
cdn_waf_rate_limit      = 5000
cdn_log_expiration_days = 365

# PLACEHOLDER, replace before the first apply: the site's domain and its certificate (an issued
# ACM certificate in us-east-1 covering the name), or cdn_route53_zone_id instead of the
# certificate so the module requests one. Prod refuses to plan without a custom domain: on
# *.cloudfront.net CloudFront allows TLSv1 and HSTS preload means nothing.
cdn_domain_names             = ["photos.example.com"]
cdn_acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
cdn_minimum_protocol_version = "TLSv1.2_2021"

# Album API and sign-in: room for the growth (demand doubles every six months), per-route metrics.
api_throttling_burst_limit = 1000
api_throttling_rate_limit  = 500
api_log_retention_days     = 90
api_log_level              = "INFO"
api_xray_tracing           = false
api_detailed_metrics       = true
auth_deletion_protection   = true

# Sign-in: only administrators create users until auth_ses_email names a verified SES identity
# (self sign-up outside dev is refused without it: the built-in sender stops after about 50
# emails a day, invitations and password resets included).
auth_self_sign_up_enabled = false

# Alarms: a Lambda backlog older than 15 minutes or a Fargate one older than an hour pages;
# 1% of API requests failing in 3 of 5 minutes pages.
queue_max_age_seconds = {
  lambda  = 900
  fargate = 3600
}
api_5xx_rate_threshold_percent = 1

# The ECS service-linked role: false when the account already has AWSServiceRoleForECS (creating
# it a second time fails).
create_ecs_service_linked_role = true

# Fargate workers: up to 20 tasks over three zones (more Spot pools, survives a zone outage).
# worker_image_tag: the commit `make image ENV=prod` pushed (it prints this line). Promoting a
# release to prod copies staging's tag here.
worker_image_tag          = "4340a757ef6d4bedc47bb3b6e61c98f0cdba6ad1"
worker_max_tasks          = 20
worker_log_retention_days = 90
network_az_count          = 3
