################################################################################
# User pool
################################################################################

variable "name" {
  description = "Name of the user pool (1 to 128 letters, digits, spaces and `_+=,.@-`), such as `photo-album-prod`."
  type        = string

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, spaces and _+=,.@- characters."
  }
}

variable "self_sign_up_enabled" {
  description = "Let anyone create an account from the web client (Cognito SignUp, confirmed by an emailed code). False: only administrators create users (AdminCreateUser, which emails a temporary password)."
  type        = bool
  default     = false
}

variable "password_policy" {
  description = <<-EOT
    Password rules of the pool.

    - `minimum_length` - (Optional) 8 to 99 characters. Defaults to 12.
    - `require_lowercase`, `require_uppercase`, `require_numbers` - (Optional) Defaults to true.
    - `require_symbols` - (Optional) Defaults to false: length adds more strength than a forced symbol.
    - `temporary_password_validity_days` - (Optional) Days an administrator-issued temporary password stays usable (1 to 365). Defaults to 3.
  EOT
  type = object({
    minimum_length                   = optional(number, 12)
    require_lowercase                = optional(bool, true)
    require_uppercase                = optional(bool, true)
    require_numbers                  = optional(bool, true)
    require_symbols                  = optional(bool, false)
    temporary_password_validity_days = optional(number, 3)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.password_policy.minimum_length >= 8 && var.password_policy.minimum_length <= 99 && floor(var.password_policy.minimum_length) == var.password_policy.minimum_length
    error_message = "password_policy.minimum_length must be a whole number from 8 to 99 (Cognito accepts 6, but 8 is the floor this project allows)."
  }

  validation {
    condition     = var.password_policy.temporary_password_validity_days >= 1 && var.password_policy.temporary_password_validity_days <= 365 && floor(var.password_policy.temporary_password_validity_days) == var.password_policy.temporary_password_validity_days
    error_message = "password_policy.temporary_password_validity_days must be a whole number from 1 to 365."
  }
}

variable "mfa_configuration" {
  description = "Multi-factor authentication with an authenticator app (TOTP): `OFF`, `OPTIONAL` (each user may turn it on) or `ON` (every user must set it up at the next sign-in)."
  type        = string
  default     = "OPTIONAL"

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.mfa_configuration)
    error_message = "mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "threat_protection_mode" {
  description = "Cognito threat protection (advanced security: compromised-credential and adaptive-authentication checks): `OFF`, `AUDIT` (records risks only) or `ENFORCED` (blocks or challenges risky sign-ins). Anything but `OFF` moves the pool to the Plus feature plan, billed per monthly active user."
  type        = string
  default     = "OFF"

  validation {
    condition     = contains(["OFF", "AUDIT", "ENFORCED"], var.threat_protection_mode)
    error_message = "threat_protection_mode must be OFF, AUDIT or ENFORCED."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the user pool (and with it every account) until this is turned off."
  type        = bool
  default     = true
}

variable "ses_email" {
  description = <<-EOT
    Send the pool's emails (sign-up codes, invitations, password resets) through Amazon SES with the `DEVELOPER` sending account instead of Cognito's built-in sender, which is limited to about 50 emails a day. Null keeps the built-in sender.

    - `source_arn` - (Required) ARN of a verified SES identity (an email address or a domain) in the pool's Region (or a Region Cognito allows for it).
    - `from_email_address` - (Optional) Sender on that identity, such as `no-reply@photos.example.com` or `Photos <no-reply@photos.example.com>`. Required when the identity is a domain; defaults to the identity's address otherwise.
    - `reply_to_email_address` - (Optional) Reply-to address.
  EOT
  type = object({
    source_arn             = string
    from_email_address     = optional(string)
    reply_to_email_address = optional(string)
  })
  default = null

  validation {
    condition     = var.ses_email == null || can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", try(var.ses_email.source_arn, "")))
    error_message = "ses_email.source_arn must be the ARN of an SES identity (arn:<partition>:ses:<region>:<account>:identity/<email or domain>)."
  }

  validation {
    condition     = var.ses_email == null || try(strcontains(var.ses_email.source_arn, "@") || var.ses_email.from_email_address != null, false)
    error_message = "ses_email.from_email_address is required when ses_email.source_arn is a domain identity: say which address on the domain sends, such as `Photos <no-reply@photos.example.com>`."
  }

  validation {
    condition     = var.ses_email == null || try(var.ses_email.from_email_address == null || can(regex("^([^<>@]+<[^<>@\\s]+@[^<>@\\s]+>|[^<>@\\s]+@[^<>@\\s]+)$", var.ses_email.from_email_address)), false)
    error_message = "ses_email.from_email_address must be an address (no-reply@photos.example.com) or a name and address (Photos <no-reply@photos.example.com>)."
  }
}

variable "domain_prefix" {
  description = "Prefix of the Cognito hosted UI domain, `https://<prefix>.auth.<region>.amazoncognito.com` (1 to 63 lower-case letters, digits and hyphens, unique in the Region, without `aws`, `amazon` or `cognito`). Null for no hosted UI."
  type        = string
  default     = null

  validation {
    condition     = var.domain_prefix == null || (can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", coalesce(var.domain_prefix, "-"))) && !can(regex("aws|amazon|cognito", coalesce(var.domain_prefix, "-"))))
    error_message = "domain_prefix must be 1 to 63 lower-case letters, digits and hyphens (not at either end), without aws, amazon or cognito, or null."
  }
}

variable "tags" {
  description = "Tags added to the user pool, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Web app client
################################################################################

variable "client_name" {
  description = "Name of the web app client (1 to 128 letters, digits, spaces and `_+=,.@-`)."
  type        = string
  default     = "web"

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,128}$", var.client_name))
    error_message = "client_name must be 1 to 128 letters, digits, spaces and _+=,.@- characters."
  }
}

variable "access_token_validity_minutes" {
  description = "Minutes an access token stays valid (5 to 1440). Short: API Gateway accepts a token until it expires, even after sign-out."
  type        = number
  default     = 60

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440 && floor(var.access_token_validity_minutes) == var.access_token_validity_minutes
    error_message = "access_token_validity_minutes must be a whole number from 5 to 1440 (5 minutes to 1 day)."
  }
}

variable "id_token_validity_minutes" {
  description = "Minutes an ID token stays valid (5 to 1440). The API's JWT authorizer accepts ID tokens (their `aud` is the client ID), so this bounds a stolen token's use too."
  type        = number
  default     = 60

  validation {
    condition     = var.id_token_validity_minutes >= 5 && var.id_token_validity_minutes <= 1440 && floor(var.id_token_validity_minutes) == var.id_token_validity_minutes
    error_message = "id_token_validity_minutes must be a whole number from 5 to 1440 (5 minutes to 1 day)."
  }
}

variable "refresh_token_validity_days" {
  description = "Days a refresh token stays valid (1 to 3650): how long a user stays signed in without typing the password again. It must outlive the access and ID tokens."
  type        = number
  default     = 30

  validation {
    condition     = var.refresh_token_validity_days >= 1 && var.refresh_token_validity_days <= 3650 && floor(var.refresh_token_validity_days) == var.refresh_token_validity_days
    error_message = "refresh_token_validity_days must be a whole number from 1 to 3650 (1 day to 10 years)."
  }

  validation {
    condition     = var.refresh_token_validity_days * 1440 > max(var.access_token_validity_minutes, var.id_token_validity_minutes)
    error_message = "refresh_token_validity_days must be longer than the access and ID token validity."
  }
}

variable "callback_urls" {
  description = "URLs the hosted UI may return to after sign-in (the OAuth code flow): https URLs, or http://localhost for development. Empty: no OAuth flow; the web client signs in against the Cognito API directly."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for url in var.callback_urls : can(regex("^https://[^\\s#*]+$", url)) || can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url))])
    error_message = "Every callback URL must be an https:// URL (or http://localhost) without wildcards or a fragment."
  }
}

variable "logout_urls" {
  description = "URLs the hosted UI may return to after sign-out: https URLs, or http://localhost for development."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for url in var.logout_urls : can(regex("^https://[^\\s#*]+$", url)) || can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url))])
    error_message = "Every logout URL must be an https:// URL (or http://localhost) without wildcards or a fragment."
  }

  validation {
    condition     = length(var.logout_urls) == 0 || length(var.callback_urls) > 0
    error_message = "logout_urls need callback_urls: logout URLs belong to the hosted UI's OAuth flow."
  }
}
