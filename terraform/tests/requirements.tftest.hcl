# What staging and prod refuse to plan without, and dev does not need: the root module's
# cross-variable validations, each run leaving one requirement out of an otherwise complete
# environment. Run once by `make validate-tf`; by hand, from terraform/:
#
#   tofu test -filter=tests/requirements.tftest.hcl
#
# Unlike tests/environment.tftest.hcl this file runs in the `default` workspace, so the workspace
# guard (main.tf) refuses every plan too: each run expects terraform_data.workspace_guard besides
# the variable under test, and the first run shows that the guard is all a complete environment
# trips over. A run whose validation did not fail reports its variable as a missing failure.

mock_provider "aws" {
  # Values the module's variable validations check (account IDs, ARNs); the mock's random
  # strings would not pass them.
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

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-mock-media"
      stream_arn = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/photo-album-mock-media/stream/2026-01-01T00:00:00.000"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/photo-album-mock-role"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-mock"
      invoke_arn = "arn:aws:apigateway:ap-southeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-southeast-2:123456789012:function:photo-album-mock/invocations"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/lambda/photo-album-mock"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
      key_id = "mrk-0123456789abcdef0123456789abcdef"
    }
  }

  mock_resource "aws_kms_replica_key" {
    defaults = {
      arn    = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
      key_id = "mrk-0123456789abcdef0123456789abcdef"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "photo-album-mock-bucket"
      arn                         = "arn:aws:s3:::photo-album-mock-bucket"
      bucket_regional_domain_name = "photo-album-mock-bucket.s3.ap-southeast-2.amazonaws.com"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:ap-southeast-2:123456789012:photo-album-mock-topic"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:ap-southeast-2:123456789012:photo-album-mock-queue"
      url = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-mock-queue"
    }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn            = "arn:aws:cloudfront::123456789012:distribution/E2MOCKDISTRIBUTION"
      domain_name    = "d111111abcdef8.cloudfront.net"
      hosted_zone_id = "Z2FDTNDATAQYW2"
    }
  }

  mock_resource "aws_cloudfront_function" {
    defaults = {
      arn = "arn:aws:cloudfront::123456789012:function/photo-album-mock-spa-routes"
    }
  }

  mock_resource "aws_cloudwatch_log_delivery_destination" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:delivery-destination:photo-album-mock-cdn-s3"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]
      zone_ids = ["apse2-az1", "apse2-az2", "apse2-az3"]
    }
  }

  # A certificate the cdn module requests (cdn_route53_zone_id) gets one DNS validation record.
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
      domain_validation_options = [{
        domain_name           = "photos.example.com"
        resource_record_name  = "_x1.photos.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_x2.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_appautoscaling_policy" {
    defaults = {
      arn = "arn:aws:autoscaling:ap-southeast-2:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/mock/mock:policyName/mock"
    }
  }
}

# A complete prod: every requirement below met, placeholders of the documentation kind.
variables {
  environment                  = "prod"
  region                       = "ap-southeast-2"
  worker_image_tag             = "4340a757ef6d4bedc47bb3b6e61c98f0cdba6ad1"
  media_signing_public_keys    = { initial = file("environments/prod.media-signing-key.pub.pem") }
  table_replica_regions        = ["us-west-2"]

  allowed_account_ids          = ["111122223333"]
  alarm_email                  = "oncall@example.com"
  cdn_domain_names             = ["photos.example.com"]
  cdn_acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555"
  cdn_minimum_protocol_version = "TLSv1.2_2021"
}

run "prod_with_every_requirement_met" {
  command = plan

  expect_failures = [terraform_data.workspace_guard]
}

# --- alarms reach someone ---------------------------------------------------------------------

run "prod_refuses_alarms_nobody_receives" {
  command = plan

  variables {
    alarm_email = null
  }

  expect_failures = [var.alarm_email, terraform_data.workspace_guard]
}

run "prod_accepts_an_alarm_action_instead_of_an_email" {
  command = plan

  variables {
    alarm_email   = null
    alarm_actions = ["arn:aws:sns:ap-southeast-2:111122223333:incidents"]
  }

  expect_failures = [terraform_data.workspace_guard]
}

# --- a custom domain with a TLS 1.2 floor, not *.cloudfront.net --------------------------------

run "staging_refuses_the_cloudfront_net_name" {
  command = plan

  variables {
    environment             = "staging"
    cdn_domain_names        = []
    cdn_acm_certificate_arn = null
  }

  expect_failures = [var.cdn_domain_names, terraform_data.workspace_guard]
}

run "prod_refuses_a_domain_without_a_certificate" {
  command = plan

  variables {
    cdn_acm_certificate_arn = null
  }

  expect_failures = [var.cdn_domain_names, terraform_data.workspace_guard]
}

run "prod_accepts_a_certificate_requested_in_its_route53_zone" {
  command = plan

  variables {
    cdn_acm_certificate_arn = null
    cdn_route53_zone_id     = "Z0123456789ABCDEFGHIJ"
  }

  expect_failures = [terraform_data.workspace_guard]
}

run "prod_refuses_tls_below_1_2_2021" {
  command = plan

  variables {
    cdn_minimum_protocol_version = "TLSv1.2_2019"
  }

  expect_failures = [var.cdn_minimum_protocol_version, terraform_data.workspace_guard]
}

# --- the environment's own account only -------------------------------------------------------

run "prod_refuses_any_account" {
  command = plan

  variables {
    allowed_account_ids = []
  }

  expect_failures = [var.allowed_account_ids, terraform_data.workspace_guard]
}

# --- self sign-up sends through SES ----------------------------------------------------------

run "staging_refuses_self_sign_up_on_the_built_in_sender" {
  command = plan

  variables {
    environment               = "staging"
    auth_self_sign_up_enabled = true
  }

  expect_failures = [var.auth_self_sign_up_enabled, terraform_data.workspace_guard]
}

run "staging_accepts_self_sign_up_through_ses" {
  command = plan

  variables {
    environment               = "staging"
    auth_self_sign_up_enabled = true
    auth_ses_email = {
      source_arn         = "arn:aws:ses:ap-southeast-2:111122223333:identity/photos.example.com"
      from_email_address = "Photos <no-reply@photos.example.com>"
    }
  }

  expect_failures = [terraform_data.workspace_guard]
}

# --- deleted originals are kept a bounded, whole number of days -------------------------------

run "refuses_keeping_deleted_originals_over_a_year" {
  command = plan

  variables {
    originals_noncurrent_version_expiration_days = 400
  }

  expect_failures = [var.originals_noncurrent_version_expiration_days, terraform_data.workspace_guard]
}

run "refuses_a_fraction_of_a_day_for_deleted_originals" {
  command = plan

  variables {
    originals_noncurrent_version_expiration_days = 1.5
  }

  expect_failures = [var.originals_noncurrent_version_expiration_days, terraform_data.workspace_guard]
}

# --- an original's download URL lives at most an hour, and no longer than a rendition's ----------

run "refuses_an_original_url_over_an_hour" {
  command = plan

  variables {
    original_url_ttl_seconds = 7200
    media_url_ttl_seconds    = 86400
  }

  expect_failures = [var.original_url_ttl_seconds, terraform_data.workspace_guard]
}

run "refuses_an_original_url_outliving_media_urls" {
  command = plan

  variables {
    original_url_ttl_seconds = 900
    media_url_ttl_seconds    = 600
  }

  expect_failures = [var.original_url_ttl_seconds, terraform_data.workspace_guard]
}

# --- the public share-link routes: throttled tighter than the signed-in API ----------------------

run "refuses_public_api_limits_above_the_stage" {
  command = plan

  variables {
    api_throttling_burst_limit        = 100
    api_throttling_rate_limit         = 50
    api_public_throttling_burst_limit = 200
    api_public_throttling_rate_limit  = 60
  }

  expect_failures = [var.api_public_throttling_burst_limit, var.api_public_throttling_rate_limit, terraform_data.workspace_guard]
}

run "refuses_zero_public_api_limits" {
  command = plan

  variables {
    api_public_throttling_burst_limit = 0
    api_public_throttling_rate_limit  = 0
  }

  expect_failures = [var.api_public_throttling_burst_limit, var.api_public_throttling_rate_limit, terraform_data.workspace_guard]
}

# AWS WAF accepts no rate limit under 10; a share limit above the site-wide one would never trigger.
run "refuses_a_share_rate_limit_below_wafs_minimum" {
  command = plan

  variables {
    waf_share_rate_limit = 9
  }

  expect_failures = [var.waf_share_rate_limit, terraform_data.workspace_guard]
}

run "refuses_a_share_rate_limit_above_the_site_wide_one" {
  command = plan

  variables {
    cdn_waf_rate_limit   = 2000
    waf_share_rate_limit = 2500
  }

  expect_failures = [var.waf_share_rate_limit, terraform_data.workspace_guard]
}

# --- dev needs none of it -----------------------------------------------------------------------

run "dev_needs_none_of_it" {
  command = plan

  variables {
    environment                  = "dev"
    table_replica_regions        = []
    allowed_account_ids          = []
    alarm_email                  = null
    cdn_domain_names             = []
    cdn_acm_certificate_arn      = null
    cdn_minimum_protocol_version = "TLSv1.2_2019"
    auth_self_sign_up_enabled    = true
  }

  expect_failures = [terraform_data.workspace_guard]
}
