/**
 * Issue 7's delivery and operations properties, read from the parsed Terraform (python-hcl2):
 * the CloudFront media origin behind Origin Access Control with signed URLs, no caching on the
 * API, the TLS floor and protocols, point-in-time recovery on every table replica, a DLQ alarm per
 * registry processor, and one variable file per environment with the differences prod needs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

import { block, parseHcl } from '../support/hcl.js';
import { TERRAFORM_DIR } from './tools.js';

type Hcl = Record<string, unknown>;

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

const asBlocks = (value: unknown): Hcl[] => (Array.isArray(value) ? (value as Hcl[]) : []);
const only = (value: unknown, what: string): Hcl => {
  const blocks = asBlocks(value);
  expect(blocks, what).to.have.length(1);
  return blocks[0]!;
};
/** One `resource "type" "name"` of a parsed file. */
const resource = (parsed: Hcl, type: string, name: string): Hcl => {
  const found = (block(parsed, 'resource', type) as unknown as Record<string, Hcl> | undefined)?.[name];
  if (!found) throw new Error(`no resource ${type}.${name}`);
  return found;
};
/** A `variable` block's default, or its whole block. */
const variable = (parsed: Hcl, name: string): Hcl => {
  const found = (block(parsed, 'variable') as unknown as Record<string, Hcl>)[name];
  if (!found) throw new Error(`no variable ${name}`);
  return found;
};
/** `${local.x}` replaced by the local's value when x is a plain literal local. */
const resolve = (expression: unknown, locals: Record<string, unknown>): unknown => {
  const match = typeof expression === 'string' ? /^\$\{local\.(\w+)\}$/.exec(expression) : null;
  return match ? locals[match[1]!] : expression;
};
/** `aws_x.name.id` out of an expression such as `${aws_x.name.id}`. */
const referenced = (expression: unknown, type: string, attribute: string): string => {
  const match = new RegExp(`^\\$\\{${type}\\.(\\w+)\\.${attribute}\\}$`).exec(String(expression));
  if (!match) throw new Error(`${String(expression)} is not a reference to ${type}.<name>.${attribute}`);
  return match[1]!;
};
/**
 * The resource a toggled local chooses while its `create_*` toggle is on (the default; only the
 * apply rehearsal on moto turns it off): `${local.x}` where x is
 * `${var.create_... ? aws_x.name[0].id : local.stand_in}`.
 */
const toggled = (expression: unknown, locals: Record<string, unknown>, type: string, attribute: string): string => {
  const chosen = resolve(expression, locals);
  const match = new RegExp(`^\\$\\{var\\.create_\\w+ \\? ${type}\\.(\\w+)\\[0\\]\\.${attribute} : local\\.\\w+\\}$`).exec(String(chosen));
  if (!match) throw new Error(`${String(chosen)} is not a toggled reference to ${type}.<name>[0].${attribute}`);
  return match[1]!;
};
/** The function a behaviour's `dynamic "function_association"` iterates over, with its event type. */
const associatedFunction = (behaviour: Hcl): { name: string; eventType: unknown } => {
  const dynamic = asBlocks(behaviour.dynamic).map((d) => d.function_association as Hcl | undefined).find(Boolean);
  expect(dynamic, 'a dynamic function_association').to.not.equal(undefined);
  const name = /^\$\{aws_cloudfront_function\.(\w+)\}$/.exec(String(dynamic!.for_each))?.[1];
  if (!name) throw new Error(`${String(dynamic!.for_each)} is not aws_cloudfront_function.<name>`);
  const content = only(dynamic!.content, 'function association content');
  expect(content.function_arn).to.equal('${function_association.value.arn}');
  return { name, eventType: content.event_type };
};

describe('IaC: delivery and operations (issue 7), from the parsed configuration', function () {
  this.timeout(60_000);

  const cdn = parseHcl('terraform/modules/cdn/main.tf');
  const cdnLocals = block(cdn, 'locals') as unknown as Record<string, unknown>;
  const cdnVariables = parseHcl('terraform/modules/cdn/variables.tf');
  const distribution = resource(cdn, 'aws_cloudfront_distribution', 'this');
  const behaviours = asBlocks(distribution.ordered_cache_behavior);
  const origins = asBlocks(distribution.origin);
  const delivery = parseHcl('terraform/delivery.tf');
  const cdnCall = block(delivery, 'module', 'cdn') as unknown as Hcl;
  const rootLocals = block(parseHcl('terraform/locals.tf'), 'locals') as unknown as Record<string, unknown>;
  const originOf = (behaviour: Hcl): Hcl => {
    const origin = origins.find((o) => o.origin_id === behaviour.target_origin_id);
    if (!origin) throw new Error(`behaviour ${String(behaviour.path_pattern)} targets no origin`);
    return origin;
  };

  describe('CloudFront', () => {
    it('serves /derived/* (the signed media URLs) from the derived bucket through OAC with a trusted key group', () => {
      // The root passes "/${local.derived_prefix}*": the URL path is the rendition's key.
      const media = cdnCall.media_origin as Hcl;
      expect(media.path_pattern).to.equal('/${local.derived_prefix}*');
      expect(rootLocals.derived_prefix).to.equal('derived/');
      expect(media.bucket_regional_domain_name).to.equal('${module.derived.bucket_regional_domain_name}');
      expect(variable(cdnVariables, 'media_origin').type).to.match(/path_pattern\s*=\s*optional\(string,\s*"\/derived\/\*"\)/);

      const behaviour = behaviours.find((b) => b.path_pattern === '${var.media_origin.path_pattern}');
      expect(behaviour, 'a behaviour for var.media_origin.path_pattern').to.not.equal(undefined);
      const origin = originOf(behaviour!);
      expect(origin.domain_name).to.equal('${var.media_origin.bucket_regional_domain_name}');
      expect(origin.s3_origin_config, 'OAC, not an origin access identity').to.equal(undefined);

      const oac = resource(cdn, 'aws_cloudfront_origin_access_control', referenced(origin.origin_access_control_id, 'aws_cloudfront_origin_access_control', 'id'));
      expect(oac).to.include({ origin_access_control_origin_type: 's3', signing_behavior: 'always', signing_protocol: 'sigv4' });

      const keyGroups = behaviour!.trusted_key_groups as string[];
      expect(keyGroups, 'signed URLs only').to.have.length(1);
      const keyGroup = resource(cdn, 'aws_cloudfront_key_group', referenced(keyGroups[0], 'aws_cloudfront_key_group', 'id'));
      // Every public key of the module, one per label of media_signing_public_keys (two mid-rotation), and nothing else.
      expect(keyGroup.items).to.equal('${[for label, key in aws_cloudfront_public_key.media : key.id]}');
      const publicKey = resource(cdn, 'aws_cloudfront_public_key', 'media');
      expect(publicKey.for_each).to.equal('${var.media_signing_public_keys}');
      expect(publicKey.encoded_key).to.equal('${each.value}');
      expect(behaviour!.trusted_signers, 'key groups, not the legacy root-account signers').to.equal(undefined);
    });

    it('caches renditions long, compressed, with nothing from the viewer in the key', () => {
      const behaviour = behaviours.find((b) => b.path_pattern === '${var.media_origin.path_pattern}')!;
      expect(behaviour.compress).to.equal(true);
      const policy = resource(cdn, 'aws_cloudfront_cache_policy', toggled(behaviour.cache_policy_id, cdnLocals, 'aws_cloudfront_cache_policy', 'id'));
      expect(policy.default_ttl).to.equal('${var.media_cache_ttl_seconds}');
      expect(variable(cdnVariables, 'media_cache_ttl_seconds').default).to.equal(31536000);
      const parameters = only(policy.parameters_in_cache_key_and_forwarded_to_origin, 'cache key parameters');
      expect(parameters).to.include({ enable_accept_encoding_gzip: true, enable_accept_encoding_brotli: true });
      expect(only(parameters.cookies_config, 'cookies').cookie_behavior).to.equal('none');
      expect(only(parameters.headers_config, 'headers').header_behavior).to.equal('none');
      expect(only(parameters.query_strings_config, 'query strings').query_string_behavior).to.equal('none');
    });

    it('sends /api/* to API Gateway uncached (CachingDisabled), with Authorization, x-share-token and query strings but not Host', () => {
      const behaviour = behaviours.find((b) => b.path_pattern === '/api/*');
      expect(behaviour, 'an /api/* behaviour').to.not.equal(undefined);
      expect(resolve(behaviour!.cache_policy_id, cdnLocals)).to.equal(CACHING_DISABLED);
      // Every viewer header but Host: a share link's x-share-token reaches the API with the
      // bearer token; a legacy forwarded_values header list would drop it.
      expect(resolve(behaviour!.origin_request_policy_id, cdnLocals)).to.equal(ALL_VIEWER_EXCEPT_HOST_HEADER);
      expect(behaviour!.forwarded_values, 'no legacy forwarded_values on /api/*').to.equal(undefined);
      expect(behaviour!.allowed_methods).to.have.members(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      const custom = only(originOf(behaviour!).custom_origin_config, 'custom origin config');
      expect(custom.origin_protocol_policy).to.equal('https-only');
      expect(custom.origin_ssl_protocols).to.deep.equal(['TLSv1.2']);
      expect((cdnCall.api_origin as Hcl).domain_name).to.equal('${trimprefix(module.api.api_endpoint, "https://")}');
    });

    it('uses HTTP/2 and HTTP/3, IPv6, HTTPS only, and TLSv1.2_2021 as the floor on a custom domain', () => {
      expect(distribution.http_version).to.equal('http2and3');
      expect(distribution.is_ipv6_enabled).to.equal(true);
      for (const behaviour of [...behaviours, only(distribution.default_cache_behavior, 'default behaviour')]) {
        expect(behaviour.viewer_protocol_policy, String(behaviour.path_pattern ?? 'default')).to.equal('redirect-to-https');
      }
      const certificate = only(distribution.viewer_certificate, 'viewer certificate');
      expect(certificate.minimum_protocol_version).to.match(/: var\.minimum_protocol_version\}$/);
      expect(variable(cdnVariables, 'minimum_protocol_version').default).to.equal('TLSv1.2_2021');
      // The root passes its own variable, with the same default; outside dev a validation refuses
      // anything older (terraform/tests/requirements.tftest.hcl).
      expect(cdnCall.minimum_protocol_version, 'the root passes cdn_minimum_protocol_version').to.equal('${var.cdn_minimum_protocol_version}');
      expect(variable(parseHcl('terraform/variables.tf'), 'cdn_minimum_protocol_version').default).to.equal('TLSv1.2_2021');
    });

    it('falls back to /index.html for the web client only, never for API or media errors', () => {
      expect(distribution.custom_error_response).to.equal(undefined);
      const association = associatedFunction(only(distribution.default_cache_behavior, 'default behaviour'));
      expect(association.eventType).to.equal('viewer-request');
      const spa = resource(cdn, 'aws_cloudfront_function', association.name);
      expect(spa.count).to.equal('${var.create_spa_function ? 1 : 0}');
      expect(variable(cdnVariables, 'create_spa_function').default).to.equal(true);
      expect(spa.code).to.contain("request.uri = '/index.html'");
    });

    it('rewrites client-side routes to /index.html, but never /config.json, /assets/* or another file', () => {
      const spa = resource(cdn, 'aws_cloudfront_function', associatedFunction(only(distribution.default_cache_behavior, 'default behaviour')).name);
      // The function's own source, run as CloudFront runs it: a viewer-request handler taking the event.
      type Request = { uri: string };
      const source = /^<<-?(\w+)\n([\s\S]*)\n\s*\1$/.exec(String(spa.code))?.[2] ?? String(spa.code);
      const handler = new Function(`${source}\nreturn handler;`)() as (event: { request: Request }) => Request;
      const served = (uri: string): string => handler({ request: { uri } }).uri;
      for (const route of ['/', '/albums', '/albums/', '/albums/abc123', '/albums/abc123/media/xyz', '/sign-in']) {
        expect(served(route), route).to.equal('/index.html');
      }
      for (const file of ['/index.html', '/config.json', '/assets/app-3F2A9C.js', '/assets/app-3F2A9C.css', '/assets/chunk', '/assets/fonts/inter', '/favicon.ico', '/robots.txt']) {
        expect(served(file), file).to.equal(file);
      }
    });

    it('honours the web files\' Cache-Control: no-cache on index.html and config.json (minimum TTL 0), a year on hashed assets', () => {
      const behaviour = only(distribution.default_cache_behavior, 'default behaviour');
      const policy = resource(cdn, 'aws_cloudfront_cache_policy', toggled(behaviour.cache_policy_id, cdnLocals, 'aws_cloudfront_cache_policy', 'id'));
      expect(variable(cdnVariables, 'create_cache_policies').default).to.equal(true);
      expect(policy.min_ttl, 'a minimum TTL above 0 overrides no-cache').to.equal(0);
      expect(policy.max_ttl).to.be.at.least(31536000);
      expect(variable(cdnVariables, 'web_default_ttl_seconds').default).to.be.at.most(3600);
      const parameters = only(policy.parameters_in_cache_key_and_forwarded_to_origin, 'cache key parameters');
      expect(only(parameters.cookies_config, 'cookies').cookie_behavior).to.equal('none');
      expect(only(parameters.query_strings_config, 'query strings').query_string_behavior).to.equal('none');
    });
  });

  describe('DynamoDB global table', () => {
    it('has point-in-time recovery on the table and on every replica', () => {
      const table = resource(parseHcl('terraform/modules/table/main.tf'), 'aws_dynamodb_table', 'this');
      const tableVariables = parseHcl('terraform/modules/table/variables.tf');
      expect(only(table.point_in_time_recovery, 'table PITR').enabled).to.equal('${var.point_in_time_recovery_enabled}');
      expect(variable(tableVariables, 'point_in_time_recovery_enabled').default).to.equal(true);

      const replica = asBlocks(table.dynamic).map((d) => d.replica as Hcl | undefined).find(Boolean);
      expect(replica?.for_each).to.equal('${var.replicas}');
      expect(only(replica!.content, 'replica content').point_in_time_recovery).to.equal('${replica.value.point_in_time_recovery}');
      expect(variable(tableVariables, 'replicas').type).to.match(/point_in_time_recovery\s*=\s*optional\(bool, true\)/);

      // The root neither turns PITR off nor sets it per replica.
      const call = block(parseHcl('terraform/main.tf'), 'module', 'table') as unknown as Hcl;
      expect(call.point_in_time_recovery_enabled ?? true).to.equal(true);
      expect(String(call.replicas)).to.match(/for region in var\.table_replica_regions/);
      expect(String(call.replicas)).to.not.match(/point_in_time_recovery\s*=\s*false/);
    });
  });

  describe('alarms', () => {
    const registry = JSON.parse(readFileSync(join(TERRAFORM_DIR, '..', 'registry', 'processors.json'), 'utf8')) as { processors: { name: string }[] };

    it('alarms on the dead-letter queue of every processor in registry/processors.json', () => {
      expect(registry.processors.length).to.be.greaterThan(0);
      // local.processors has one entry per registry processor, with no filter ...
      expect(rootLocals.processors).to.match(/^\$\{\{for processor in local\.registry\.processors : processor\.name => \{/);
      expect(String(rootLocals.processors)).to.not.match(/\}\s*if\s/);
      // ... the root makes a processor-queue per entry ...
      const call = block(parseHcl('terraform/main.tf'), 'module', 'processor_queue') as unknown as Hcl;
      expect(call.for_each).to.equal('${local.processors}');
      expect(call.alarm_actions).to.equal('${local.alarm_actions}');
      // ... and each one alarms as soon as its dead-letter queue holds a message.
      const alarm = resource(parseHcl('terraform/modules/processor-queue/main.tf'), 'aws_cloudwatch_metric_alarm', 'dlq');
      expect(alarm).to.include({ namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible', comparison_operator: 'GreaterThanThreshold', threshold: 0 });
      expect((alarm.dimensions as Hcl).QueueName).to.equal('${aws_sqs_queue.dlq.name}');
      expect(alarm.alarm_actions).to.equal('${var.alarm_actions}');
    });

    it('watches every processor queue\'s oldest message and the API 5xx rate', () => {
      const call = block(parseHcl('terraform/observability.tf'), 'module', 'observability') as unknown as Hcl;
      // Every processor queue, and every queue-fed job's.
      expect(call.queues).to.match(/^\$\{merge\(\{for name, queue in module\.processor_queue : name => .*\{for name, queue in module\.job_queue : name => /s);
      expect(call.alarm_actions).to.equal('${local.alarm_actions}');
      const observability = parseHcl('terraform/modules/observability/main.tf');
      const age = resource(observability, 'aws_cloudwatch_metric_alarm', 'queue_age');
      expect(age).to.include({ for_each: '${var.queues}', metric_name: 'ApproximateAgeOfOldestMessage' });
      const api = resource(observability, 'aws_cloudwatch_metric_alarm', 'api_5xx_rate');
      const expression = asBlocks(api.metric_query).find((q) => q.return_data === true)?.expression;
      expect(expression).to.contain('100 * FILL(errors, 0) / requests');
    });
  });

  describe('environments', () => {
    const tfvars = (env: string): Hcl => parseHcl(`terraform/environments/${env}.tfvars`);

    it('has one variable file per workspace, naming its own environment, with its backend and signing key', () => {
      const files = readdirSync(join(TERRAFORM_DIR, 'environments')).filter((f) => f.endsWith('.tfvars')).sort();
      expect(files).to.deep.equal(ENVIRONMENTS.map((env) => `${env}.tfvars`).sort());
      for (const env of ENVIRONMENTS) {
        expect(tfvars(env).environment, `${env}.tfvars`).to.equal(env);
        expect(existsSync(join(TERRAFORM_DIR, 'environments', `${env}.backend.hcl`)), `${env}.backend.hcl`).to.equal(true);
        const pem = readFileSync(join(TERRAFORM_DIR, 'environments', `${env}.media-signing-key.pub.pem`), 'utf8');
        expect(pem, `${env}.media-signing-key.pub.pem`).to.match(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
      }
    });

    it('gives prod what dev does without: table replicas, deletion protection, WAF, every edge location', () => {
      const dev = tfvars('dev');
      const prod = tfvars('prod');
      expect(dev.table_replica_regions).to.deep.equal([]);
      expect((prod.table_replica_regions as string[]).length).to.be.greaterThan(0);
      expect([dev.table_deletion_protection, prod.table_deletion_protection]).to.deep.equal([false, true]);
      expect([dev.cdn_waf_enabled, prod.cdn_waf_enabled]).to.deep.equal([false, true]);
      expect([dev.cdn_price_class, prod.cdn_price_class]).to.deep.equal(['PriceClass_100', 'PriceClass_All']);
      // The root passes these to the modules that act on them.
      expect((cdnCall.waf as Hcl).enabled).to.equal('${var.cdn_waf_enabled}');
      expect(cdnCall.price_class).to.equal('${var.cdn_price_class}');
    });

    it('rate-limits the share links per IP in the web ACL, at waf_share_rate_limit (300 by default, 10 at least)', () => {
      expect((cdnCall.waf as Hcl).path_rate_limits).to.deep.equal({
        shared: { path_prefix: '/api/shared', limit: '${var.waf_share_rate_limit}' },
      });
      const variables = block(parseHcl('terraform/variables.tf'), 'variable') as unknown as Record<string, Hcl>;
      expect(variables.waf_share_rate_limit!.default).to.equal(300);
      expect(JSON.stringify(variables.waf_share_rate_limit!.validation)).to.contain('var.waf_share_rate_limit >= 10');
    });
  });
});
