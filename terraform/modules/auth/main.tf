data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # Threat protection (advanced security) exists only in the Plus feature plan; Essentials is the
  # plan of every new pool and has everything else this module uses.
  user_pool_tier = var.threat_protection_mode == "OFF" ? "ESSENTIALS" : "PLUS"

  # The hosted UI (OAuth code flow) is configured only when the web client has somewhere to return.
  oauth_enabled = length(var.callback_urls) > 0
}

################################################################################
# User pool: email is the username
################################################################################

resource "aws_cognito_user_pool" "this" {
  name = var.name

  # Users sign in with their email address; Cognito keeps `sub` as the stable user ID (the API's
  # ownerId), so a changed email never orphans anyone's albums.
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  username_configuration {
    case_sensitive = false
  }

  # A new address is used only after its code is confirmed; until then the old one stays.
  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  admin_create_user_config {
    allow_admin_create_user_only = !var.self_sign_up_enabled
  }

  password_policy {
    minimum_length                   = var.password_policy.minimum_length
    require_lowercase                = var.password_policy.require_lowercase
    require_uppercase                = var.password_policy.require_uppercase
    require_numbers                  = var.password_policy.require_numbers
    require_symbols                  = var.password_policy.require_symbols
    temporary_password_validity_days = var.password_policy.temporary_password_validity_days
  }

  mfa_configuration = var.mfa_configuration

  # Authenticator apps (TOTP) only: SMS needs an SNS role and spending limits, and email codes
  # would send the second factor to the same inbox that resets the password.
  dynamic "software_token_mfa_configuration" {
    for_each = var.mfa_configuration == "OFF" ? [] : [true]

    content {
      enabled = true
    }
  }

  dynamic "email_configuration" {
    for_each = var.ses_email != null ? [var.ses_email] : []

    content {
      email_sending_account  = "DEVELOPER"
      source_arn             = email_configuration.value.source_arn
      from_email_address     = email_configuration.value.from_email_address
      reply_to_email_address = email_configuration.value.reply_to_email_address
    }
  }

  user_pool_tier = local.user_pool_tier

  dynamic "user_pool_add_ons" {
    for_each = var.threat_protection_mode == "OFF" ? [] : [var.threat_protection_mode]

    content {
      advanced_security_mode = user_pool_add_ons.value
    }
  }

  deletion_protection = var.deletion_protection ? "ACTIVE" : "INACTIVE"

  tags = var.tags
}

################################################################################
# Web app client: public, no secret
################################################################################

resource "aws_cognito_user_pool_client" "web" {
  name         = var.client_name
  user_pool_id = aws_cognito_user_pool.this.id

  # A browser cannot keep a secret.
  generate_secret = false

  # The web app signs in with USER_PASSWORD_AUTH: moto, which runs the whole system locally, does
  # not verify SRP proofs, so the password flow is the only one that runs the same verified code
  # path locally and in AWS. The password goes only to Cognito, over TLS, and is never stored.
  # SRP stays allowed for clients that prefer it (an SDK, the CLI).
  explicit_auth_flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

  # Sign-in, confirmation and password reset answer alike for unknown and known users.
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  access_token_validity  = var.access_token_validity_minutes
  id_token_validity      = var.id_token_validity_minutes
  refresh_token_validity = var.refresh_token_validity_days

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }

  # Authorization code flow through the hosted UI, only when callback URLs are given; without a
  # secret the web client protects the code exchange with PKCE.
  allowed_oauth_flows_user_pool_client = local.oauth_enabled
  allowed_oauth_flows                  = local.oauth_enabled ? ["code"] : []
  allowed_oauth_scopes                 = local.oauth_enabled ? ["openid", "email", "profile"] : []
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = var.callback_urls
  logout_urls                          = var.logout_urls
}

################################################################################
# Optional hosted UI domain: https://<prefix>.auth.<region>.amazoncognito.com
################################################################################

resource "aws_cognito_user_pool_domain" "this" {
  count = var.domain_prefix != null ? 1 : 0

  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}
