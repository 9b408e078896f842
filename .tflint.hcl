# tflint configuration for terraform/ (used by `make iac-check` and test/iac/tflint.test.ts).
# Only plugins that exist locally: tflint never downloads anything (`tflint --init` is not needed).
config {
  # Inspect the modules that terraform/ calls through local paths, with the caller's values.
  call_module_type = "local"
}

# Bundled with the tflint binary: Terraform language rules, the "recommended" preset
# (deprecated syntax, unused declarations, typed and documented variables, pinned versions, ...).
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# This project's own plugin (tools/iac/tflint-ruleset-album, built by `make iac-tools` into
# .tools/tflint-plugins): the value ranges and enumerations the AWS APIs enforce, for the
# resource types we use. tflint-ruleset-aws itself is not served by the Go module proxy here.
plugin "album" {
  enabled = true
}
