# The album API (modules/api) and its sign-in (modules/auth), each planned on its own against a
# mocked AWS provider with the inputs the root module gives it (api.tf): the routes of
# src/api/openapi.json, the authorizer, the stage, the function and its role, the user pool and
# its web client, and the variable validations that must refuse a wrong input. Run once by
# `make validate-tf` / `make test-tf`; by hand, from terraform/:
#
#   tofu test -filter=tests/api.tftest.hcl
#
# The expected routes are read from the OpenAPI document here, not from api.tf's locals, so a slip
# in either reading shows up (test/iac/api-terraform.test.ts checks api.tf's own derivation).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/tofu-test"
      user_id    = "AIDATOFUTEST"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name        = "ap-southeast-2"
      region      = "ap-southeast-2"
      endpoint    = "ec2.ap-southeast-2.amazonaws.com"
      description = "Asia Pacific (Sydney)"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/photo-album-test-api"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-test-api"
      invoke_arn = "arn:aws:apigateway:ap-southeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-test-api/invocations"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/mock"
    }
  }

  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      id            = "a1b2c3d4e5"
      api_endpoint  = "https://a1b2c3d4e5.execute-api.ap-southeast-2.amazonaws.com"
      execution_arn = "arn:aws:execute-api:ap-southeast-2:123456789012:a1b2c3d4e5"
    }
  }

  mock_resource "aws_apigatewayv2_authorizer" {
    defaults = {
      id = "jwtauth1"
    }
  }

  mock_resource "aws_cognito_user_pool" {
    defaults = {
      id       = "ap-southeast-2_AbCdEfGhI"
      arn      = "arn:aws:cognito-idp:ap-southeast-2:123456789012:userpool/ap-southeast-2_AbCdEfGhI"
      endpoint = "cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbCdEfGhI"
    }
  }
}

variables {
  kms_key_arn = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"

  # The api module's required inputs, shared by its runs (the auth module declares none of them).
  jwt_issuer                = "https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbCdEfGhI"
  jwt_audience              = ["4example5client6id7"]
  filename                  = "../dist/api.zip"
  cursor_key_parameter_name = "/photo-album/test/api/cursor-key"
  table_arn                 = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-test-media"
  originals                 = { bucket_arn = "arn:aws:s3:::photo-album-test-originals-123456789012", key_prefixes = ["originals/image/"] }
  derived                   = { bucket_arn = "arn:aws:s3:::photo-album-test-derived-123456789012", key_prefix = "derived/" }

  # What api.tf derives from the OpenAPI document: one route per operation, public only where the
  # operation says `security: []`.
  routes = merge([
    for path, item in jsondecode(file("../src/api/openapi.json")).paths : {
      for method, operation in item : "${upper(method)} ${path}" => {
        authorization  = try(length(operation.security) == 0, false) ? "NONE" : "JWT"
        operation_name = operation.operationId
      } if contains(["get", "put", "post", "delete", "options", "head", "patch", "trace"], method)
    }
  ]...)
}

################################################################################
# api: the HTTP API, its routes and stage, the function and its role
################################################################################

run "api" {
  # Apply against the mocks, so that IDs the assertions compare (authorizer, integration) are known.
  command = apply

  module {
    source = "./modules/api"
  }

  variables {
    name                      = "photo-album-test-api"
    throttling_burst_limit    = 40
    throttling_rate_limit     = 20
    access_log_retention_days = 14
    memory_size               = 1024
    timeout                   = 10
    environment_variables     = { TABLE_NAME = "photo-album-test-media", MEDIA_URL_SIGNER = "cloudfront" }
    cursor_key_version        = 3
    ssm_parameter_names       = ["/photo-album/test/cloudfront/media-signing-key"]
    table_index_names         = ["gsi1", "gsi2"]
    originals = {
      bucket_arn   = "arn:aws:s3:::photo-album-test-originals-123456789012"
      key_prefixes = ["originals/image/", "originals/video/"]
    }
    # What api.tf gives the module: the document's public operations but GET /api/health (the
    # share-link routes), each throttled below the stage's 40 / 20.
    route_throttling = merge([
      for path, item in jsondecode(file("../src/api/openapi.json")).paths : {
        for method, operation in item : "${upper(method)} ${path}" => { burst_limit = 10, rate_limit = 5 }
        if contains(["get", "put", "post", "delete", "options", "head", "patch", "trace"], method) && try(length(operation.security) == 0, false) && "${upper(method)} ${path}" != "GET /api/health"
      }
    ]...)
  }

  # --- routes: every operation, public where the document says so, the rest behind the JWT authorizer

  assert {
    condition     = toset(keys(aws_apigatewayv2_route.this)) == toset(keys(var.routes)) && length(var.routes) >= 12
    error_message = "One route per operation of src/api/openapi.json: ${jsonencode(keys(aws_apigatewayv2_route.this))}."
  }

  assert {
    condition = (
      aws_apigatewayv2_route.this["GET /api/health"].authorization_type == "NONE" &&
      aws_apigatewayv2_route.this["GET /api/health"].authorizer_id == null
    )
    error_message = "GET /api/health must be public: no authorizer."
  }

  assert {
    condition = alltrue([
      for key, route in aws_apigatewayv2_route.this :
      var.routes[key].authorization == "NONE" ? (route.authorization_type == "NONE" && route.authorizer_id == null) : (route.authorization_type == "JWT" && route.authorizer_id == aws_apigatewayv2_authorizer.jwt.id)
    ])
    error_message = "Only the operations the document declares public (`security: []`) may skip the JWT authorizer: ${jsonencode({ for k, r in aws_apigatewayv2_route.this : k => r.authorization_type })}."
  }

  assert {
    condition     = length(var.route_throttling) >= 3 && alltrue([for key in keys(var.route_throttling) : startswith(key, "GET /api/shared")])
    error_message = "The document's public share-link operations (GET /api/shared, /api/shared/media, /api/shared/media/{mediaId}/original) must be in the test's route_throttling: ${jsonencode(keys(var.route_throttling))}."
  }

  assert {
    condition     = alltrue([for route in aws_apigatewayv2_route.this : route.target == "integrations/${aws_apigatewayv2_integration.lambda.id}"])
    error_message = "Every route must send its requests to the one Lambda integration."
  }

  assert {
    condition     = alltrue([for key, route in aws_apigatewayv2_route.this : route.operation_name == var.routes[key].operation_name && route.operation_name != null])
    error_message = "Routes carry their OpenAPI operationId as operation name."
  }

  # --- authorizer and integration ----------------------------------------------------------------

  assert {
    condition = (
      aws_apigatewayv2_authorizer.jwt.authorizer_type == "JWT" &&
      aws_apigatewayv2_authorizer.jwt.identity_sources == toset(["$request.header.Authorization"]) &&
      one(aws_apigatewayv2_authorizer.jwt.jwt_configuration).issuer == var.jwt_issuer &&
      one(aws_apigatewayv2_authorizer.jwt.jwt_configuration).audience == toset(var.jwt_audience)
    )
    error_message = "The authorizer must check Cognito JWTs from the Authorization header against the pool's issuer and the web client's ID."
  }

  assert {
    condition = (
      aws_apigatewayv2_api.this.protocol_type == "HTTP" &&
      aws_apigatewayv2_integration.lambda.integration_type == "AWS_PROXY" &&
      aws_apigatewayv2_integration.lambda.payload_format_version == "2.0" &&
      aws_apigatewayv2_integration.lambda.integration_uri == aws_lambda_function.this.invoke_arn
    )
    error_message = "An HTTP API with one AWS_PROXY integration (payload format 2.0) to the function."
  }

  # --- stage: throttling and JSON access logs to an encrypted log group ---------------------------

  assert {
    condition = (
      aws_apigatewayv2_stage.default.name == "$default" && aws_apigatewayv2_stage.default.auto_deploy &&
      one(aws_apigatewayv2_stage.default.default_route_settings).throttling_burst_limit == 40 &&
      one(aws_apigatewayv2_stage.default.default_route_settings).throttling_rate_limit == 20
    )
    error_message = "The $default stage deploys automatically and throttles every route with the limits given."
  }

  # The public routes get the tighter limits, and no other route has settings of its own: health
  # and every signed-in route keep the stage's default limits.
  assert {
    condition = (
      toset([for settings in aws_apigatewayv2_stage.default.route_settings : settings.route_key]) == toset(keys(var.route_throttling)) &&
      length(aws_apigatewayv2_stage.default.route_settings) == length(var.route_throttling) &&
      alltrue([
        for settings in aws_apigatewayv2_stage.default.route_settings :
        settings.throttling_burst_limit == 10 && settings.throttling_rate_limit == 5 && settings.detailed_metrics_enabled == var.detailed_metrics_enabled
      ]) &&
      jsonencode(output.route_throttling) == jsonencode({ for key in keys(var.route_throttling) : key => { burst_limit = 10, rate_limit = 5 } })
    )
    error_message = "Exactly the public share-link routes get route settings (burst 10, rate 5, the stage's detailed metrics): ${jsonencode(aws_apigatewayv2_stage.default.route_settings)}."
  }

  assert {
    condition = (
      !contains([for settings in aws_apigatewayv2_stage.default.route_settings : settings.route_key], "GET /api/health") &&
      alltrue([for settings in aws_apigatewayv2_stage.default.route_settings : var.routes[settings.route_key].authorization == "NONE"])
    )
    error_message = "Neither GET /api/health nor a signed-in route may get the share links' limits."
  }

  # Nothing from the request's headers is logged: not the bearer token, not a share link's
  # x-share-token (HTTP APIs would log one only through a `$request.header.` variable).
  assert {
    condition = (
      !strcontains(one(aws_apigatewayv2_stage.default.access_log_settings).format, "$request.") &&
      !strcontains(lower(one(aws_apigatewayv2_stage.default.access_log_settings).format), "header") &&
      !strcontains(lower(one(aws_apigatewayv2_stage.default.access_log_settings).format), "token")
    )
    error_message = "The access log format must not log a request header (the x-share-token or the bearer token): ${one(aws_apigatewayv2_stage.default.access_log_settings).format}."
  }

  assert {
    condition = (
      one(aws_apigatewayv2_stage.default.access_log_settings).destination_arn == aws_cloudwatch_log_group.access.arn &&
      alltrue([
        for field in ["requestId", "ip", "requestTime", "httpMethod", "routeKey", "status", "protocol", "responseLength", "integrationErrorMessage", "authorizerError"] :
        startswith(jsondecode(one(aws_apigatewayv2_stage.default.access_log_settings).format)[field], "$context.")
      ])
    )
    error_message = "Access logs must be one JSON object per request with the $context fields: ${one(aws_apigatewayv2_stage.default.access_log_settings).format}."
  }

  assert {
    condition = (
      aws_cloudwatch_log_group.access.name == "/aws/apigateway/${var.name}" &&
      aws_cloudwatch_log_group.access.kms_key_id == var.kms_key_arn &&
      aws_cloudwatch_log_group.access.retention_in_days == 14 &&
      aws_cloudwatch_log_group.lambda.name == "/aws/lambda/${var.name}" &&
      aws_cloudwatch_log_group.lambda.kms_key_id == var.kms_key_arn
    )
    error_message = "Both log groups must be encrypted with the environment's key and keep events for the retention given."
  }

  # --- function ------------------------------------------------------------------------------------

  assert {
    condition = (
      aws_lambda_function.this.function_name == var.name &&
      aws_lambda_function.this.architectures == tolist(["arm64"]) &&
      aws_lambda_function.this.memory_size == 1024 &&
      aws_lambda_function.this.timeout == 10 &&
      aws_lambda_function.this.kms_key_arn == var.kms_key_arn &&
      one(aws_lambda_function.this.logging_config).log_group == aws_cloudwatch_log_group.lambda.name
    )
    error_message = "The function takes its name, memory and timeout from the inputs, runs on arm64 and logs to its encrypted group."
  }

  assert {
    condition = (
      one(aws_lambda_function.this.environment).variables["CURSOR_KEY_PARAMETER"] == aws_ssm_parameter.cursor_key.name &&
      one(aws_lambda_function.this.environment).variables["TABLE_NAME"] == "photo-album-test-media" &&
      !contains(keys(one(aws_lambda_function.this.environment).variables), "CURSOR_KEY")
    )
    error_message = "The function reads the cursor key from the module's parameter (CURSOR_KEY_PARAMETER) and never gets it in plain text."
  }

  assert {
    condition = (
      aws_lambda_permission.api.principal == "apigateway.amazonaws.com" &&
      aws_lambda_permission.api.source_arn == "${aws_apigatewayv2_api.this.execution_arn}/*/*"
    )
    error_message = "Only this API may invoke the function: ${aws_lambda_permission.api.source_arn}."
  }

  # --- cursor key: SecureString, written once per version, never in the state ----------------------

  assert {
    condition = (
      aws_ssm_parameter.cursor_key.name == "/photo-album/test/api/cursor-key/v3" &&
      aws_ssm_parameter.cursor_key.type == "SecureString" &&
      aws_ssm_parameter.cursor_key.key_id == var.kms_key_arn &&
      aws_ssm_parameter.cursor_key.value_wo_version == 3 &&
      aws_ssm_parameter.cursor_key.value_wo == null
    )
    error_message = "The cursor key is a SecureString under the environment's key, set through the write-only value (nothing kept in the state)."
  }

  # --- role: only what src/api calls, on our resources ---------------------------------------------

  assert {
    condition = (
      toset(flatten([for statement in data.aws_iam_policy_document.lambda.statement : statement.resources if statement.sid != "WriteXRayTraces"])) ==
      toset([
        aws_cloudwatch_log_group.lambda.arn, "${aws_cloudwatch_log_group.lambda.arn}:*",
        var.table_arn, "${var.table_arn}/index/gsi1", "${var.table_arn}/index/gsi2",
        "${var.originals.bucket_arn}/originals/image/*", "${var.originals.bucket_arn}/originals/video/*",
        var.derived.bucket_arn, "${var.derived.bucket_arn}/derived/*",
        var.kms_key_arn,
        "arn:aws:ssm:ap-southeast-2:123456789012:parameter/photo-album/test/api/cursor-key/v3",
        "arn:aws:ssm:ap-southeast-2:123456789012:parameter/photo-album/test/cloudfront/media-signing-key",
      ])
    )
    error_message = "The role may touch only its log group, the table and its indexes, originals/<class>/*, derived/*, the key and its two parameters: ${jsonencode(flatten(data.aws_iam_policy_document.lambda.statement[*].resources))}."
  }

  assert {
    condition = toset(flatten(data.aws_iam_policy_document.lambda.statement[*].actions)) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents",
      "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListBucket",
      "kms:GenerateDataKey", "kms:Decrypt",
      "ssm:GetParameter",
    ])
    error_message = "The role's actions must be exactly those src/api calls: ${jsonencode(distinct(flatten(data.aws_iam_policy_document.lambda.statement[*].actions)))}."
  }

  assert {
    condition = alltrue([
      for statement in data.aws_iam_policy_document.lambda.statement :
      anytrue([
        for condition in statement.condition :
        condition.test == "StringEquals" && condition.variable == "kms:ViaService" &&
        length(setsubtract(toset(condition.values), toset(["s3.ap-southeast-2.amazonaws.com", "ssm.ap-southeast-2.amazonaws.com"]))) == 0
      ])
      if anytrue([for action in statement.actions : startswith(action, "kms:")])
    ])
    error_message = "The key may be used only through S3 and SSM (kms:ViaService on every statement that grants a kms: action)."
  }

  # Downloads (GET /api/media/{mediaId}/original): the presigned GET is checked against the role,
  # so the role reads the originals' prefixes and nothing else: not the whole originals bucket, not
  # the derived bucket.
  assert {
    condition = (
      toset(flatten([for statement in data.aws_iam_policy_document.lambda.statement : statement.resources if contains(statement.actions, "s3:GetObject")])) ==
      toset(["${var.originals.bucket_arn}/originals/image/*", "${var.originals.bucket_arn}/originals/video/*"])
    )
    error_message = "s3:GetObject must be granted on originals/<class>/* of the originals bucket only: ${jsonencode([for statement in data.aws_iam_policy_document.lambda.statement : statement.resources if contains(statement.actions, "s3:GetObject")])}."
  }

  # ... and S3 decrypts the SSE-KMS original with the signer's permissions: kms:Decrypt through S3,
  # for the originals bucket's objects only (its encryption context).
  assert {
    condition = length([
      for statement in data.aws_iam_policy_document.lambda.statement : statement
      if contains(statement.actions, "kms:Decrypt") && toset(statement.resources) == toset([var.kms_key_arn]) && anytrue([
        for condition in statement.condition : condition.variable == "kms:ViaService" && toset(condition.values) == toset(["s3.ap-southeast-2.amazonaws.com"])
        ]) && anytrue([
        for condition in statement.condition :
        condition.test == "StringLike" && condition.variable == "kms:EncryptionContext:aws:s3:arn" &&
        toset(condition.values) == toset([var.originals.bucket_arn, "${var.originals.bucket_arn}/originals/image/*", "${var.originals.bucket_arn}/originals/video/*"])
      ])
    ]) == 1
    error_message = "Reading an SSE-KMS original needs kms:Decrypt through S3, limited to the originals bucket's encryption context (the bucket with an S3 Bucket Key, or originals/<class>/* objects)."
  }
}

# X-Ray needs "*": the only statement with it, and only when tracing is Active.
run "api_active_tracing" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name         = "photo-album-test-api"
    tracing_mode = "Active"
  }

  assert {
    condition = (
      one(aws_lambda_function.this.tracing_config).mode == "Active" &&
      [for statement in data.aws_iam_policy_document.lambda.statement : statement.sid if contains(statement.resources, "*")] == ["WriteXRayTraces"]
    )
    error_message = "Active tracing adds the X-Ray statement, the only one on \"*\"."
  }
}

run "api_refuses_unknown_authorization" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name   = "photo-album-test-api"
    routes = { "GET /api/albums" = { authorization = "AWS_IAM" } }
  }

  expect_failures = [var.routes]
}

# A plain cursor key in the environment would land in the state and the console.
run "api_refuses_plain_cursor_key" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name                  = "photo-album-test-api"
    environment_variables = { CURSOR_KEY = "0123456789abcdef0123456789abcdef" }
  }

  expect_failures = [var.environment_variables]
}

# The module's own statements keep their sids: a caller's statement may not shadow one.
run "api_refuses_a_statement_reusing_a_module_sid" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name = "photo-album-test-api"
    policy_statements = [{
      sid       = "ReadOriginals"
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::photo-album-test-derived-123456789012/derived/*"]
    }]
  }

  expect_failures = [var.policy_statements]
}

# Route settings for a route the API does not have fail at apply ("Unable to find Route by key").
run "api_refuses_throttling_an_unknown_route" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name             = "photo-album-test-api"
    route_throttling = { "GET /api/shared/nowhere" = { burst_limit = 10, rate_limit = 5 } }
  }

  expect_failures = [var.route_throttling]
}

# A public route's limits sit under the stage's (here 100 / 50, the defaults) and above zero.
run "api_refuses_a_route_burst_above_the_stage" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name             = "photo-album-test-api"
    route_throttling = { "GET /api/shared" = { burst_limit = 101, rate_limit = 5 } }
  }

  expect_failures = [var.route_throttling]
}

run "api_refuses_a_route_rate_above_the_stage" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name             = "photo-album-test-api"
    route_throttling = { "GET /api/shared" = { burst_limit = 10, rate_limit = 51 } }
  }

  expect_failures = [var.route_throttling]
}

run "api_refuses_a_zero_route_rate" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name             = "photo-album-test-api"
    route_throttling = { "GET /api/shared" = { burst_limit = 10, rate_limit = 0 } }
  }

  expect_failures = [var.route_throttling]
}

# API Gateway stops waiting after 30 s.
run "api_refuses_timeout_above_30_seconds" {
  command = plan

  module {
    source = "./modules/api"
  }

  variables {
    name    = "photo-album-test-api"
    timeout = 60
  }

  expect_failures = [var.timeout]
}

################################################################################
# auth: the user pool and the web client
################################################################################

run "auth" {
  command = apply

  module {
    source = "./modules/auth"
  }

  variables {
    name                          = "photo-album-test"
    client_name                   = "photo-album-test-web"
    password_policy               = { minimum_length = 14 }
    mfa_configuration             = "OPTIONAL"
    access_token_validity_minutes = 30
    id_token_validity_minutes     = 45
    refresh_token_validity_days   = 7
    callback_urls                 = ["https://photos.example.com/auth/callback"]
    logout_urls                   = ["https://photos.example.com/"]
    domain_prefix                 = "photo-album-test"
  }

  assert {
    condition = (
      aws_cognito_user_pool.this.username_attributes == toset(["email"]) &&
      aws_cognito_user_pool.this.auto_verified_attributes == toset(["email"]) &&
      [for m in one(aws_cognito_user_pool.this.account_recovery_setting).recovery_mechanism : m.name] == ["verified_email"]
    )
    error_message = "Users sign in with a verified email address, which is also how they recover their account."
  }

  assert {
    condition = (
      one(aws_cognito_user_pool.this.password_policy).minimum_length == 14 &&
      one(aws_cognito_user_pool.this.password_policy).require_lowercase &&
      one(aws_cognito_user_pool.this.password_policy).require_uppercase &&
      one(aws_cognito_user_pool.this.password_policy).require_numbers
    )
    error_message = "The password policy takes its minimum length from the input and requires mixed case and digits by default."
  }

  assert {
    condition = (
      aws_cognito_user_pool.this.mfa_configuration == "OPTIONAL" &&
      one(aws_cognito_user_pool.this.software_token_mfa_configuration).enabled &&
      aws_cognito_user_pool.this.deletion_protection == "ACTIVE" &&
      aws_cognito_user_pool.this.user_pool_tier == "ESSENTIALS" &&
      length(aws_cognito_user_pool.this.user_pool_add_ons) == 0
    )
    error_message = "Optional TOTP MFA, deletion protection on by default, no threat protection (Essentials plan) unless asked."
  }

  assert {
    condition = (
      !aws_cognito_user_pool_client.web.generate_secret &&
      aws_cognito_user_pool_client.web.explicit_auth_flows == toset(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]) &&
      aws_cognito_user_pool_client.web.prevent_user_existence_errors == "ENABLED"
    )
    error_message = "The web client has no secret, signs in with the password flow (the one moto verifies), SRP or a refresh token only, and does not reveal which users exist."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.web.access_token_validity == 30 &&
      aws_cognito_user_pool_client.web.id_token_validity == 45 &&
      aws_cognito_user_pool_client.web.refresh_token_validity == 7 &&
      one(aws_cognito_user_pool_client.web.token_validity_units).access_token == "minutes" &&
      one(aws_cognito_user_pool_client.web.token_validity_units).id_token == "minutes" &&
      one(aws_cognito_user_pool_client.web.token_validity_units).refresh_token == "days"
    )
    error_message = "Token lifetimes come from the inputs, in minutes (access, ID) and days (refresh)."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.web.allowed_oauth_flows_user_pool_client &&
      aws_cognito_user_pool_client.web.allowed_oauth_flows == toset(["code"]) &&
      aws_cognito_user_pool_client.web.callback_urls == toset(var.callback_urls) &&
      aws_cognito_user_pool_client.web.logout_urls == toset(var.logout_urls) &&
      length(aws_cognito_user_pool_domain.this) == 1
    )
    error_message = "With callback URLs, the client uses the hosted UI's code flow only, on the domain prefix given."
  }

  assert {
    condition     = one(aws_cognito_user_pool.this.admin_create_user_config).allow_admin_create_user_only && !output.self_sign_up_enabled
    error_message = "Self sign-up is off by default: only administrators create users, and the self_sign_up_enabled output says so."
  }

  assert {
    condition     = output.issuer == "https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbCdEfGhI" && output.client_id == aws_cognito_user_pool_client.web.id
    error_message = "issuer must be https://cognito-idp.<region>.amazonaws.com/<pool id>, not ${output.issuer}."
  }
}

run "auth_self_sign_up" {
  command = plan

  module {
    source = "./modules/auth"
  }

  variables {
    name                 = "photo-album-test"
    self_sign_up_enabled = true
  }

  assert {
    condition     = !one(aws_cognito_user_pool.this.admin_create_user_config).allow_admin_create_user_only && output.self_sign_up_enabled
    error_message = "self_sign_up_enabled opens SignUp and says so in the self_sign_up_enabled output (the web client's selfSignUp)."
  }
}

# Cognito's built-in sender stops after about 50 emails a day (codes, invitations, password
# resets): with ses_email the pool sends through SES, as the DEVELOPER account.
run "auth_self_sign_up_through_ses" {
  command = plan

  module {
    source = "./modules/auth"
  }

  variables {
    name                 = "photo-album-test"
    self_sign_up_enabled = true
    ses_email = {
      source_arn         = "arn:aws:ses:ap-southeast-2:123456789012:identity/photos.example.com"
      from_email_address = "Photos <no-reply@photos.example.com>"
    }
  }

  assert {
    condition = (
      one(aws_cognito_user_pool.this.email_configuration).email_sending_account == "DEVELOPER" &&
      one(aws_cognito_user_pool.this.email_configuration).source_arn == var.ses_email.source_arn &&
      one(aws_cognito_user_pool.this.email_configuration).from_email_address == var.ses_email.from_email_address
    )
    error_message = "ses_email sends the pool's emails through SES (DEVELOPER) from its identity and sender."
  }
}

# A domain identity does not say which address sends.
run "auth_refuses_a_domain_identity_without_a_sender" {
  command = plan

  module {
    source = "./modules/auth"
  }

  variables {
    name                 = "photo-album-test"
    self_sign_up_enabled = true
    ses_email = {
      source_arn = "arn:aws:ses:ap-southeast-2:123456789012:identity/photos.example.com"
    }
  }

  expect_failures = [var.ses_email]
}

run "auth_without_mfa_with_threat_protection" {
  command = plan

  module {
    source = "./modules/auth"
  }

  variables {
    name                   = "photo-album-test"
    mfa_configuration      = "OFF"
    threat_protection_mode = "ENFORCED"
    deletion_protection    = false
  }

  assert {
    condition = (
      length(aws_cognito_user_pool.this.software_token_mfa_configuration) == 0 &&
      aws_cognito_user_pool.this.user_pool_tier == "PLUS" &&
      one(aws_cognito_user_pool.this.user_pool_add_ons).advanced_security_mode == "ENFORCED" &&
      aws_cognito_user_pool.this.deletion_protection == "INACTIVE"
    )
    error_message = "MFA OFF drops the TOTP block; threat protection moves the pool to the Plus plan."
  }

  assert {
    condition     = !aws_cognito_user_pool_client.web.allowed_oauth_flows_user_pool_client && length(aws_cognito_user_pool_domain.this) == 0
    error_message = "Without callback URLs and a domain prefix, no hosted UI and no OAuth flow."
  }
}

run "auth_refuses_refresh_shorter_than_access_token" {
  command = plan

  module {
    source = "./modules/auth"
  }

  variables {
    name                          = "photo-album-test"
    access_token_validity_minutes = 1440
    refresh_token_validity_days   = 1
  }

  expect_failures = [var.refresh_token_validity_days]
}

run "auth_refuses_unknown_mfa_mode" {
  command = plan

  module {
    source = "./modules/auth"
  }

  variables {
    name              = "photo-album-test"
    mfa_configuration = "SMS"
  }

  expect_failures = [var.mfa_configuration]
}
