package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// check is one attribute of one resource type whose value AWS constrains. Path lists the nested
// blocks leading to the attribute. Exactly one of the constraint fields is set.
type check struct {
	Name     string // rule name; default album_<resource without aws_>_<attr>
	Resource string
	Path     []string
	Attr     string
	Min, Max *int     // inclusive integer range
	Ints     []int    // allowed integers
	Strings  []string // allowed strings (also applied to each element of a list of strings)
	List     bool     // the attribute is a list of strings
	MaxItems int      // for List: most elements allowed (0: no limit)
	Doc      string   // where the limit is documented
}

func between(min, max int) (*int, *int) { return &min, &max }

func rng(resource string, path []string, attr string, min, max int, doc string) check {
	lo, hi := between(min, max)
	return check{Resource: resource, Path: path, Attr: attr, Min: lo, Max: hi, Doc: doc}
}

func enum(resource string, path []string, attr string, values []string, doc string) check {
	return check{Resource: resource, Path: path, Attr: attr, Strings: values, Doc: doc}
}

func named(name string, c check) check {
	c.Name = name
	return c
}

const (
	docSQS     = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html"
	docLambda  = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"
	docESM     = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html"
	docKMS     = "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html"
	docKMSRot  = "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html"
	docCW      = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"
	docLogs    = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"
	docDDB     = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html"
	docS3Own   = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_OwnershipControlsRule.html"
	docS3SSE   = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html"
	docS3Acc   = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_AccelerateConfiguration.html"
	docS3Ver   = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_VersioningConfiguration.html"
	docSNS     = "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html"
	docECS     = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html"
	docECSSvc  = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"
	docCF      = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html"
	docCFCache = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DefaultCacheBehavior.html"
)

var none []string

// checks is the rule table. Each entry becomes one rule, named album_<resource>_<attr> unless it
// sets Name.
var checks = []check{
	// SQS queue attributes.
	rng("aws_sqs_queue", none, "visibility_timeout_seconds", 0, 43200, docSQS),
	rng("aws_sqs_queue", none, "message_retention_seconds", 60, 1209600, docSQS),
	rng("aws_sqs_queue", none, "delay_seconds", 0, 900, docSQS),
	rng("aws_sqs_queue", none, "receive_wait_time_seconds", 0, 20, docSQS),
	rng("aws_sqs_queue", none, "max_message_size", 1024, 1048576, docSQS),
	rng("aws_sqs_queue", none, "kms_data_key_reuse_period_seconds", 60, 86400, docSQS),
	// Lambda functions and their SQS event source mappings.
	rng("aws_lambda_function", none, "memory_size", 128, 10240, docLambda),
	rng("aws_lambda_function", none, "timeout", 1, 900, docLambda),
	rng("aws_lambda_function", []string{"ephemeral_storage"}, "size", 512, 10240, docLambda),
	{Resource: "aws_lambda_function", Attr: "architectures", List: true, MaxItems: 1,
		Strings: []string{"arm64", "x86_64"}, Doc: docLambda},
	rng("aws_lambda_event_source_mapping", []string{"scaling_config"}, "maximum_concurrency", 2, 1000, docESM),
	rng("aws_lambda_event_source_mapping", none, "batch_size", 1, 10000, docESM),
	rng("aws_lambda_event_source_mapping", none, "maximum_batching_window_in_seconds", 0, 300, docESM),
	{Resource: "aws_lambda_event_source_mapping", Attr: "function_response_types", List: true,
		Strings: []string{"ReportBatchItemFailures"}, Doc: docESM},
	// KMS keys.
	rng("aws_kms_key", none, "deletion_window_in_days", 7, 30, docKMS),
	rng("aws_kms_key", none, "rotation_period_in_days", 90, 2560, docKMSRot),
	rng("aws_kms_replica_key", none, "deletion_window_in_days", 7, 30, docKMS),
	// CloudWatch alarms and logs.
	enum("aws_cloudwatch_metric_alarm", none, "comparison_operator", []string{
		"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
		"LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"}, docCW),
	enum("aws_cloudwatch_metric_alarm", none, "statistic", []string{"SampleCount", "Average", "Sum", "Minimum", "Maximum"}, docCW),
	enum("aws_cloudwatch_metric_alarm", none, "treat_missing_data", []string{"missing", "ignore", "breaching", "notBreaching"}, docCW),
	rng("aws_cloudwatch_metric_alarm", none, "evaluation_periods", 1, 1<<30, docCW),
	{Resource: "aws_cloudwatch_log_group", Attr: "retention_in_days", Doc: docLogs,
		Ints: []int{0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}},
	// DynamoDB.
	enum("aws_dynamodb_table", none, "billing_mode", []string{"PROVISIONED", "PAY_PER_REQUEST"}, docDDB),
	enum("aws_dynamodb_table", none, "stream_view_type", []string{"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}, docDDB),
	enum("aws_dynamodb_table", none, "table_class", []string{"STANDARD", "STANDARD_INFREQUENT_ACCESS"}, docDDB),
	named("album_dynamodb_table_attribute_type",
		enum("aws_dynamodb_table", []string{"attribute"}, "type", []string{"S", "N", "B"}, docDDB)),
	// S3.
	enum("aws_s3_bucket_ownership_controls", []string{"rule"}, "object_ownership",
		[]string{"BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"}, docS3Own),
	enum("aws_s3_bucket_server_side_encryption_configuration", []string{"rule", "apply_server_side_encryption_by_default"},
		"sse_algorithm", []string{"AES256", "aws:kms", "aws:kms:dsse"}, docS3SSE),
	enum("aws_s3_bucket_accelerate_configuration", none, "status", []string{"Enabled", "Suspended"}, docS3Acc),
	enum("aws_s3_bucket_versioning", []string{"versioning_configuration"}, "status", []string{"Enabled", "Suspended", "Disabled"}, docS3Ver),
	// SNS.
	enum("aws_sns_topic_subscription", none, "protocol", []string{
		"application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"}, docSNS),
	// ECS (Fargate video worker).
	enum("aws_ecs_task_definition", []string{"runtime_platform"}, "cpu_architecture", []string{"X86_64", "ARM64"}, docECS),
	enum("aws_ecs_service", none, "launch_type", []string{"EC2", "FARGATE", "EXTERNAL"}, docECSSvc),
	// CloudFront.
	enum("aws_cloudfront_distribution", none, "price_class", []string{"PriceClass_All", "PriceClass_200", "PriceClass_100"}, docCF),
	named("album_cloudfront_distribution_default_cache_behavior_viewer_protocol_policy",
		enum("aws_cloudfront_distribution", []string{"default_cache_behavior"}, "viewer_protocol_policy",
			[]string{"allow-all", "https-only", "redirect-to-https"}, docCFCache)),
	named("album_cloudfront_distribution_ordered_cache_behavior_viewer_protocol_policy",
		enum("aws_cloudfront_distribution", []string{"ordered_cache_behavior"}, "viewer_protocol_policy",
			[]string{"allow-all", "https-only", "redirect-to-https"}, docCFCache)),
}

// Rules returns one tflint rule per entry of the check table.
func Rules() []tflint.Rule {
	rules := make([]tflint.Rule, 0, len(checks))
	seen := map[string]bool{}
	for i := range checks {
		r := &valueRule{check: checks[i]}
		if seen[r.Name()] {
			panic("duplicate rule " + r.Name())
		}
		seen[r.Name()] = true
		rules = append(rules, r)
	}
	sort.Slice(rules, func(a, b int) bool { return rules[a].Name() < rules[b].Name() })
	return rules
}

type valueRule struct {
	tflint.DefaultRule
	check check
}

func (r *valueRule) Name() string {
	if r.check.Name != "" {
		return r.check.Name
	}
	return "album_" + strings.TrimPrefix(r.check.Resource, "aws_") + "_" + r.check.Attr
}

func (r *valueRule) Enabled() bool             { return true }
func (r *valueRule) Severity() tflint.Severity { return tflint.ERROR }
func (r *valueRule) Link() string              { return r.check.Doc }

func (r *valueRule) schema() *hclext.BodySchema {
	body := &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: r.check.Attr}}}
	for i := len(r.check.Path) - 1; i >= 0; i-- {
		body = &hclext.BodySchema{Blocks: []hclext.BlockSchema{{Type: r.check.Path[i], Body: body}}}
	}
	return body
}

func leafAttributes(body *hclext.BodyContent, path []string, attr string) []*hclext.Attribute {
	if body == nil {
		return nil
	}
	if len(path) == 0 {
		if a, ok := body.Attributes[attr]; ok {
			return []*hclext.Attribute{a}
		}
		return nil
	}
	var out []*hclext.Attribute
	for _, b := range body.Blocks {
		if b.Type == path[0] {
			out = append(out, leafAttributes(b.Body, path[1:], attr)...)
		}
	}
	return out
}

func (r *valueRule) where() string {
	return strings.Join(append(append([]string{}, r.check.Path...), r.check.Attr), ".")
}

func (r *valueRule) Check(runner tflint.Runner) error {
	content, err := runner.GetResourceContent(r.check.Resource, r.schema(), nil)
	if err != nil {
		return err
	}
	for _, res := range content.Blocks {
		for _, attr := range leafAttributes(res.Body, r.check.Path, r.check.Attr) {
			if err := r.checkAttr(runner, attr.Expr); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *valueRule) checkAttr(runner tflint.Runner, expr hcl.Expression) error {
	c := r.check
	emit := func(msg string) error { return runner.EmitIssue(r, msg, expr.Range()) }
	switch {
	case c.List:
		// Unknown, null and sensitive values are skipped by the callback form of EvaluateExpr.
		return runner.EvaluateExpr(expr, func(values []string) error {
			if c.MaxItems > 0 && len(values) > c.MaxItems {
				return emit(fmt.Sprintf("%s of %s takes at most %d value(s), not %d", c.Attr, c.Resource, c.MaxItems, len(values)))
			}
			for _, v := range values {
				if !slices.Contains(c.Strings, v) {
					return emit(fmt.Sprintf("%q is an invalid value as %s of %s: one of %s", v, r.where(), c.Resource, strings.Join(c.Strings, ", ")))
				}
			}
			return nil
		}, nil)
	case c.Strings != nil:
		return runner.EvaluateExpr(expr, func(v string) error {
			if !slices.Contains(c.Strings, v) {
				return emit(fmt.Sprintf("%q is an invalid value as %s of %s: one of %s", v, r.where(), c.Resource, strings.Join(c.Strings, ", ")))
			}
			return nil
		}, nil)
	case c.Ints != nil:
		return runner.EvaluateExpr(expr, func(v int) error {
			if !slices.Contains(c.Ints, v) {
				return emit(fmt.Sprintf("%d is an invalid value as %s of %s: one of %v", v, r.where(), c.Resource, c.Ints))
			}
			return nil
		}, nil)
	default:
		return runner.EvaluateExpr(expr, func(v int) error {
			if v < *c.Min || v > *c.Max {
				return emit(fmt.Sprintf("%d is out of range for %s of %s (%d-%d)", v, r.where(), c.Resource, *c.Min, *c.Max))
			}
			return nil
		}, nil)
	}
}
