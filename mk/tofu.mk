# Run the Terraform for real: OpenTofu and the hashicorp/aws provider, built from the Go module
# proxy, validate every module and run the `tofu test` suite against a mocked provider.
#
#   make tofu         build the pinned tofu and AWS provider into .tools/tofu (skipped when the
#                     pinned binaries are present; the first build takes long, see tools/tofu/README.md)
#   make validate-tf  tofu init -backend=false + tofu validate on terraform/ and on every module
#                     under terraform/modules, then tofu test (terraform/tests/*.tftest.hcl);
#                     fails on any error. TOFU_TF_DIR=path checks another root module.
#   make test-tf      only the tofu test suite (terraform/tests/*.tftest.hcl)
#   make test-tofu    the mocha test of all this (test/tofu/*.tofu.ts): validate-tf passes on
#                     terraform/, and fails on a fixture module with a misspelt argument
#
# Not part of `make test`: a fresh build takes about 40 minutes on this 2-core machine (see
# tools/tofu/README.md). To make it part of it, add test-tofu to test's prerequisites.
#
# Nothing touches a registry: tofu finds the provider in a filesystem mirror through the CLI
# configuration .tools/tofu/tofurc (from tools/tofu/tofurc.tmpl). The checks run in a scratch copy
# under .tools/tofu/work, so terraform/ never receives .terraform/ or a lock file holding the
# checksum of a locally built provider (which the registry's package would not match).
#
# The pins live in the wrapper modules' go.mod files (tools/tofu/opentofu, tools/tofu/aws-provider);
# TOFU_AWS_VERSION is the release the provider commit belongs to (checked against its
# version/VERSION file at build time), the version tofu sees in the mirror.

TOFU_SRC          := $(ROOT)/tools/tofu
TOFU_DIR          := $(TOOLS)/tofu
TOFU_TF_DIR       ?= $(ROOT)/terraform
TOFU_GO_P         ?= 2
# Scratch folder of validate-tf/test-tf; give concurrent runs (two worktrees, two helpers) their own.
TOFU_WORK         ?= $(TOFU_DIR)/work
TOFU_AWS_VERSION  := 6.47.1

# Read from the wrapper modules, so that go.mod is the one place a pin is written.
tofu_pin = $(shell awk '$$1 == "$(1)" { print $$2; exit }' $(TOFU_SRC)/$(2)/go.mod)
TOFU_VERSION      := $(call tofu_pin,github.com/opentofu/opentofu,opentofu)
TOFU_AWS_MODULE   := $(call tofu_pin,github.com/hashicorp/terraform-provider-aws,aws-provider)

TOFU_PLATFORM     := $(shell uname -s | tr A-Z a-z)_$(patsubst x86_64,amd64,$(patsubst aarch64,arm64,$(shell uname -m)))
TOFU              := $(TOFU_DIR)/opentofu-$(TOFU_VERSION)/tofu
TOFU_AWS_BUILD    := $(TOFU_DIR)/aws-$(TOFU_AWS_MODULE)/terraform-provider-aws
TOFU_MIRROR       := $(TOFU_DIR)/providers
TOFU_AWS_PROVIDER := $(TOFU_MIRROR)/registry.opentofu.org/hashicorp/aws/$(TOFU_AWS_VERSION)/$(TOFU_PLATFORM)/terraform-provider-aws_v$(TOFU_AWS_VERSION)
TOFU_CLI_CONFIG   := $(TOFU_DIR)/tofurc

# The same Go layout as mk/iac.mk: everything under .tools/go, nothing in $HOME. -mod=readonly:
# the wrapper's go.sum must already hold every checksum (make tofu-tidy refreshes it).
TOFU_GO_ENV := GOPATH=$(TOOLS)/go GOMODCACHE=$(TOOLS)/go/mod GOCACHE=$(TOOLS)/go/cache \
               XDG_CONFIG_HOME=$(TOOLS)/go/config GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 \
               GOFLAGS="-buildvcs=false -trimpath -modcacherw -mod=readonly"
# Builds share the machine: lowest CPU priority, TOFU_GO_P packages compiled at once.
TOFU_GO_BUILD := nice -n 19 env $(TOFU_GO_ENV) go build -p $(TOFU_GO_P)
# Wall time and peak memory of each build, kept beside the binary (GNU time, Debian package `time`).
tofu_timed = $(if $(wildcard /usr/bin/time),/usr/bin/time -v -o $(1),)
define tofu_report_build
	if [ -f $(1) ]; then \
	  awk -F': ' '/Elapsed \(wall clock\)/ { wall = $$2 } /Maximum resident set size/ { rss = $$2 } \
	    END { printf "    built in %s (m:ss), peak memory of one process %.1f GiB\n", wall, rss / 1048576 }' $(1); \
	fi
endef

# The environment every tofu command runs with: our CLI config, no plugin cache, no checkpoint calls.
TOFU_ENV := TF_CLI_CONFIG_FILE=$(TOFU_CLI_CONFIG) TF_PLUGIN_CACHE_DIR= TF_IN_AUTOMATION=1 \
            CHECKPOINT_DISABLE=1 TF_INPUT=0

.PHONY: tofu tofu-check validate-tf test-tf test-tofu tofu-tidy tofu-upstream-replaces

tofu: $(TOFU) $(TOFU_AWS_PROVIDER) $(TOFU_CLI_CONFIG) ## Build pinned OpenTofu and the AWS provider into .tools/tofu (skipped when present)

tofu-go-check = @command -v go >/dev/null || { echo "error: Go >= 1.26.6 is needed to build OpenTofu and the AWS provider (apt-get install golang-go, or the Go toolchain)" >&2; exit 1; }

# File targets named after the pinned version: a second run does nothing, a new pin builds anew.
$(TOFU):
	$(tofu-go-check)
	@mkdir -p $(@D)
	@echo "==> building OpenTofu $(TOFU_VERSION) from the Go module proxy into $(patsubst $(ROOT)/%,%,$@) (first time: about 6 minutes)"
	@cd $(TOFU_SRC)/opentofu && $(call tofu_timed,$(@D)/build-time.txt) $(TOFU_GO_BUILD) \
	  -ldflags="-s -w -X github.com/opentofu/opentofu/version.dev=no" -o $@.tmp github.com/opentofu/opentofu/cmd/tofu
	@mv $@.tmp $@
	@$(call tofu_report_build,$(@D)/build-time.txt)
	@echo "    $$(TF_CLI_CONFIG_FILE=/dev/null $@ version | head -1)"

$(TOFU_AWS_BUILD):
	$(tofu-go-check)
	@mkdir -p $(@D)
	@echo "==> building the hashicorp/aws provider $(TOFU_AWS_VERSION) ($(TOFU_AWS_MODULE)) from the Go module proxy into $(patsubst $(ROOT)/%,%,$(@D)) (first time: about 35-40 minutes, up to 9 GiB of memory)"
	@cd $(TOFU_SRC)/aws-provider && env $(TOFU_GO_ENV) go mod download github.com/hashicorp/terraform-provider-aws
	@upstream=$$(cd $(TOFU_SRC)/aws-provider && env $(TOFU_GO_ENV) go list -m -f '{{.Dir}}' github.com/hashicorp/terraform-provider-aws)/version/VERSION; \
	  if [ "$$(cat $$upstream)" != "$(TOFU_AWS_VERSION)" ]; then \
	    echo "error: $(TOFU_AWS_MODULE) is provider $$(cat $$upstream), but TOFU_AWS_VERSION in mk/tofu.mk says $(TOFU_AWS_VERSION)" >&2; exit 1; \
	  fi
	@cd $(TOFU_SRC)/aws-provider && $(call tofu_timed,$(@D)/build-time.txt) $(TOFU_GO_BUILD) \
	  -ldflags="-s -w -X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$(TOFU_AWS_VERSION)" \
	  -o $@.tmp github.com/hashicorp/terraform-provider-aws
	@mv $@.tmp $@
	@$(call tofu_report_build,$(@D)/build-time.txt)

# The unpacked filesystem-mirror layout tofu expects: HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/.
$(TOFU_AWS_PROVIDER): $(TOFU_AWS_BUILD)
	@rm -rf $(TOFU_MIRROR) && mkdir -p $(@D)
	@ln $< $@ 2>/dev/null || cp $< $@
	@echo "==> provider mirror: $(patsubst $(ROOT)/%,%,$(TOFU_MIRROR)) (hashicorp/aws $(TOFU_AWS_VERSION), $(TOFU_PLATFORM))"

$(TOFU_CLI_CONFIG): $(TOFU_SRC)/tofurc.tmpl
	@mkdir -p $(@D)
	@sed 's|@MIRROR@|$(TOFU_MIRROR)|g' $< > $@

validate-tf: tofu ## Validate terraform/ and every module with OpenTofu + the AWS provider, then run tofu test
	@$(TOFU_ENV) $(TOFU_SRC)/validate-tf.sh $(TOFU) $(TOFU_TF_DIR) $(TOFU_WORK) all

test-tf: tofu ## Run the tofu test suite (terraform/tests/*.tftest.hcl, mocked AWS provider)
	@$(TOFU_ENV) $(TOFU_SRC)/validate-tf.sh $(TOFU) $(TOFU_TF_DIR) $(TOFU_WORK) test

# The mocha test has its own spec (and mocha config), outside test/**/*.test.ts, so that `make test`
# does not run it unless test-tofu is made one of test's prerequisites.
test-tofu: $(NODE_STAMP) tofu ## Test validate-tf itself (mocha, test/tofu): passes on terraform/, fails on a misspelt argument
	npx mocha --config tools/tofu/mocharc.json

# Whether the pinned binaries are built, without building them (test/tofu asks this first, so that
# a missing build fails fast with the instruction instead of starting a long build under mocha).
tofu-check:
	@for f in $(TOFU) $(TOFU_AWS_PROVIDER); do \
	  [ -x $$f ] || { echo "error: $${f#$(ROOT)/} is missing: run make tofu (the first build takes long)" >&2; exit 1; }; \
	done
	@echo "$(TOFU)"
	@echo "$(TOFU_AWS_PROVIDER)"

# After changing a pin in tools/tofu/*/go.mod: rewrite both wrappers' go.mod/go.sum.
tofu-tidy:
	cd $(TOFU_SRC)/opentofu && env $(TOFU_GO_ENV) GOFLAGS="-modcacherw" go mod tidy
	cd $(TOFU_SRC)/aws-provider && env $(TOFU_GO_ENV) GOFLAGS="-modcacherw" go mod tidy

# The replace directives of the pinned upstream modules, which the wrappers must repeat.
tofu-upstream-replaces:
	@for w in opentofu:github.com/opentofu/opentofu aws-provider:github.com/hashicorp/terraform-provider-aws; do \
	  dir=$$(cd $(TOFU_SRC)/$${w%%:*} && env $(TOFU_GO_ENV) go mod download -json $${w#*:} | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'); \
	  echo "# $${w#*:} ($$dir)"; \
	  awk '/^replace \(/ { block = 1; next } block && /^\)/ { block = 0; next } block || /^replace / { print }' $$dir/go.mod; \
	done
