output "api_id" {
  description = "ID of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Default endpoint of the API, `https://<api id>.execute-api.<region>.amazonaws.com` (the $default stage answers at its root)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "execution_arn" {
  description = "Execution ARN prefix of the API, for IAM and Lambda permissions."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_name" {
  description = "Name of the stage, `$default`."
  value       = aws_apigatewayv2_stage.default.name
}

output "authorizer_id" {
  description = "ID of the Cognito JWT authorizer."
  value       = aws_apigatewayv2_authorizer.jwt.id
}

output "route_ids" {
  description = "IDs of the routes, by route key."
  value       = { for key, route in aws_apigatewayv2_route.this : key => route.id }
}

output "route_throttling" {
  description = "Routes throttled apart from the stage's default limits, by route key: `burst_limit` and `rate_limit` as the stage's route settings hold them."
  value = {
    for settings in aws_apigatewayv2_stage.default.route_settings : settings.route_key => {
      burst_limit = settings.throttling_burst_limit
      rate_limit  = settings.throttling_rate_limit
    }
  }
}

output "function_name" {
  description = "Name of the API function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the API function."
  value       = aws_lambda_function.this.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.lambda.name
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.lambda.arn
}

output "log_group_name" {
  description = "Name of the function's log group, `/aws/lambda/<name>`."
  value       = aws_cloudwatch_log_group.lambda.name
}

output "access_log_group_name" {
  description = "Name of the stage's access log group, `/aws/apigateway/<name>`."
  value       = aws_cloudwatch_log_group.access.name
}

output "cursor_key_parameter_name" {
  description = "Name of the SSM SecureString parameter holding the cursor key (its value is in neither the plan nor the state)."
  value       = aws_ssm_parameter.cursor_key.name
}
