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

  # The share-link routes: every public operation of the document but GET /api/health (open to
  # anyone, they check the x-share-token header themselves), read from the document like the
  # routes, so a public operation added there is throttled here. The stage gives them the tighter
  # api_public_throttling_* limits; the WAF counts them per IP (delivery.tf).
  api_public_route_keys = sort([
    for key, route in local.api_routes : key if route.authorization == "NONE" && key != "GET /api/health"
  ])

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
    image = var.image_max_bytes
    video = var.video_max_bytes
  }

  media_signing_private_key_parameter = coalesce(var.media_signing_private_key_parameter, "/${var.project}/${local.environment}/cloudfront/media-signing-key")

  # Retrying a failed item (POST /api/media/{mediaId}/retry) sends an S3-event-shaped message
  # straight to the queue of each processor that failed it, as `npm run reprocess` does: the queue
  # of every processor of the registry, Lambda and Fargate alike (main.tf), and never a dead-letter
  # queue or a job's queue.
  processor_queue_urls = { for name, queue in module.processor_queue : name => queue.queue_url }
  processor_queue_arns = { for name, queue in module.processor_queue : name => queue.queue_arn }

  send_processor_retries_statement = {
    sid        = "SendProcessorRetries"
    actions    = ["sqs:SendMessage"]
    resources  = values(local.processor_queue_arns)
    conditions = []
  }

  # The API's statements beyond what the api module grants from its inputs: album deletions to the
  # album-deleter's queue, retries to the processors' queues, and the key through SQS for both
  # (jobs.tf), once.
  api_policy_statements = [
    local.send_album_deletions_statement,
    local.send_processor_retries_statement,
    local.encrypt_messages_through_sqs_statement,
  ]

  # What src/api/config.ts reads; CURSOR_KEY_PARAMETER is set by the api module, which owns that
  # parameter. The local stack sets the same variables (src/local).
  api_environment = {
    TABLE_NAME              = module.table.table_name
    ORIGINALS_BUCKET        = module.originals.bucket_id
    DERIVED_BUCKET          = module.derived.bucket_id
    S3_FORCE_PATH_STYLE     = "false"
    S3_ACCELERATE_UPLOADS   = tostring(var.originals_transfer_acceleration)
    POWERTOOLS_SERVICE_NAME = "api"
    POWERTOOLS_LOG_LEVEL    = var.api_log_level
    IMAGE_MAX_BYTES         = tostring(var.image_max_bytes)
    VIDEO_MAX_BYTES         = tostring(var.video_max_bytes)
    UPLOAD_URL_TTL_SECONDS  = tostring(var.upload_url_ttl_seconds)
    # The record of an issued upload outlives its POST (the API refuses to start otherwise).
    UPLOAD_RECORD_TTL_SECONDS        = tostring(max(86400, var.upload_url_ttl_seconds))
    MEDIA_URL_TTL_SECONDS            = tostring(var.media_url_ttl_seconds)
    MEDIA_URL_SIGNER                 = "cloudfront"
    CLOUDFRONT_DOMAIN                = module.cdn.media_domain_name
    # Only read while the parameter still holds a bare PEM key (the "initial" key's, stored before
    # rotation came in three steps); the parameter's own keyPairId wins (src/api/signing-key.ts).
    CLOUDFRONT_KEY_PAIR_ID           = lookup(module.cdn.media_public_key_ids, "initial", "")
    CLOUDFRONT_PRIVATE_KEY_PARAMETER = local.media_signing_private_key_parameter
    # Deleting an album queues it for the album-deleter job (jobs.tf).
    ALBUM_DELETION_QUEUE_URL = local.album_deletion_queue_url
    # Retrying a failed item sends to the queue of each processor that failed it: a JSON object,
    # {"<processor>": "<queue URL>", ...}, with every processor of the registry.
    PROCESSOR_QUEUE_URLS = jsonencode(local.processor_queue_urls)
    # An original's download URL (a presigned S3 GET) lives shorter than a rendition's.
    ORIGINAL_URL_TTL_SECONDS = tostring(var.original_url_ttl_seconds)
    # Requests must carry CloudFront's x-origin-verify header (delivery.tf).
    ORIGIN_VERIFY_SECRET = data.aws_ssm_parameter.origin_verify.value
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

  throttling_burst_limit = var.api_throttling_burst_limit
  throttling_rate_limit  = var.api_throttling_rate_limit
  route_throttling = {
    for key in local.api_public_route_keys : key => {
      burst_limit = var.api_public_throttling_burst_limit
      rate_limit  = var.api_public_throttling_rate_limit
    }
  }
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

  # Album deletions go to the album-deleter job's queue (jobs.tf), retries to the processors'
  # queues, both encrypted with the key.
  policy_statements = local.api_policy_statements
}
