# Publishing the web app to an environment.
#
#   make deploy-web ENV=staging          upload dist/web (built first when missing) to staging's web
#                                        bucket, config.json from the web_config output, then
#                                        invalidate the changed unhashed paths (src/cli/deploy-web.ts)
#   make deploy-web ENV=staging DRY_RUN=1  print what it would upload and invalidate, change nothing
#   make deploy-web ENV=staging FORCE=1  upload every file, changed or not (after a header change)
#
# It reads the Terraform outputs of ENV like make apply does: TERRAFORM names the binary,
# TERRAFORM_DIR the root module, and the selected workspace must be ENV (make plan ENV=... selects
# it). WEB_DIST names another build to publish (default dist/web, the only one make builds). The
# aws CLI runs with the shell's credentials (AWS_PROFILE=...).

TERRAFORM     ?= terraform
TERRAFORM_DIR ?= $(ROOT)/terraform
WEB_DIST      ?= $(ROOT)/dist/web
WEB_ENVS      := $(sort $(basename $(notdir $(wildcard $(TERRAFORM_DIR)/environments/*.tfvars))))

.PHONY: deploy-web

# Checked when make reads this file, so a wrong ENV or a missing tool costs no build.
ifneq ($(filter deploy-web,$(MAKECMDGOALS)),)
  ifneq ($(words $(ENV)) $(filter $(ENV),$(WEB_ENVS)),1 $(ENV))
    $(error unknown ENV '$(ENV)': choose one of $(WEB_ENVS) (the files terraform/environments/*.tfvars))
  endif
  ifeq ($(shell command -v $(TERRAFORM) 2>/dev/null),)
    $(error '$(TERRAFORM)' not found on PATH: install Terraform (pinned in .terraform-version) or set TERRAFORM=/path/to/terraform)
  endif
  ifeq ($(shell command -v aws 2>/dev/null),)
    $(error the aws CLI is not on PATH: install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html))
  endif
  ifneq ($(TF_WORKSPACE),)
    $(error TF_WORKSPACE=$(TF_WORKSPACE) is set and would override the workspace chosen by ENV: unset it)
  endif
endif

deploy-web: $(NODE_STAMP) ## Publish dist/web to ENV's web bucket with config.json, invalidate what changed (DRY_RUN=1 to preview)
	@if [ ! -f "$(WEB_DIST)/index.html" ]; then \
	  if [ "$(abspath $(WEB_DIST))" != "$(ROOT)/dist/web" ]; then \
	    echo "error: no $(WEB_DIST)/index.html (make builds only dist/web)" >&2; exit 1; \
	  fi; \
	  echo "==> no dist/web/index.html: building the web app (node build.mjs --only web)"; \
	  node build.mjs --only web; \
	fi
	node --import tsx src/cli/deploy-web-main.ts --env $(ENV) --dist "$(WEB_DIST)" \
	  --terraform "$(TERRAFORM)" --terraform-dir "$(TERRAFORM_DIR)" \
	  $(if $(filter 1,$(DRY_RUN)),--dry-run) $(if $(filter 1,$(FORCE)),--force)
