# Operations helpers for the ops team.
#
#   make signing-key ENV=prod         a new RSA 2048 key pair for CloudFront signed media URLs:
#                                     the public half into terraform/environments/prod.media-signing-key.pub.pem
#                                     (Terraform puts it in the distribution's trusted key group), and the
#                                     exact `aws ssm put-parameter` command that stores the private half as
#                                     the SecureString the API reads; then the private key file is deleted
#   make signing-key ENV=prod PUT=1   the same, but runs that command itself (needs `aws` on PATH and
#                                     credentials for the environment's account)
#
# The private key exists only in a temporary folder created with umask 077, removed on exit. Apply
# (make plan/apply ENV=...) after storing it: the API signs with the key in SSM and CloudFront
# checks against the key in the key group, so the two must be halves of one pair.

# The project as Terraform names it: from the tfvars when set there, else the root's default.
SIGNING_KEY_PROJECT   ?= $(or $(shell sed -n 's/^[[:space:]]*project[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' terraform/environments/$(ENV).tfvars 2>/dev/null | head -n 1),$(shell sed -n '/^variable "project"/,/^}/s/^[[:space:]]*default[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' terraform/variables.tf))
SIGNING_KEY_PUBLIC    := terraform/environments/$(ENV).media-signing-key.pub.pem
SIGNING_KEY_PARAMETER := /$(SIGNING_KEY_PROJECT)/$(ENV)/cloudfront/media-signing-key
# The environment's customer managed key (modules/kms, alias <project>-<env>), which the API's role
# may decrypt with; it exists after the first apply.
SIGNING_KEY_KMS_ALIAS := alias/$(SIGNING_KEY_PROJECT)-$(ENV)

.PHONY: signing-key

signing-key: ## New media URL signing key pair for ENV: public key into terraform/environments/ENV.media-signing-key.pub.pem, private key to SSM (PUT=1) or the printed command
	@test -f terraform/environments/$(ENV).tfvars || { \
	  echo "error: unknown ENV '$(ENV)': there is no terraform/environments/$(ENV).tfvars" >&2; exit 1; }
	@command -v openssl >/dev/null || { echo "error: openssl not found on PATH (Debian: apt-get install openssl)" >&2; exit 1; }
	@if [ "$(PUT)" = 1 ] && ! command -v aws >/dev/null; then \
	  echo "error: PUT=1 needs the aws CLI on PATH; without PUT=1 the command is printed instead" >&2; exit 1; fi
	@set -eu; umask 077; \
	  region=$$(sed -n 's/^region *= *"\([a-z0-9-]*\)".*/\1/p' terraform/environments/$(ENV).tfvars); \
	  dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT INT TERM; \
	  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$$dir/private.pem" 2>/dev/null; \
	  openssl pkey -in "$$dir/private.pem" -pubout -out "$$dir/public.pem"; \
	  install -m 0644 "$$dir/public.pem" $(SIGNING_KEY_PUBLIC); \
	  echo "==> wrote $(SIGNING_KEY_PUBLIC) (public key of a new RSA 2048 pair)"; \
	  if [ "$(PUT)" = 1 ]; then \
	    aws ssm put-parameter --region "$$region" --overwrite --type SecureString --key-id $(SIGNING_KEY_KMS_ALIAS) \
	      --name $(SIGNING_KEY_PARAMETER) --value "file://$$dir/private.pem" >/dev/null; \
	    echo "==> stored the private key in SSM Parameter Store: $(SIGNING_KEY_PARAMETER) ($$region, SecureString)"; \
	  else \
	    echo "==> store the private key (the lines below hold it: run them, do not save or share them):"; \
	    echo; \
	    echo "aws ssm put-parameter --region $$region --overwrite --type SecureString --key-id $(SIGNING_KEY_KMS_ALIAS) \\"; \
	    echo "  --name $(SIGNING_KEY_PARAMETER) \\"; \
	    printf "  --value '%s\n'\n" "$$(cat "$$dir/private.pem")"; \
	    echo; \
	  fi; \
	  echo "==> private key file deleted; now make plan ENV=$(ENV) && make apply ENV=$(ENV) to trust the new public key"

# Quota preflight: what ENV needs of the account's Service Quotas (registry caps, the tfvars'
# concurrency caps and worker task count) against what the account has in ENV's Region, with the
# credentials in the shell. Exit 1 with the `aws service-quotas request-service-quota-increase`
# lines to run when a quota is short. Before the first apply of an account (runbook).
.PHONY: preflight

preflight: $(NODE_STAMP) ## Compare ENV's needs with the account's Service Quotas; print the increases to request (exit 1 if any)
	@test -f terraform/environments/$(ENV).tfvars || { \
	  echo "error: unknown ENV '$(ENV)': there is no terraform/environments/$(ENV).tfvars" >&2; exit 1; }
	npx tsx src/cli/preflight-main.ts --env $(ENV)
