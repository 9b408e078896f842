data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  # The cursor key's parameter is the module's own, so its name is set here and nowhere else. No
  # NODE_OPTIONS=--enable-source-maps: the zip carries no map (build.mjs, `npm run -s stacktrace`).
  environment_variables = merge(
    var.environment_variables,
    { CURSOR_KEY_PARAMETER = aws_ssm_parameter.cursor_key.name },
  )

  # Every SSM parameter the function reads: its cursor key and the ones the caller names.
  parameter_names = distinct(concat([aws_ssm_parameter.cursor_key.name], var.ssm_parameter_names))

  # One field per $context variable API Gateway fills for HTTP APIs; one JSON object per request.
  # No request header is logged (no `$request.header.*`, no `$context.authorizer.claims` beyond the
  # subject): the bearer token and a share link's `x-share-token` never reach the access log.
  access_log_format = jsonencode({
    requestId               = "$context.requestId"
    ip                      = "$context.identity.sourceIp"
    userAgent               = "$context.identity.userAgent"
    requestTime             = "$context.requestTime"
    httpMethod              = "$context.httpMethod"
    path                    = "$context.path"
    routeKey                = "$context.routeKey"
    status                  = "$context.status"
    protocol                = "$context.protocol"
    responseLength          = "$context.responseLength"
    responseLatency         = "$context.responseLatency"
    integrationStatus       = "$context.integration.status"
    integrationLatency      = "$context.integrationLatency"
    integrationErrorMessage = "$context.integrationErrorMessage"
    authorizerError         = "$context.authorizer.error"
    errorMessage            = "$context.error.message"
    sub                     = "$context.authorizer.claims.sub"
  })
}

################################################################################
# HTTP API: one route per operation, all to the one function
################################################################################

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  description   = var.description
  protocol_type = "HTTP"

  tags = var.tags
}

# Verifies the token's signature against the pool's JWKS, its issuer, its expiry and that its
# `aud` (ID token) or `client_id` (access token) is one of the audiences, before the function runs.
resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "cognito"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = var.jwt_audience
  }
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.this.id
  description            = "The ${var.name} function (payload format 2.0)"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.this.invoke_arn
  payload_format_version = "2.0"
}

# No $default route: a path the document does not define gets API Gateway's own 404 without
# invoking (and billing) the function.
resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309:Authorization comes from the `routes` input: every route of src/api/openapi.json uses the JWT authorizer except the operations the document declares public (`security: []`): GET /api/health, for load balancers and uptime checks, and the share-link routes under /api/shared, which check the x-share-token header themselves and get tighter throttling (route_throttling); terraform/tests/api.tftest.hcl and test/iac/api-terraform.test.ts assert exactly that.
  for_each = var.routes

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  operation_name     = each.value.operation_name
  target             = "integrations/${aws_apigatewayv2_integration.lambda.id}"
  authorization_type = each.value.authorization
  authorizer_id      = each.value.authorization == "JWT" ? aws_apigatewayv2_authorizer.jwt.id : null
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_338:Retention is a per-environment choice (access_log_retention_days); access logs are operational, and nothing in them is needed for a year.
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.access_log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = var.detailed_metrics_enabled
  }

  # Tighter limits for the routes that ask for them (the root's public share-link routes). A
  # route's settings replace the default ones for that route, so detailed metrics are repeated.
  dynamic "route_settings" {
    for_each = var.route_throttling

    content {
      route_key                = route_settings.key
      throttling_burst_limit   = route_settings.value.burst_limit
      throttling_rate_limit    = route_settings.value.rate_limit
      detailed_metrics_enabled = var.detailed_metrics_enabled
    }
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = local.access_log_format
  }

  tags = var.tags

  # API Gateway refuses settings for a route key that does not exist yet ("Unable to find Route by
  # key ... within the provided RouteSettings"), so the routes come first.
  depends_on = [aws_apigatewayv2_route.this]
}

################################################################################
# Cursor key: a random secret that never enters the state
################################################################################

# Generated by Secrets Manager at apply time (no secret is created) and written straight into the
# parameter's write-only value: neither the plan nor the state holds it. Raising
# cursor_key_version writes a new key (open pagination cursors then answer 400) under a new name:
# the function reads the key once per container, so only a changed CURSOR_KEY_PARAMETER (a
# configuration change) makes every running container pick the new key up.
ephemeral "aws_secretsmanager_random_password" "cursor_key" {
  password_length     = 64
  exclude_punctuation = true
  include_space       = false
}

resource "aws_ssm_parameter" "cursor_key" {
  name        = "${var.cursor_key_parameter_name}/v${var.cursor_key_version}"
  description = "HMAC key of the ${var.name} pagination cursors, generated by Terraform and never stored in its state."
  type        = "SecureString"
  key_id      = var.kms_key_arn

  value_wo         = ephemeral.aws_secretsmanager_random_password.cursor_key.random_password
  value_wo_version = var.cursor_key_version

  tags = var.tags
}

################################################################################
# Function
################################################################################

# Created before the function (logging_config refers to it), so Lambda never creates an
# unencrypted group without retention on the first invocation.
resource "aws_cloudwatch_log_group" "lambda" {
  #checkov:skip=CKV_AWS_338:Retention is a per-environment choice (log_retention_days); function logs are operational, and the album's data lives in DynamoDB and S3.
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_115:Reserved concurrency is optional (reserved_concurrent_executions): the stage's throttling bounds the request rate, and reserving capacity would take it from the processors in the same account pool.
  #checkov:skip=CKV_AWS_116:The function is only invoked synchronously by API Gateway, which returns its errors to the client; a function DLQ applies to asynchronous invocations.
  #checkov:skip=CKV_AWS_117:The function calls only public AWS endpoints (DynamoDB, S3, SSM) over TLS with IAM auth and reaches nothing inside a VPC; a VPC would add NAT or endpoint cost and cold-start ENI setup for no gain.
  #checkov:skip=CKV_AWS_272:Code signing is not used: packages are built by `make build` from the reviewed repository and deployed by Terraform from the same checkout, with source_code_hash pinning the exact zip.
  function_name = var.name
  description   = var.description
  role          = aws_iam_role.lambda.arn

  filename         = var.filename
  source_code_hash = var.source_code_hash
  handler          = var.handler
  runtime          = var.runtime
  architectures    = [var.architecture]

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  # Encrypts the environment variables at rest; Lambda grants the role its use of the key.
  kms_key_arn = var.kms_key_arn

  environment {
    variables = local.environment_variables
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.lambda.name
    application_log_level = var.application_log_level
    system_log_level      = var.system_log_level
  }

  tracing_config {
    mode = var.tracing_mode
  }

  tags = var.tags

  # The role must be able to write logs and read the cursor key before the first invocation.
  depends_on = [aws_iam_role_policy.lambda]
}

# API Gateway may invoke the function for this API's routes only (<stage>/<method>/<path>). The
# ARN is the API's execution ARN, spelt out from its parts: the mocked provider of
# tests/environment.tftest.hcl makes execution_arn a random string, which the permission refuses.
resource "aws_lambda_permission" "api" {
  statement_id  = "AllowInvokeFromHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:${local.partition}:execute-api:${local.region}:${local.account_id}:${aws_apigatewayv2_api.this.id}/*/*"
}
