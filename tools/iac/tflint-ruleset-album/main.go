// Command tflint-ruleset-album is this project's tflint plugin: AWS value checks (ranges and
// enumerations the AWS APIs enforce) for the resource types our Terraform uses. It stands in for
// tflint-ruleset-aws, which the Go module proxy does not serve here; see README.md.
package main

import (
	"github.com/terraform-linters/tflint-plugin-sdk/plugin"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// version is the plugin's own version; bump it when rules change.
const version = "0.1.0"

func main() {
	plugin.Serve(&plugin.ServeOpts{
		RuleSet: &tflint.BuiltinRuleSet{
			Name:    "album",
			Version: version,
			Rules:   Rules(),
		},
	})
}
