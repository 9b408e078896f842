# The video-transcode worker's container image. Included by the top-level Makefile.
#
#   make image ENV=staging   make build, then build the Dockerfile for linux/amd64 with docker
#                            buildx, log in to ECR and push it as
#                            <account>.dkr.ecr.<region>.amazonaws.com/<project>-<env>-video-transcode:<commit>,
#                            and print the worker_image_tag to set in environments/<env>.tfvars
#
# The repository URL is read from `terraform output` when terraform/ is already initialised with
# workspace ENV selected (as `make plan ENV=...` leaves it); otherwise it is computed the way
# Terraform names the repository: the account from `aws sts get-caller-identity`, the region (and
# the project, when set) from environments/ENV.tfvars. Nothing here runs `terraform init` or
# switches workspaces, so a saved plan stays valid.
#
# The tag is the commit (ECR tags are immutable): a tree with uncommitted or untracked changes is
# refused, and a commit already pushed is not pushed again. No Docker engine runs on the
# development machine; run this where one does (CI, a workstation) with AWS credentials for ENV.

DOCKER             ?= docker
AWS                ?= aws
TERRAFORM          ?= terraform
TERRAFORM_DIR      ?= $(ROOT)/terraform
IMAGE_WORKER       := video-transcode
IMAGE_PLATFORM     := linux/amd64
# The root module's output mapping each Fargate worker to its repository's URL (terraform/video.tf).
IMAGE_REPO_OUTPUT  ?= worker_repository_urls

.PHONY: image

# Checked when make reads this file, before `make build`, so each refusal costs nothing and is one line.
ifneq ($(filter image,$(MAKECMDGOALS)),)
  IMAGE_ENVS := $(sort $(basename $(notdir $(wildcard $(TERRAFORM_DIR)/environments/*.tfvars))))
  ifneq ($(words $(ENV)) $(filter $(ENV),$(IMAGE_ENVS)),1 $(ENV))
    $(error unknown ENV '$(ENV)': choose one of $(IMAGE_ENVS) (the files $(patsubst $(ROOT)/%,%,$(TERRAFORM_DIR))/environments/*.tfvars))
  endif
  ifeq ($(shell command -v $(DOCKER) 2>/dev/null),)
    $(error '$(DOCKER)' not found on PATH: make image needs Docker with buildx (https://docs.docker.com/engine/install/); no Docker runs on the development machine, so run it in CI or on a workstation)
  endif
  ifneq ($(shell $(DOCKER) buildx version >/dev/null 2>&1 && echo ok),ok)
    $(error '$(DOCKER) buildx' is not available: install the Docker buildx plugin (https://docs.docker.com/build/concepts/overview/#install-buildx))
  endif
  ifeq ($(shell command -v $(AWS) 2>/dev/null),)
    $(error '$(AWS)' not found on PATH: make image needs the AWS CLI (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) signed in to ENV's account)
  endif
  IMAGE_COMMIT := $(shell git -C $(ROOT) rev-parse --verify --quiet HEAD 2>/dev/null)
  ifeq ($(IMAGE_COMMIT),)
    $(error no git commit to tag the image with: make image runs in a git checkout with at least one commit)
  endif
  ifneq ($(shell git -C $(ROOT) status --porcelain 2>/dev/null | head -n 1),)
    $(error the git tree has uncommitted or untracked changes: the image tag must name a commit, so commit them (or stash them) and run make image ENV=$(ENV) again)
  endif
  image_tfvar = $(shell sed -n 's/^[[:space:]]*$(1)[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' $(TERRAFORM_DIR)/environments/$(ENV).tfvars | head -n 1)
  IMAGE_REGION := $(call image_tfvar,region)
  IMAGE_PROJECT := $(or $(call image_tfvar,project),$(shell sed -n '/^variable "project"/,/^}/s/^[[:space:]]*default[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' $(TERRAFORM_DIR)/variables.tf))
  ifeq ($(IMAGE_REGION),)
    $(error $(patsubst $(ROOT)/%,%,$(TERRAFORM_DIR))/environments/$(ENV).tfvars sets no region = "...")
  endif
  ifeq ($(IMAGE_PROJECT),)
    $(error no project name: neither environments/$(ENV).tfvars nor variables.tf gives project one)
  endif
endif

# --provenance=false: the plain single-platform image manifest Fargate pulls, without the
# attestation manifests buildx adds by default (ECR lists those as untagged images beside it).
image: build ## Build the video worker's image (linux/amd64) and push it to ENV's ECR repository, tagged with the commit
	@account=$$($(AWS) sts get-caller-identity --query Account --output text) || { \
	  echo "error: aws sts get-caller-identity failed: sign in to ENV=$(ENV)'s account first (aws sso login, or AWS_PROFILE)" >&2; exit 1; }; \
	repository=; from="terraform output $(IMAGE_REPO_OUTPUT)"; \
	if command -v $(TERRAFORM) >/dev/null 2>&1 && [ "$$(cd "$(TERRAFORM_DIR)" && $(TERRAFORM) workspace show 2>/dev/null)" = "$(ENV)" ]; then \
	  repository=$$(cd "$(TERRAFORM_DIR)" && $(TERRAFORM) output -json $(IMAGE_REPO_OUTPUT) 2>/dev/null | \
	    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { try { process.stdout.write(JSON.parse(s)[process.argv[1]] ?? ""); } catch {} })' $(IMAGE_WORKER)) || repository=; \
	fi; \
	case "$$repository" in *.dkr.ecr.*.amazonaws.com/*) ;; \
	  *) repository=$$account.dkr.ecr.$(IMAGE_REGION).amazonaws.com/$(IMAGE_PROJECT)-$(ENV)-$(IMAGE_WORKER); \
	     from="account $$account, $(IMAGE_REGION) and $(IMAGE_PROJECT) from environments/$(ENV).tfvars";; \
	esac; \
	image=$$repository:$(IMAGE_COMMIT); \
	echo "==> image $$image ($$from)"; \
	if $(AWS) ecr describe-images --region $(IMAGE_REGION) --repository-name "$${repository#*/}" --image-ids imageTag=$(IMAGE_COMMIT) >/dev/null 2>&1; then \
	  echo "    already in ECR (tags are immutable): nothing to push"; \
	else \
	  $(AWS) ecr get-login-password --region $(IMAGE_REGION) | $(DOCKER) login --username AWS --password-stdin "$${repository%%/*}"; \
	  $(DOCKER) buildx build --platform $(IMAGE_PLATFORM) --provenance=false --file "$(ROOT)/Dockerfile" --tag "$$image" --push "$(ROOT)"; \
	  echo "==> pushed $$image"; \
	fi; \
	echo "    deploy it: set in $(patsubst $(ROOT)/%,%,$(TERRAFORM_DIR))/environments/$(ENV).tfvars, then make plan ENV=$(ENV) && make apply ENV=$(ENV)"; \
	echo "worker_image_tag = \"$(IMAGE_COMMIT)\""
