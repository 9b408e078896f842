# Infrastructure-as-code verification: HCL2 parse + reference integrity, checkov, tflint.
#
#   make iac-tools   install checkov (own venv), python-hcl2 (project venv), build tflint + plugin
#   make iac-check   run every check on terraform/ and print the results (all run, then it fails
#                    if any failed); IAC_DIR=path checks another root module
#
# Tools land in project-local folders only (nothing in $HOME):
#   .venv          project venv (moto, python-hcl2) from requirements.txt (+ requirements.lock)
#   .venv/iac      checkov's own venv: checkov pins boto3==1.35.49 and vendors `hcl2` as
#                  bc-python-hcl2, which clash with moto's newer boto3 and with python-hcl2
#   .tools/bin     tflint, built from the Go module proxy (GOPATH/GOCACHE under .tools/go)
#   .tools/tflint-plugins  tflint-ruleset-album, our AWS value rules (tools/iac/tflint-ruleset-album),
#                  standing in for tflint-ruleset-aws, which the Go module proxy does not serve here
# See tools/iac/README.md.

IAC_DIR        ?= terraform
IAC_VENV       := $(VENV)/iac
IAC_VENV_STAMP := $(IAC_VENV)/.install-stamp
CHECKOV        := $(IAC_VENV)/bin/checkov
IAC_REQS       := tools/iac/requirements-checkov.txt
IAC_LOCK       := tools/iac/requirements-checkov.lock

TFLINT_VERSION := v0.64.0
TFLINT_BIN_DIR := $(TOOLS)/bin
TFLINT         := $(TFLINT_BIN_DIR)/tflint
TFLINT_PLUGIN_DIR := $(TOOLS)/tflint-plugins
ALBUM_RULESET_SRC := tools/iac/tflint-ruleset-album
ALBUM_RULESET  := $(TFLINT_PLUGIN_DIR)/tflint-ruleset-album
TFLINT_CONFIG  := $(ROOT)/.tflint.hcl
IAC_GO_ENV     := GOPATH=$(TOOLS)/go GOMODCACHE=$(TOOLS)/go/mod GOCACHE=$(TOOLS)/go/cache \
                  GOBIN=$(TFLINT_BIN_DIR) XDG_CONFIG_HOME=$(TOOLS)/go/config \
                  GOTOOLCHAIN=local GOFLAGS="-buildvcs=false -trimpath -modcacherw" CGO_ENABLED=0

export TFLINT_PLUGIN_DIR

.PHONY: iac-tools iac-check iac-refs iac-checkov iac-tflint iac-lock

iac-tools: $(VENV_STAMP) $(IAC_VENV_STAMP) $(TFLINT) $(ALBUM_RULESET) ## Install the IaC checkers (checkov, python-hcl2, tflint + plugin)

# The project venv is also rebuilt when its lock changes (requirements.txt pulls it in with -c).
$(VENV_STAMP): requirements.lock

$(IAC_VENV_STAMP): $(IAC_REQS) $(IAC_LOCK)
	@echo "==> checkov virtual environment in .venv/iac"
	$(PYTHON) -m venv $(IAC_VENV)
	$(IAC_VENV)/bin/pip install --disable-pip-version-check --progress-bar off -q -r $(IAC_REQS) -c $(IAC_LOCK)
	@$(CHECKOV) --version | sed 's/^/    checkov /'
	@touch $@

# A file target: a second run does nothing once the binary exists.
$(TFLINT):
	@command -v go >/dev/null || { echo "error: Go is needed to build tflint (apt-get install golang-go, or Go >= 1.26)" >&2; exit 1; }
	@mkdir -p $(TFLINT_BIN_DIR) $(TFLINT_PLUGIN_DIR)
	@echo "==> building tflint $(TFLINT_VERSION) from the Go module proxy into .tools/bin (first time: a few minutes)"
	@start=$$(date +%s); \
	  $(IAC_GO_ENV) go install -ldflags="-s -w" github.com/terraform-linters/tflint@$(TFLINT_VERSION); \
	  echo "    built $$($@ --version | head -1) in $$(( $$(date +%s) - start ))s"

# The project's own tflint plugin (AWS value checks), rebuilt when its sources change. tflint finds
# it in TFLINT_PLUGIN_DIR by name, so .tflint.hcl needs no source/version and never downloads.
$(ALBUM_RULESET): $(ALBUM_RULESET_SRC)/go.mod $(ALBUM_RULESET_SRC)/go.sum $(wildcard $(ALBUM_RULESET_SRC)/*.go)
	@mkdir -p $(TFLINT_PLUGIN_DIR)
	@echo "==> building tflint plugin tflint-ruleset-album into .tools/tflint-plugins"
	@start=$$(date +%s); \
	  cd $(ALBUM_RULESET_SRC) && $(IAC_GO_ENV) go build -ldflags="-s -w" -o $@ . ; \
	  echo "    built in $$(( $$(date +%s) - start ))s"

iac-check: iac-tools ## Verify terraform/: HCL2 + references, checkov, tflint
	@$(MAKE) -k iac-refs iac-checkov iac-tflint

iac-refs: $(VENV_STAMP)
	@echo "==> HCL2 parse + reference integrity on $(IAC_DIR)/"
	$(VENV)/bin/python tools/iac/check_references.py --format text $(IAC_DIR)

iac-checkov: $(IAC_VENV_STAMP)
	@echo "==> checkov on $(IAC_DIR)/"
	$(CHECKOV) --quiet --compact --framework terraform --download-external-modules false \
	  --skip-download --directory $(IAC_DIR)

iac-tflint: $(TFLINT) $(ALBUM_RULESET)
	@echo "==> tflint on $(IAC_DIR)/ ($$($(TFLINT) --version | tr '\n' ' '))"
	$(TFLINT) --config $(TFLINT_CONFIG) --chdir $(IAC_DIR) --recursive --format compact
	@echo "    tflint: no issues"

# Refresh the pins after changing requirements: make iac-lock
iac-lock: $(IAC_VENV_STAMP)
	$(IAC_VENV)/bin/pip freeze --exclude-editable | LC_ALL=C sort > $(IAC_LOCK)
	$(VENV)/bin/pip freeze --exclude-editable | LC_ALL=C sort > requirements.lock
