# Staging: shaped like prod (a global table, protected data), smaller.
environment = "staging"
region      = "ap-southeast-2"

# PLACEHOLDER, replace before the first apply: the staging account's ID. 123456789012 is the AWS
# documentation's example account (and moto's); with any other account's credentials the
# provider stops before it reads or changes anything.
allowed_account_ids = ["123456789012"]

kms_deletion_window_days = 30
buckets_force_destroy    = false

originals_noncurrent_version_expiration_days = 30
access_log_expiration_days                   = 30

# The distribution's own URL is always allowed; list other origins (a custom domain's) here.
upload_allowed_origins          = []
originals_transfer_acceleration = true

table_deletion_protection = true
table_replica_regions     = ["us-west-2"]

# PLACEHOLDER, replace before the first apply: the team's alarm address (it must confirm the
# subscription). Staging refuses to plan without alarm_email or alarm_actions.
alarm_email = "replace-me-alarms@example.com"

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
moderation_min_confidence     = 60
moderation_ignored_categories = []

# Delivery: every edge location, as in prod (the testers are in Australia, which only
# PriceClass_All serves from nearby), with the WAF on to prove its rules before prod.
cdn_price_class         = "PriceClass_All"
cdn_waf_enabled         = true
cdn_waf_rate_limit      = 2000
cdn_log_expiration_days = 30

# PLACEHOLDER, replace before the first apply: staging's own domain and its certificate (an
# issued ACM certificate in us-east-1 covering the name), or cdn_route53_zone_id instead of the
# certificate so the module requests one. Staging refuses to plan without a custom domain: on
# *.cloudfront.net CloudFront allows TLSv1 and HSTS preload means nothing.
cdn_domain_names             = ["staging.photos.example.com"]
cdn_acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
cdn_minimum_protocol_version = "TLSv1.2_2021"

# Album API and sign-in: prod's shape at lower limits, traced.
api_throttling_burst_limit = 100
api_throttling_rate_limit  = 50
api_log_retention_days     = 30
api_log_level              = "INFO"
api_xray_tracing           = true
auth_deletion_protection   = true

# Sign-in: testers sign themselves up, so their codes and password resets go through SES
# (Cognito's built-in sender stops after about 50 emails a day; outside dev self sign-up is
# refused without SES). PLACEHOLDER, replace before the first apply: an SES identity verified in
# ap-southeast-2 of the staging account, out of the SES sandbox, and its sender.
auth_self_sign_up_enabled = true
auth_ses_email = {
  source_arn         = "arn:aws:ses:ap-southeast-2:123456789012:identity/photos.example.com"
  from_email_address = "Photos staging <no-reply@photos.example.com>"
}

# Alarms: prod's queue ages, a looser API error rate (test traffic is small and bursty).
queue_max_age_seconds = {
  lambda  = 900
  fargate = 3600
}
api_5xx_rate_threshold_percent = 5

# The ECS service-linked role: false when the account already has AWSServiceRoleForECS (creating
# it a second time fails).
create_ecs_service_linked_role = true

# Fargate workers: at most 4 tasks over two zones.
# worker_image_tag: the commit `make image ENV=staging` pushed (it prints this line); a release
# is promoted by copying it to prod.tfvars.
worker_image_tag          = "4340a757ef6d4bedc47bb3b6e61c98f0cdba6ad1"
worker_max_tasks          = 4
worker_log_retention_days = 30
network_az_count          = 2
