# Terraform for the ops team: one workspace, one tfvars file and one state backend per environment.
#
#   make plan  ENV=staging   build the Lambda zips, then in terraform/: init with
#                            environments/staging.backend.hcl, select workspace "staging"
#                            (create it only with FIRST_APPLY=1), plan with
#                            environments/staging.tfvars into staging.tfplan
#   make apply ENV=staging   apply exactly terraform/staging.tfplan, and only while the selected
#                            workspace is "staging"
#
# ENV must name a file terraform/environments/$(ENV).tfvars. TERRAFORM names the binary (default:
# terraform on PATH); TERRAFORM_DIR the root module (tests point it at a scratch copy).
#
# Each environment has its own Terraform data directory (TF_DATA_DIR=.terraform/env/<ENV>): its
# backend settings and its selected workspace live there, so planning staging after dev neither
# reuses dev's workspace record nor fails on it once the state bucket holds several workspaces.

TERRAFORM         ?= terraform
TERRAFORM_DIR     ?= $(ROOT)/terraform
TERRAFORM_ENVS    := $(sort $(basename $(notdir $(wildcard $(TERRAFORM_DIR)/environments/*.tfvars))))
TERRAFORM_VERSION := $(strip $(file < $(ROOT)/.terraform-version))
TERRAFORM_PLAN    := $(ENV).tfplan
TERRAFORM_SHOWDIR := $(patsubst $(ROOT)/%,%,$(TERRAFORM_DIR))
TERRAFORM_DATA    := .terraform/env/$(ENV)
TF                := cd "$(TERRAFORM_DIR)" && TF_DATA_DIR=$(TERRAFORM_DATA) $(TERRAFORM)

.PHONY: plan apply

# Checked when make reads this file, before any prerequisite is built, so a wrong ENV or a missing
# binary costs no build and prints one line.
ifneq ($(filter plan apply,$(MAKECMDGOALS)),)
  ifeq ($(TERRAFORM_ENVS),)
    $(error no environments: $(TERRAFORM_SHOWDIR)/environments/*.tfvars matches no file)
  endif
  ifneq ($(words $(ENV)) $(filter $(ENV),$(TERRAFORM_ENVS)),1 $(ENV))
    $(error unknown ENV '$(ENV)': choose one of $(TERRAFORM_ENVS) (the files $(TERRAFORM_SHOWDIR)/environments/*.tfvars))
  endif
  ifeq ($(wildcard $(TERRAFORM_DIR)/environments/$(ENV).backend.hcl),)
    $(error ENV=$(ENV) has no backend settings: $(TERRAFORM_SHOWDIR)/environments/$(ENV).backend.hcl is missing)
  endif
  ifeq ($(shell command -v $(TERRAFORM) 2>/dev/null),)
    $(error '$(TERRAFORM)' not found on PATH: install Terraform $(TERRAFORM_VERSION) (pinned in .terraform-version), e.g. with tfenv or from https://developer.hashicorp.com/terraform/install, or set TERRAFORM=/path/to/terraform)
  endif
  ifneq ($(TF_WORKSPACE),)
    $(error TF_WORKSPACE=$(TF_WORKSPACE) is set and would override the workspace chosen by ENV: unset it)
  endif
endif

plan: build ## Plan ENV into terraform/ENV.tfplan (backend, workspace and tfvars of ENV)
	@echo "==> terraform plan: ENV=$(ENV), workspace $(ENV), environments/$(ENV).tfvars"
	cd "$(TERRAFORM_DIR)" && rm -f $(TERRAFORM_PLAN)
	$(TF) init -input=false -reconfigure -backend-config=environments/$(ENV).backend.hcl
	@# A missing workspace means a first apply, or a backend key pointing at the wrong state: only
	@# the operator can tell, so it is created only when they say it is the first apply.
	@echo '$(TF) workspace select $(ENV)'; $(TF) workspace select $(ENV) || { \
	  if [ "$(FIRST_APPLY)" = 1 ]; then echo '$(TF) workspace new $(ENV)'; $(TF) workspace new $(ENV); \
	  else echo "error: workspace '$(ENV)' does not exist in the state backend of environments/$(ENV).backend.hcl. If this is $(ENV)'s first apply, run make plan ENV=$(ENV) FIRST_APPLY=1; otherwise check the bucket and key in that file" >&2; exit 1; fi; }
	$(TF) plan -input=false -var-file=environments/$(ENV).tfvars -out=$(TERRAFORM_PLAN)
	@echo "==> saved $(TERRAFORM_SHOWDIR)/$(TERRAFORM_PLAN); apply exactly this plan with: make apply ENV=$(ENV)"

# The saved plan carries the variables, so apply takes no -var-file. The workspace check stops a
# plan made for one environment from being applied while another one's backend and workspace are
# selected (a later `make plan ENV=other` re-initialises the same working directory). An applied
# plan is stale, so it is removed: a second apply asks for a new plan.
apply: ## Apply exactly the saved terraform/ENV.tfplan, only in workspace ENV
	@test -f "$(TERRAFORM_DIR)/$(TERRAFORM_PLAN)" || { \
	  echo "error: no saved plan $(TERRAFORM_SHOWDIR)/$(TERRAFORM_PLAN): run make plan ENV=$(ENV) first" >&2; exit 1; }
	@workspace=$$($(TF) workspace show); \
	  if [ "$$workspace" != "$(ENV)" ]; then \
	    echo "error: the selected Terraform workspace is '$$workspace', not '$(ENV)': run make plan ENV=$(ENV), then make apply ENV=$(ENV)" >&2; \
	    exit 1; \
	  fi
	@echo "==> terraform apply: ENV=$(ENV), workspace $(ENV), $(TERRAFORM_SHOWDIR)/$(TERRAFORM_PLAN)"
	$(TF) apply -input=false $(TERRAFORM_PLAN)
	rm -f "$(TERRAFORM_DIR)/$(TERRAFORM_PLAN)"
