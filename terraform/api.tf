################################################################################
# Album API and its sign-in: variables
################################################################################

variable "api_throttling_burst_limit" {
  description = "Requests the API accepts at once above its steady rate (0 to 5000); more get 429."
  type        = number
  default     = 100

  validation {
    condition     = var.api_throttling_burst_limit >= 0 && var.api_throttling_burst_limit <= 5000 && floor(var.api_throttling_burst_limit) == var.api_throttling_burst_limit
    error_message = "api_throttling_burst_limit must be a whole number from 0 to 5000."
  }
}

variable "api_throttling_rate_limit" {
  description = "Steady requests per second the API accepts across all routes (0 to 10000); more get 429."
  type        = number
  default     = 50

  validation {
    condition     = var.api_throttling_rate_limit >= 0 && var.api_throttling_rate_limit <= 10000
    error_message = "api_throttling_rate_limit must be from 0 to 10000 requests per second."
  }
}

variable "api_memory_size" {
  description = "Memory of the API function in MB (128 to 10240); more memory is more CPU, hence shorter cold starts and requests."
  type        = number
  default     = 1024

  validation {
    condition     = var.api_memory_size >= 128 && var.api_memory_size <= 10240 && floor(var.api_memory_size) == var.api_memory_size
    error_message = "api_memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "api_timeout_seconds" {
  description = "Seconds an API request may run in the function (1 to 30: API Gateway answers 503 after 30)."
  type        = number
  default     = 10

  validation {
    condition     = var.api_timeout_seconds >= 1 && var.api_timeout_seconds <= 30 && floor(var.api_timeout_seconds) == var.api_timeout_seconds
    error_message = "api_timeout_seconds must be a whole number from 1 to 30."
  }
}

variable "api_reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the API function. Null reserves none; the API's throttling bounds its load."
  type        = number
  default     = null

  validation {
    condition     = var.api_reserved_concurrency == null || try(var.api_reserved_concurrency >= 1 && floor(var.api_reserved_concurrency) == var.api_reserved_concurrency, false)
    error_message = "api_reserved_concurrency must be a whole number of at least 1, or null."
  }
}

variable "api_log_retention_days" {
  description = "Days the API function's logs and the API's access logs are kept: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 (0 keeps them forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.api_log_retention_days)
    error_message = "api_log_retention_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "api_log_level" {
  description = "Log level of the API function (Powertools Logger and Lambda's application log filter): `DEBUG`, `INFO`, `WARN` or `ERROR`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.api_log_level)
    error_message = "api_log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "api_xray_tracing" {
  description = "Record an X-Ray trace of every API request in the function (tracing mode `Active`, billed per trace)."
  type        = bool
  default     = false
}

variable "api_detailed_metrics" {
  description = "Publish per-route API Gateway metrics (billed as custom metrics)."
  type        = bool
  default     = false
}

variable "api_cursor_key_version" {
  description = "Version of the API's pagination cursor key: raising it makes the next apply generate and store a new key (open cursors then answer 400)."
  type        = number
  default     = 1

  validation {
    condition     = var.api_cursor_key_version >= 1 && floor(var.api_cursor_key_version) == var.api_cursor_key_version
    error_message = "api_cursor_key_version must be a whole number of at least 1."
  }
}

variable "upload_image_max_bytes" {
  description = "Largest image, in bytes, the API issues an upload for (larger: 413). At most image_max_input_bytes, or image-variants would reject what the API accepted."
  type        = number
  default     = 52428800

  validation {
    condition     = var.upload_image_max_bytes >= 1 && floor(var.upload_image_max_bytes) == var.upload_image_max_bytes
    error_message = "upload_image_max_bytes must be a whole number of bytes, at least 1."
  }

  validation {
    condition     = var.upload_image_max_bytes <= var.image_max_input_bytes
    error_message = "upload_image_max_bytes must not exceed image_max_input_bytes: image-variants would reject the larger uploads the API let through."
  }
}

variable "upload_video_max_bytes" {
  description = "Largest video, in bytes, the API issues an upload for (larger: 413). At most 5 GiB, the largest single POST S3 accepts."
  type        = number
  default     = 5368709120

  validation {
    condition     = var.upload_video_max_bytes >= 1 && var.upload_video_max_bytes <= 5368709120 && floor(var.upload_video_max_bytes) == var.upload_video_max_bytes
    error_message = "upload_video_max_bytes must be a whole number of bytes from 1 to 5368709120 (5 GiB)."
  }
}

variable "upload_url_ttl_seconds" {
  description = "Seconds a presigned upload POST stays valid (60 to 604800)."
  type        = number
  default     = 900

  validation {
    condition     = var.upload_url_ttl_seconds >= 60 && var.upload_url_ttl_seconds <= 604800 && floor(var.upload_url_ttl_seconds) == var.upload_url_ttl_seconds
    error_message = "upload_url_ttl_seconds must be a whole number from 60 to 604800 (7 days)."
  }
}

variable "media_url_ttl_seconds" {
  description = "Seconds a signed media (CloudFront) URL stays valid (60 to 604800)."
  type        = number
  default     = 3600

  validation {
    condition     = var.media_url_ttl_seconds >= 60 && var.media_url_ttl_seconds <= 604800 && floor(var.media_url_ttl_seconds) == var.media_url_ttl_seconds
    error_message = "media_url_ttl_seconds must be a whole number from 60 to 604800 (7 days)."
  }
}

variable "media_signing_private_key_parameter" {
  description = "Name of the SSM SecureString parameter holding the PEM private key that signs media URLs (the pair of the CloudFront key group's public key). Terraform never sees the key: the ops team creates the parameter, encrypted with the environment's KMS key (alias/<project>-<env>). Null uses `/<project>/<env>/cloudfront/media-signing-key`."
  type        = string
  default     = null

  validation {
    condition     = var.media_signing_private_key_parameter == null || can(regex("^(/[A-Za-z0-9_.-]+)+$", coalesce(var.media_signing_private_key_parameter, "-")))
    error_message = "media_signing_private_key_parameter must be a parameter path such as /photo-album/prod/cloudfront/media-signing-key, or null."
  }
}

variable "auth_self_sign_up_enabled" {
  description = "Let anyone create an account from the web client (confirmed by an emailed code); it reaches the web client through the web_config output. False: only administrators create users. In prod it needs auth_ses_email: Cognito's built-in sender stops after a few dozen emails a day, and every sign-up sends one."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.auth_self_sign_up_enabled || var.environment != "prod" || var.auth_ses_email != null
    error_message = "auth_self_sign_up_enabled = true in prod needs auth_ses_email: Cognito's built-in sender sends only a few dozen emails a day, so sign-up codes would stop arriving."
  }
}

variable "auth_ses_email" {
  description = <<-EOT
    Send the user pool's emails (sign-up codes, invitations, password resets) through Amazon SES instead of Cognito's built-in sender, which sends only a few dozen a day. Null keeps the built-in sender (enough for administrator-created users and for dev and staging).

    - `source_arn` - (Required) ARN of an SES identity verified in the home Region (and out of the SES sandbox, or only verified recipients get mail).
    - `from_email_address` - (Optional) Sender on that identity, such as `Photos <no-reply@photos.example.com>`.
    - `reply_to_email_address` - (Optional) Reply-to address.
  EOT
  type = object({
    source_arn             = string
    from_email_address     = optional(string)
    reply_to_email_address = optional(string)
  })
  default = null

  validation {
    condition     = var.auth_ses_email == null || can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", try(var.auth_ses_email.source_arn, "")))
    error_message = "auth_ses_email.source_arn must be the ARN of an SES identity (arn:<partition>:ses:<region>:<account>:identity/<email or domain>)."
  }
}

variable "auth_mfa_configuration" {
  description = "Authenticator-app (TOTP) MFA for the user pool: `OFF`, `OPTIONAL` or `ON`."
  type        = string
  default     = "OPTIONAL"

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.auth_mfa_configuration)
    error_message = "auth_mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "auth_threat_protection_mode" {
  description = "Cognito threat protection: `OFF`, `AUDIT` or `ENFORCED`. Anything but OFF moves the user pool to the Plus feature plan (billed per monthly active user)."
  type        = string
  default     = "OFF"

  validation {
    condition     = contains(["OFF", "AUDIT", "ENFORCED"], var.auth_threat_protection_mode)
    error_message = "auth_threat_protection_mode must be OFF, AUDIT or ENFORCED."
  }
}

variable "auth_deletion_protection" {
  description = "Refuse to delete the user pool (and every account in it) until this is turned off."
  type        = bool
  default     = true
}

variable "auth_password_minimum_length" {
  description = "Shortest password the user pool accepts (8 to 99); lower, upper case and digits are always required."
  type        = number
  default     = 12

  validation {
    condition     = var.auth_password_minimum_length >= 8 && var.auth_password_minimum_length <= 99 && floor(var.auth_password_minimum_length) == var.auth_password_minimum_length
    error_message = "auth_password_minimum_length must be a whole number from 8 to 99."
  }
}

variable "auth_access_token_validity_minutes" {
  description = "Minutes an access token is valid (5 to 1440)."
  type        = number
  default     = 60

  validation {
    condition     = var.auth_access_token_validity_minutes >= 5 && var.auth_access_token_validity_minutes <= 1440 && floor(var.auth_access_token_validity_minutes) == var.auth_access_token_validity_minutes
    error_message = "auth_access_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "auth_id_token_validity_minutes" {
  description = "Minutes an ID token is valid (5 to 1440)."
  type        = number
  default     = 60

  validation {
    condition     = var.auth_id_token_validity_minutes >= 5 && var.auth_id_token_validity_minutes <= 1440 && floor(var.auth_id_token_validity_minutes) == var.auth_id_token_validity_minutes
    error_message = "auth_id_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "auth_refresh_token_validity_days" {
  description = "Days a refresh token is valid (1 to 3650): how long a user stays signed in."
  type        = number
  default     = 30

  validation {
    condition     = var.auth_refresh_token_validity_days >= 1 && var.auth_refresh_token_validity_days <= 3650 && floor(var.auth_refresh_token_validity_days) == var.auth_refresh_token_validity_days
    error_message = "auth_refresh_token_validity_days must be a whole number from 1 to 3650."
  }
}

variable "auth_callback_urls" {
  description = "URLs the Cognito hosted UI may return to after sign-in (https, or http://localhost). Empty: no hosted UI; the web client signs in against the Cognito API directly."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.auth_callback_urls : can(regex("^https://[^\\s#*]+$", url)) || can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url))])
    error_message = "Every auth_callback_urls entry must be an https:// URL (or http://localhost) without wildcards or a fragment."
  }
}

variable "auth_logout_urls" {
  description = "URLs the Cognito hosted UI may return to after sign-out (https, or http://localhost); needs auth_callback_urls."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.auth_logout_urls : can(regex("^https://[^\\s#*]+$", url)) || can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url))])
    error_message = "Every auth_logout_urls entry must be an https:// URL (or http://localhost) without wildcards or a fragment."
  }
}

variable "auth_domain_prefix" {
  description = "Prefix of the Cognito hosted UI domain (`<prefix>.auth.<region>.amazoncognito.com`), unique in the Region. Null for no hosted UI."
  type        = string
  default     = null
}

################################################################################
# Routes, package and names
################################################################################

locals {
  # The API's routes come from its OpenAPI document, the same one the router and the request
  # validation follow (test/api/openapi.test.ts), so a route added there is deployed here.
  # API Gateway's `{param}` path syntax is OpenAPI's. An operation is public only when the
  # document says so (`security: []`, as GET /api/health does); every other one inherits the
  # document's Cognito requirement and gets the JWT authorizer.
  api_openapi = jsondecode(file("${path.module}/../src/api/openapi.json"))

  # The operation keys of an OpenAPI path item; its other keys (parameters, summary, ...) are not routes.
  api_openapi_methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

  api_routes = merge([
    for path, item in local.api_openapi.paths : {
      for method, operation in item : "${upper(method)} ${path}" => {
        authorization  = try(length(operation.security) == 0, false) ? "NONE" : "JWT"
        operation_name = try(operation.operationId, null)
      } if contains(local.api_openapi_methods, method)
    }
  ]...)

  # Built by `make build` like the processors (locals.tf); the fallbacks let validate, plan and
  # tofu test run without a build.
  api_package = {
    zip          = try(local.lambda_manifest["api"].zip, "api.zip")
    sha256       = try(local.lambda_manifest["api"].sha256, null)
    handler      = try(local.lambda_manifest["api"].handler, "index.handler")
    runtime      = try(local.lambda_manifest["api"].runtime, "nodejs24.x")
    architecture = try(local.lambda_manifest["api"].architecture, "arm64")
  }

  # The user pools API the browser calls (InitiateAuth, SignUp, RevokeToken): the connect-src
  # the CSP allows (delivery.tf) and the cognitoEndpoint of the web client's config (outputs.tf).
  cognito_origin = "https://cognito-idp.${var.region}.amazonaws.com"

  # The API's upload caps, which the web client also enforces before asking (web_config).
  upload_max_bytes = {
    image = var.upload_image_max_bytes
    video = var.upload_video_max_bytes
  }

  media_signing_private_key_parameter = coalesce(var.media_signing_private_key_parameter, "/${var.project}/${local.environment}/cloudfront/media-signing-key")

  # What src/api/config.ts reads; CURSOR_KEY_PARAMETER is set by the api module, which owns that
  # parameter. The local stack sets the same variables (src/local).
  api_environment = {
    TABLE_NAME                       = module.table.table_name
    ORIGINALS_BUCKET                 = module.originals.bucket_id
    DERIVED_BUCKET                   = module.derived.bucket_id
    S3_FORCE_PATH_STYLE              = "false"
    S3_ACCELERATE_UPLOADS            = tostring(var.originals_transfer_acceleration)
    POWERTOOLS_SERVICE_NAME          = "api"
    POWERTOOLS_LOG_LEVEL             = var.api_log_level
    IMAGE_MAX_BYTES                  = tostring(var.upload_image_max_bytes)
    VIDEO_MAX_BYTES                  = tostring(var.upload_video_max_bytes)
    UPLOAD_URL_TTL_SECONDS           = tostring(var.upload_url_ttl_seconds)
    # The record of an issued upload outlives its POST (the API refuses to start otherwise).
    UPLOAD_RECORD_TTL_SECONDS        = tostring(max(86400, var.upload_url_ttl_seconds))
    MEDIA_URL_TTL_SECONDS            = tostring(var.media_url_ttl_seconds)
    MEDIA_URL_SIGNER                 = "cloudfront"
    CLOUDFRONT_DOMAIN                = module.cdn.media_domain_name
    CLOUDFRONT_KEY_PAIR_ID           = module.cdn.media_public_key_id
    CLOUDFRONT_PRIVATE_KEY_PARAMETER = local.media_signing_private_key_parameter
  }
}

################################################################################
# Sign-in: Cognito user pool and the web client
################################################################################

module "auth" {
  source = "./modules/auth"

  name                 = local.name
  self_sign_up_enabled = var.auth_self_sign_up_enabled
  ses_email            = var.auth_ses_email
  password_policy = {
    minimum_length = var.auth_password_minimum_length
  }
  mfa_configuration      = var.auth_mfa_configuration
  threat_protection_mode = var.auth_threat_protection_mode
  deletion_protection    = var.auth_deletion_protection
  domain_prefix          = var.auth_domain_prefix

  client_name                   = "${local.name}-web"
  access_token_validity_minutes = var.auth_access_token_validity_minutes
  id_token_validity_minutes     = var.auth_id_token_validity_minutes
  refresh_token_validity_days   = var.auth_refresh_token_validity_days
  callback_urls                 = var.auth_callback_urls
  logout_urls                   = var.auth_logout_urls
}

################################################################################
# Album API: HTTP API, JWT authorizer, stage and the api Lambda
################################################################################

module "api" {
  source = "./modules/api"

  name        = "${local.name}-api"
  description = "Album API of ${local.name}: albums, uploads, media and labels behind Cognito"
  routes      = local.api_routes

  jwt_issuer   = module.auth.issuer
  jwt_audience = [module.auth.client_id]

  throttling_burst_limit    = var.api_throttling_burst_limit
  throttling_rate_limit     = var.api_throttling_rate_limit
  detailed_metrics_enabled  = var.api_detailed_metrics
  access_log_retention_days = var.api_log_retention_days

  filename         = "${local.lambda_dist_dir}/${local.api_package.zip}"
  source_code_hash = local.api_package.sha256
  handler          = local.api_package.handler
  runtime          = local.api_package.runtime
  architecture     = local.api_package.architecture

  memory_size                    = var.api_memory_size
  timeout                        = var.api_timeout_seconds
  reserved_concurrent_executions = var.api_reserved_concurrency
  environment_variables          = local.api_environment
  tracing_mode                   = var.api_xray_tracing ? "Active" : "PassThrough"
  kms_key_arn                    = module.kms.key_arn
  log_retention_days             = var.api_log_retention_days
  application_log_level          = var.api_log_level

  cursor_key_parameter_name = "/${var.project}/${local.environment}/api/cursor-key"
  cursor_key_version        = var.api_cursor_key_version
  ssm_parameter_names       = [local.media_signing_private_key_parameter]

  table_arn         = module.table.table_arn
  table_index_names = [for index in local.table.globalSecondaryIndexes : index.name]
  originals = {
    bucket_arn   = module.originals.bucket_arn
    key_prefixes = [for media_class in local.registry.mediaClasses : media_class.originalsPrefix]
  }
  derived = {
    bucket_arn = module.derived.bucket_arn
    key_prefix = local.derived_prefix
  }
}

################################################################################
# Outputs
################################################################################

output "api_endpoint" {
  description = "Default endpoint of the album API (`https://<api id>.execute-api.<region>.amazonaws.com`); clients use it through CloudFront's /api/*."
  value       = module.api.api_endpoint
}

output "api_id" {
  description = "ID of the album API (HTTP API)."
  value       = module.api.api_id
}

output "api_function_name" {
  description = "Name of the API Lambda function."
  value       = module.api.function_name
}

output "api_log_group_names" {
  description = "Log groups of the API: the function's and the stage's access logs."
  value = {
    function = module.api.log_group_name
    access   = module.api.access_log_group_name
  }
}

output "api_cursor_key_parameter_name" {
  description = "SSM SecureString holding the API's pagination cursor key (generated by Terraform, kept out of its state)."
  value       = module.api.cursor_key_parameter_name
}

output "media_signing_private_key_parameter" {
  description = "SSM SecureString the ops team must fill with the PEM private key of the CloudFront key group before the API signs media URLs."
  value       = local.media_signing_private_key_parameter
}

output "user_pool_id" {
  description = "ID of the Cognito user pool."
  value       = module.auth.user_pool_id
}

output "user_pool_client_id" {
  description = "ID of the web app client (no secret), what the web client and the JWT authorizer's audience use."
  value       = module.auth.client_id
}

output "user_pool_issuer" {
  description = "Issuer of the user pool's tokens, `https://cognito-idp.<region>.amazonaws.com/<user pool ID>`."
  value       = module.auth.issuer
}

output "auth_hosted_ui_url" {
  description = "Base URL of the Cognito hosted UI, or null without auth_domain_prefix."
  value       = module.auth.hosted_ui_url
}
