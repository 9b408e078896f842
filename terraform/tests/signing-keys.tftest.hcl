# The cdn module's media key group during a signing-key rotation (terraform/README.md: Rotate the
# media signing key): two public keys trusted at once, each kept by its label when the other is
# added or removed, and the validations that hold the group to one or two distinct public keys.
# Run once by `make validate-tf`; by hand, from terraform/:
#
#   tofu test -filter=tests/signing-keys.tftest.hcl
#
# The mocked provider and the shared inputs are those of tests/delivery.tftest.hcl.

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

  mock_data "aws_region" {
    defaults = {
      name        = "ap-southeast-2"
      region      = "ap-southeast-2"
      endpoint    = "ec2.ap-southeast-2.amazonaws.com"
      description = "Asia Pacific (Sydney)"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "photo-album-mock-bucket"
      arn                         = "arn:aws:s3:::photo-album-mock-bucket"
      bucket_regional_domain_name = "photo-album-mock-bucket.s3.ap-southeast-2.amazonaws.com"
    }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      id             = "E2MOCKDISTRIBUTION"
      arn            = "arn:aws:cloudfront::123456789012:distribution/E2MOCKDISTRIBUTION"
      domain_name    = "d111111abcdef8.cloudfront.net"
      hosted_zone_id = "Z2FDTNDATAQYW2"
    }
  }

  mock_resource "aws_cloudfront_function" {
    defaults = {
      arn = "arn:aws:cloudfront::123456789012:function/photo-album-test-spa-routes"
    }
  }

  mock_resource "aws_cloudwatch_log_delivery_destination" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:delivery-destination:photo-album-test-cdn-s3"
    }
  }

  mock_resource "aws_cloudwatch_log_delivery_source" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:delivery-source:photo-album-test-cdn"
    }
  }

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

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/photo-album-test-cdn/00000000-0000-0000-0000-000000000000"
    }
  }

  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = {
      arn = "arn:aws:cloudwatch:ap-southeast-2:123456789012:alarm:photo-album-test-mock"
    }
  }
}

variables {
  kms_key_arn = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
  name        = "photo-album-test"

  # The cdn module's required origins, shared by its runs (the observability module declares none).
  web_bucket_name = "photo-album-test-web-123456789012"
  media_origin = {
    bucket_arn                  = "arn:aws:s3:::photo-album-test-derived-123456789012"
    bucket_regional_domain_name = "photo-album-test-derived-123456789012.s3.ap-southeast-2.amazonaws.com"
  }
  api_origin = {
    domain_name = "abc123defg.execute-api.ap-southeast-2.amazonaws.com"
  }
  api_origin_verify_secret = "0123456789abcdefghijABCDEFGHIJ0123456789"

  price_class = "PriceClass_100"
  logging = {
    log_bucket_name = "photo-album-test-cdn-logs-123456789012"
  }
}

# Step 1 of a rotation: the committed key and the new one, both trusted. The new key (label
# 20261204t2230) is a second pair's public half, its private half discarded.
run "two_keys_during_a_rotation" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys = {
      initial       = file("environments/dev.media-signing-key.pub.pem")
      "20261204t2230" = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0y2taTDtieQsXv1sa03h\najY66u6gES6sqnp/1a2G5znmxBGk/jw7+gvxymYDP1t5KNwF/14bdSPJ+B4eFvGd\nUtJo/kRWKfcRHZLndSU61BrGJth0sCVA4NjMXHp2qaJyM6DKKD61V14KP7Gnt7Es\nuLdeDlXg1B6bQxAWUriUHIfHDYGJhnmDd5GNTUm5OAFzRCrY45BQvHRLvRSVw0j+\nZl217yGI8QcA4E4V5DL3SDH8TBSVe3MiU+kRvex725TiHL+xYJp8Cf/p0jlnP+LD\nLfS1Ou/g96ieGkWISex4kNnFr5/caTiLJFrjI/wcdwFUGNkNdfIS7XVuR4QAcXDB\nmwIDAQAB\n-----END PUBLIC KEY-----\n"
    }
  }

  assert {
    condition = (
      length(aws_cloudfront_public_key.media) == 2 &&
      aws_cloudfront_public_key.media["initial"].encoded_key == file("environments/dev.media-signing-key.pub.pem") &&
      aws_cloudfront_public_key.media["20261204t2230"].encoded_key == "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0y2taTDtieQsXv1sa03h\najY66u6gES6sqnp/1a2G5znmxBGk/jw7+gvxymYDP1t5KNwF/14bdSPJ+B4eFvGd\nUtJo/kRWKfcRHZLndSU61BrGJth0sCVA4NjMXHp2qaJyM6DKKD61V14KP7Gnt7Es\nuLdeDlXg1B6bQxAWUriUHIfHDYGJhnmDd5GNTUm5OAFzRCrY45BQvHRLvRSVw0j+\nZl217yGI8QcA4E4V5DL3SDH8TBSVe3MiU+kRvex725TiHL+xYJp8Cf/p0jlnP+LD\nLfS1Ou/g96ieGkWISex4kNnFr5/caTiLJFrjI/wcdwFUGNkNdfIS7XVuR4QAcXDB\nmwIDAQAB\n-----END PUBLIC KEY-----\n" &&
      startswith(aws_cloudfront_public_key.media["20261204t2230"].name_prefix, "photo-album-test-media-20261204t2230-")
    )
    error_message = "Each key must be its own public key, named after its label."
  }

  assert {
    # The mocked provider gives every instance of a resource the same made-up ID, so the group's
    # set of IDs cannot show two members here; test/iac/delivery.test.ts checks that its items are
    # every key of the module.
    condition     = alltrue([for key in aws_cloudfront_public_key.media : contains(aws_cloudfront_key_group.media.items, key.id)])
    error_message = "The key group must trust both keys, so URLs signed with either open during the rotation."
  }

  assert {
    condition     = output.media_public_key_ids == { for label, key in aws_cloudfront_public_key.media : label => key.id } && length(output.media_public_key_ids) == 2
    error_message = "media_public_key_ids must give each label's key ID: the keyPairId stored beside its private key."
  }
}

# Step 3: the old key removed, the new one kept under its label.
run "one_key_after_the_rotation" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys = {
      "20261204t2230" = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0y2taTDtieQsXv1sa03h\najY66u6gES6sqnp/1a2G5znmxBGk/jw7+gvxymYDP1t5KNwF/14bdSPJ+B4eFvGd\nUtJo/kRWKfcRHZLndSU61BrGJth0sCVA4NjMXHp2qaJyM6DKKD61V14KP7Gnt7Es\nuLdeDlXg1B6bQxAWUriUHIfHDYGJhnmDd5GNTUm5OAFzRCrY45BQvHRLvRSVw0j+\nZl217yGI8QcA4E4V5DL3SDH8TBSVe3MiU+kRvex725TiHL+xYJp8Cf/p0jlnP+LD\nLfS1Ou/g96ieGkWISex4kNnFr5/caTiLJFrjI/wcdwFUGNkNdfIS7XVuR4QAcXDB\nmwIDAQAB\n-----END PUBLIC KEY-----\n"
    }
  }

  assert {
    condition     = keys(aws_cloudfront_public_key.media) == ["20261204t2230"] && length(aws_cloudfront_key_group.media.items) == 1
    error_message = "After the rotation the key group must trust only the new key."
  }
}

run "refuses_a_third_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys = {
      initial       = file("environments/dev.media-signing-key.pub.pem")
      "20261204t2230" = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0y2taTDtieQsXv1sa03h\najY66u6gES6sqnp/1a2G5znmxBGk/jw7+gvxymYDP1t5KNwF/14bdSPJ+B4eFvGd\nUtJo/kRWKfcRHZLndSU61BrGJth0sCVA4NjMXHp2qaJyM6DKKD61V14KP7Gnt7Es\nuLdeDlXg1B6bQxAWUriUHIfHDYGJhnmDd5GNTUm5OAFzRCrY45BQvHRLvRSVw0j+\nZl217yGI8QcA4E4V5DL3SDH8TBSVe3MiU+kRvex725TiHL+xYJp8Cf/p0jlnP+LD\nLfS1Ou/g96ieGkWISex4kNnFr5/caTiLJFrjI/wcdwFUGNkNdfIS7XVuR4QAcXDB\nmwIDAQAB\n-----END PUBLIC KEY-----\n"
      "20270101t0000" = file("environments/prod.media-signing-key.pub.pem")
    }
  }

  expect_failures = [var.media_signing_public_keys]
}

run "refuses_no_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys = {}
  }

  expect_failures = [var.media_signing_public_keys]
}

run "refuses_one_key_under_two_labels" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys = {
      initial = file("environments/dev.media-signing-key.pub.pem")
      # The same key, its line breaks changed: still the same key.
      again = replace(file("environments/dev.media-signing-key.pub.pem"), "\n", "\r\n")
    }
  }

  expect_failures = [var.media_signing_public_keys]
}

run "refuses_a_label_that_cannot_name_a_key" {
  command = plan

  module {
    source = "./modules/cdn"
  }

  variables {
    media_signing_public_keys = {
      "Next Key" = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0y2taTDtieQsXv1sa03h\najY66u6gES6sqnp/1a2G5znmxBGk/jw7+gvxymYDP1t5KNwF/14bdSPJ+B4eFvGd\nUtJo/kRWKfcRHZLndSU61BrGJth0sCVA4NjMXHp2qaJyM6DKKD61V14KP7Gnt7Es\nuLdeDlXg1B6bQxAWUriUHIfHDYGJhnmDd5GNTUm5OAFzRCrY45BQvHRLvRSVw0j+\nZl217yGI8QcA4E4V5DL3SDH8TBSVe3MiU+kRvex725TiHL+xYJp8Cf/p0jlnP+LD\nLfS1Ou/g96ieGkWISex4kNnFr5/caTiLJFrjI/wcdwFUGNkNdfIS7XVuR4QAcXDB\nmwIDAQAB\n-----END PUBLIC KEY-----\n"
    }
  }

  expect_failures = [var.media_signing_public_keys]
}
