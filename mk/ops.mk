# Operations helpers for the ops team.
#
# The media signing key rotates in three steps (terraform/README.md: Rotate the media signing key),
# so no media URL stops working:
#
#   make signing-key ENV=prod PUT=1   step 1: a new RSA 2048 key pair. The public half goes to
#                                     terraform/environments/prod.media-signing-key.<label>.pub.pem
#                                     (<label> the UTC time, such as 20261204t2230): the next apply
#                                     adds it to the key group beside the key in use. The private
#                                     half goes to the SecureString <parameter>-next, which the API
#                                     never reads. Without PUT=1 the `aws ssm put-parameter` command
#                                     is printed instead (it holds the key: run it, do not save it).
#   make signing-key-activate ENV=prod LABEL=<label>
#                                     step 2, after the apply: the pending private key and its public
#                                     key's ID (looked up in CloudFront by the key's name) written
#                                     together, as one JSON value, to the parameter the API reads,
#                                     then <parameter>-next deleted. Every API container signs with
#                                     it within 5 minutes (src/api/signing-key.ts). Refuses a private
#                                     key that is not the pair of the label's committed public key.
#   step 3 is a commit: remove the old key's .pub.pem, plan and apply.
#
# Both need `aws` on PATH and credentials for the environment's account (activate always; signing-key
# with PUT=1). Private keys exist only in a temporary folder created with umask 077, removed on exit.

# Where the environments' tfvars and public keys are (tests point it at a scratch copy).
SIGNING_KEY_ENVIRONMENTS ?= terraform/environments
# The project as Terraform names it: from the tfvars when set there, else the root's default.
SIGNING_KEY_PROJECT   ?= $(or $(shell sed -n 's/^[[:space:]]*project[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).tfvars 2>/dev/null | head -n 1),$(shell sed -n '/^variable "project"/,/^}/s/^[[:space:]]*default[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' terraform/variables.tf))
SIGNING_KEY_PARAMETER := /$(SIGNING_KEY_PROJECT)/$(ENV)/cloudfront/media-signing-key
SIGNING_KEY_PENDING   := $(SIGNING_KEY_PARAMETER)-next
# The environment's customer managed key (modules/kms, alias <project>-<env>), which the API's role
# may decrypt with; it exists after the first apply.
SIGNING_KEY_KMS_ALIAS := alias/$(SIGNING_KEY_PROJECT)-$(ENV)
# The public keys' names start with <project>-<env>-media-<label>- (modules/cdn).
SIGNING_KEY_NAME      := $(SIGNING_KEY_PROJECT)-$(ENV)-media
SIGNING_KEY_REGION    = $(shell sed -n 's/^region *= *"\([a-z0-9-]*\)".*/\1/p' $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).tfvars)

.PHONY: signing-key signing-key-activate

signing-key-env-check = @test -f $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).tfvars || { \
	  echo "error: unknown ENV '$(ENV)': there is no $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).tfvars" >&2; exit 1; }

signing-key: ## Rotation step 1: new media signing key pair for ENV, public key into terraform/environments/, private key to SSM <parameter>-next (PUT=1) or the printed command
	$(signing-key-env-check)
	@command -v openssl >/dev/null || { echo "error: openssl not found on PATH (Debian: apt-get install openssl)" >&2; exit 1; }
	@if [ "$(PUT)" = 1 ] && ! command -v aws >/dev/null; then \
	  echo "error: PUT=1 needs the aws CLI on PATH; without PUT=1 the command is printed instead" >&2; exit 1; fi
	@# A third key would leave the API nothing certain to switch from: finish the rotation under way.
	@count=$$(ls $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key*.pub.pem 2>/dev/null | wc -l); \
	  if [ "$$count" -ge 2 ]; then \
	    echo "error: $(SIGNING_KEY_ENVIRONMENTS)/ already holds $$count media signing keys for $(ENV): a rotation is under way. Finish it first (terraform/README.md: Rotate the media signing key, step 3)" >&2; exit 1; fi
	@set -eu; umask 077; \
	  label=$$(date -u +%Y%m%dt%H%M); public=$(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key.$$label.pub.pem; \
	  region="$(SIGNING_KEY_REGION)"; \
	  dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT INT TERM; \
	  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$$dir/private.pem" 2>/dev/null; \
	  openssl pkey -in "$$dir/private.pem" -pubout -out "$$dir/public.pem"; \
	  install -m 0644 "$$dir/public.pem" "$$public"; \
	  echo "==> wrote $$public (public key of a new RSA 2048 pair, label $$label)"; \
	  if [ "$(PUT)" = 1 ]; then \
	    aws ssm put-parameter --region "$$region" --overwrite --type SecureString --key-id $(SIGNING_KEY_KMS_ALIAS) \
	      --name $(SIGNING_KEY_PENDING) --value "file://$$dir/private.pem" >/dev/null; \
	    echo "==> stored the private key, pending, in SSM Parameter Store: $(SIGNING_KEY_PENDING) ($$region, SecureString)"; \
	  else \
	    echo "==> store the private key, pending (the lines below hold it: run them, do not save or share them):"; \
	    echo; \
	    echo "aws ssm put-parameter --region $$region --overwrite --type SecureString --key-id $(SIGNING_KEY_KMS_ALIAS) \\"; \
	    echo "  --name $(SIGNING_KEY_PENDING) \\"; \
	    printf "  --value '%s\n'\n" "$$(cat "$$dir/private.pem")"; \
	    echo; \
	  fi; \
	  echo "==> private key file deleted. Next: commit $$public, make plan ENV=$(ENV) && make apply ENV=$(ENV) (the key group then trusts both keys),"; \
	  echo "    wait for CloudFront (runbook), then make signing-key-activate ENV=$(ENV) LABEL=$$label"

signing-key-activate: ## Rotation step 2: switch the API to ENV's key LABEL (its ID and pending private key written together to SSM)
	$(signing-key-env-check)
	@test -n "$(LABEL)" || { echo "error: LABEL is required: the <label> of $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key.<label>.pub.pem that step 1 wrote" >&2; exit 1; }
	@test -f $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key.$(LABEL).pub.pem || { \
	  echo "error: there is no $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key.$(LABEL).pub.pem" >&2; exit 1; }
	@command -v aws >/dev/null || { echo "error: the aws CLI is not on PATH" >&2; exit 1; }
	@command -v openssl >/dev/null || { echo "error: openssl not found on PATH (Debian: apt-get install openssl)" >&2; exit 1; }
	@set -eu; umask 077; \
	  region="$(SIGNING_KEY_REGION)"; \
	  dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT INT TERM; \
	  ids=$$(aws cloudfront list-public-keys --query "PublicKeyList.Items[?starts_with(Name, '$(SIGNING_KEY_NAME)-$(LABEL)-')].Id" --output text); \
	  if [ -z "$$ids" ] || [ "$$ids" = None ] || [ "$$(echo $$ids | wc -w)" -ne 1 ]; then \
	    echo "error: expected one CloudFront public key named $(SIGNING_KEY_NAME)-$(LABEL)-*, found: '$$ids'. Apply step 1 first (make plan ENV=$(ENV) && make apply ENV=$(ENV))" >&2; exit 1; fi; \
	  aws ssm get-parameter --region "$$region" --with-decryption --name $(SIGNING_KEY_PENDING) \
	    --query Parameter.Value --output text > "$$dir/private.pem"; \
	  openssl pkey -in "$$dir/private.pem" -pubout -out "$$dir/public.pem"; \
	  if ! cmp -s "$$dir/public.pem" $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key.$(LABEL).pub.pem; then \
	    echo "error: $(SIGNING_KEY_PENDING) is not the private half of $(SIGNING_KEY_ENVIRONMENTS)/$(ENV).media-signing-key.$(LABEL).pub.pem: nothing changed" >&2; exit 1; fi; \
	  node -e 'const fs = require("node:fs"); fs.writeFileSync(process.argv[3], JSON.stringify({ keyPairId: process.argv[1], privateKey: fs.readFileSync(process.argv[2], "utf8") }))' \
	    "$$ids" "$$dir/private.pem" "$$dir/value.json"; \
	  aws ssm put-parameter --region "$$region" --overwrite --type SecureString --key-id $(SIGNING_KEY_KMS_ALIAS) \
	    --name $(SIGNING_KEY_PARAMETER) --value "file://$$dir/value.json" >/dev/null; \
	  aws ssm delete-parameter --region "$$region" --name $(SIGNING_KEY_PENDING); \
	  echo "==> $(SIGNING_KEY_PARAMETER) now holds key $(LABEL) (key pair ID $$ids); $(SIGNING_KEY_PENDING) deleted"; \
	  echo "    every API container signs with it within 5 minutes; remove the old key (step 3) no sooner than media_url_ttl_seconds + 5 minutes from now"

# Quota preflight: what ENV needs of the account's Service Quotas (registry caps, the tfvars'
# concurrency caps and worker task count) against what the account has in ENV's Region, with the
# credentials in the shell. Exit 1 with the `aws service-quotas request-service-quota-increase`
# lines to run when a quota is short. Before the first apply of an account (runbook).
.PHONY: preflight

preflight: $(NODE_STAMP) ## Compare ENV's needs with the account's Service Quotas; print the increases to request (exit 1 if any)
	@test -f terraform/environments/$(ENV).tfvars || { \
	  echo "error: unknown ENV '$(ENV)': there is no terraform/environments/$(ENV).tfvars" >&2; exit 1; }
	npx tsx src/cli/preflight-main.ts --env $(ENV)
