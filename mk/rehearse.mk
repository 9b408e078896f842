# The apply rehearsal: terraform/ applied for real to a local moto server, the system run on what
# Terraform created, then plans and the destroy. Not part of `make test` or CI: it needs the tofu
# build (`make tofu`, long the first time) and takes several minutes.
#
#   make rehearse   start moto on a free loopback port; make plan ENV=dev FIRST_APPLY=1 and make apply
#                   ENV=dev on a linked copy of the repository, with terraform/rehearsal/moto.tfvars
#                   and moto.backend.hcl layered on dev's files (TF_CLI_ARGS_plan/_init); read the
#                   functions' and the task definition's environment back from moto and run the
#                   pollers, the video worker and the API with it; npm run smoke against that; make
#                   plan ENV=dev (no changes expected), ENV=staging, ENV=dev again; tofu destroy.
#                   Last line: `N resources applied, smoke: X ready, Y failed, Z lost, second plan: ...`.
#                   REHEARSE_KEEP=1 keeps the work folder (logs, plans); a failed run always keeps it.
#
# README.md, "The apply rehearsal", says what it covers and what it does not.

.PHONY: rehearse

rehearse: $(NODE_STAMP) $(VENV_STAMP) tofu build ## Apply terraform/ (dev) to a local moto, run the system and the smoke test on it, plan again, destroy
	REHEARSE_TOFU=$(TOFU) TF_CLI_CONFIG_FILE=$(TOFU_CLI_CONFIG) node --import tsx src/local/rehearse-main.ts
