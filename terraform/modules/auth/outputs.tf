output "user_pool_id" {
  description = "ID of the user pool, `<region>_<id>`."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "ARN of the user pool."
  value       = aws_cognito_user_pool.this.arn
}

output "client_id" {
  description = "ID of the web app client: the `aud` of its ID tokens and the `client_id` of its access tokens, and the JWT authorizer's audience."
  value       = aws_cognito_user_pool_client.web.id
}

output "issuer" {
  description = "Issuer (`iss`) of the pool's tokens, `https://cognito-idp.<region>.amazonaws.com/<user pool ID>`; its `/.well-known/jwks.json` holds the signing keys."
  value       = "https://cognito-idp.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}/${aws_cognito_user_pool.this.id}"
}

output "endpoint" {
  description = "Endpoint of the user pool, `cognito-idp.<region>.amazonaws.com/<user pool ID>` (the issuer without `https://`)."
  value       = aws_cognito_user_pool.this.endpoint
}

output "hosted_ui_url" {
  description = "Base URL of the hosted UI, `https://<domain_prefix>.auth.<region>.amazoncognito.com`, or null without `domain_prefix`."
  value       = length(aws_cognito_user_pool_domain.this) > 0 ? "https://${aws_cognito_user_pool_domain.this[0].domain}.auth.${data.aws_region.current.region}.amazoncognito.com" : null
}

output "self_sign_up_enabled" {
  description = "Whether anyone may create an account (Cognito SignUp); false when only administrators create users. The web client shows its sign-up form only when true."
  value       = !aws_cognito_user_pool.this.admin_create_user_config[0].allow_admin_create_user_only
}
