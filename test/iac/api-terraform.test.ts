// The album API's Terraform (terraform/api.tf, modules/api, modules/auth) read with python-hcl2 and
// held against what it must agree with: the routes of src/api/openapi.json, the DynamoDB calls of
// the API code, the configuration src/api/config.ts reads. No terraform binary is needed;
// terraform/tests/api.tftest.hcl checks the same modules planned with OpenTofu (make validate-tf).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

import { loadApiConfig } from '../../src/api/config.js';
import { registry } from '../../src/shared/registry.js';
import { block, parseHcl } from '../support/hcl.js';
import { ROOT } from './tools.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

// OpenAPI 3.1: the keys of a path item that are operations; the others (parameters, summary,
// description, servers, $ref) are not.
const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PATH_ITEM_FIELDS = ['parameters', 'summary', 'description', 'servers', '$ref'];

const openapi = JSON.parse(readFileSync(path.join(ROOT, 'src/api/openapi.json'), 'utf8')) as OpenApiDocument;

/** Every operation of the document as an API Gateway route key, with its auth: public only for `security: []`. */
function documentedRoutes(): Map<string, 'JWT' | 'NONE'> {
  const routes = new Map<string, 'JWT' | 'NONE'>();
  for (const [route, item] of Object.entries(openapi.paths)) {
    for (const [key, operation] of Object.entries(item)) {
      if (PATH_ITEM_FIELDS.includes(key)) continue;
      expect(OPERATION_KEYS, `${route} has an unknown key "${key}"`).to.include(key);
      const security = (operation as { security?: unknown[] }).security;
      routes.set(`${key.toUpperCase()} ${route}`, Array.isArray(security) && security.length === 0 ? 'NONE' : 'JWT');
    }
  }
  return routes;
}

const root = parseHcl('terraform/api.tf');
const locals = block(root, 'locals') as unknown as Record<string, unknown>;

/**
 * Evaluates api.tf's `api_routes` on the OpenAPI document. Only the shape api.tf uses is understood
 * (a `for` over `<document local>.paths`, a method filter list, `security` deciding NONE or JWT); a
 * rewrite of that local fails here with the expression shown, so the evaluator is updated with it.
 */
function terraformRoutes(): Map<string, string> {
  const expression = String(locals.api_routes);
  const shape =
    /^\$\{merge\(\[for (\w+), (\w+) in local\.(\w+)\.paths : \{for (\w+), (\w+) in \2 : "\$\{upper\(\4\)\} \$\{\1\}" => \{authorization = (.+?), operation_name = (.+?)\} if contains\(local\.(\w+), \4\)\}\] \.\.\.\)\}$/;
  const match = shape.exec(expression);
  expect(match, `local.api_routes no longer has the shape this test evaluates:\n${expression}`).to.not.equal(null);
  const [, , , documentLocal, , operationVar, authorization, , methodsLocal] = match as RegExpExecArray;

  expect(locals[documentLocal!], `local.${documentLocal} must read the API's OpenAPI document`).to.equal('${jsondecode(file("${path.module}/../src/api/openapi.json"))}');
  expect(authorization, 'a route is public only when its operation declares `security: []`').to.equal(
    `try(length(${operationVar}.security) == 0, false) ? "NONE" : "JWT"`,
  );
  const methods = locals[methodsLocal!];
  expect(methods, `local.${methodsLocal} must be a literal list of OpenAPI operation keys`).to.be.an('array');

  const routes = new Map<string, string>();
  for (const [route, item] of Object.entries(openapi.paths)) {
    for (const [key, operation] of Object.entries(item)) {
      if (!(methods as string[]).includes(key)) continue;
      const security = (operation as { security?: unknown }).security;
      routes.set(`${key.toUpperCase()} ${route}`, Array.isArray(security) && security.length === 0 ? 'NONE' : 'JWT');
    }
  }
  return routes;
}

describe('IaC: the album API Terraform', () => {
  describe('routes from src/api/openapi.json', () => {
    it('api.tf derives exactly one route per documented operation, and the api module gets them', () => {
      const documented = documentedRoutes();
      const derived = terraformRoutes();
      expect(documented.size, 'the OpenAPI document has no operation').to.be.greaterThan(0);
      expect([...derived.keys()].sort(), 'routes in api.tf vs operations in openapi.json').to.deep.equal([...documented.keys()].sort());
      expect(block(root, 'module', 'api').routes).to.equal('${local.api_routes}');
    });

    it('only the operations the document declares public skip the JWT authorizer: GET /api/health and the share links', () => {
      const documented = documentedRoutes();
      const derived = terraformRoutes();
      const publicRoutes = [...derived].filter(([, auth]) => auth === 'NONE').map(([key]) => key);
      expect(publicRoutes.sort()).to.deep.equal([...documented].filter(([, auth]) => auth === 'NONE').map(([key]) => key).sort());
      expect([...derived.values()].filter((auth) => auth !== 'NONE' && auth !== 'JWT')).to.deep.equal([]);
      expect(documented.get('GET /api/health'), 'the document itself must declare health public').to.equal('NONE');
      // The share-link routes check their x-share-token themselves; the WAF's share rule counts
      // /api/shared (terraform/delivery.tf), so a public route elsewhere would escape it.
      for (const key of publicRoutes.filter((route) => route !== 'GET /api/health')) {
        expect(key, 'a public route other than health must be under /api/shared').to.match(/^GET \/api\/shared(\/|$)/);
      }
    });

    it('throttles the public routes but health apart, tighter than the stage, through the api module', () => {
      // api.tf reads them from the routes it derives: public (NONE) and not GET /api/health.
      expect(locals.api_public_route_keys).to.equal(
        '${sort([for key, route in local.api_routes : key if route.authorization == "NONE" && key != "GET /api/health"])}',
      );
      expect(block(root, 'module', 'api').route_throttling).to.equal(
        '${{for key in local.api_public_route_keys : key => {burst_limit = var.api_public_throttling_burst_limit, rate_limit = var.api_public_throttling_rate_limit}}}',
      );
      const publicKeys = [...terraformRoutes()].filter(([key, auth]) => auth === 'NONE' && key !== 'GET /api/health').map(([key]) => key);
      expect(publicKeys.sort()).to.deep.equal(['GET /api/shared', 'GET /api/shared/media', 'GET /api/shared/media/{mediaId}/original']);

      // The module turns each into a route_settings block of the stage, after the routes exist.
      const api = parseHcl('terraform/modules/api/main.tf');
      const stage = (block(api, 'resource', 'aws_apigatewayv2_stage') as unknown as Record<string, Record<string, unknown>>).default!;
      type Dynamic = Record<string, { for_each: string; content: Record<string, unknown>[] } | undefined>;
      const routeSettings = ((stage.dynamic ?? []) as Dynamic[]).map((d) => d.route_settings).find((d) => d !== undefined);
      expect(routeSettings, 'the stage needs a dynamic route_settings block').to.not.equal(undefined);
      expect(routeSettings!.for_each).to.equal('${var.route_throttling}');
      const content = ([] as Record<string, unknown>[]).concat(routeSettings!.content)[0]!;
      expect(content).to.include({
        route_key: '${route_settings.key}',
        throttling_burst_limit: '${route_settings.value.burst_limit}',
        throttling_rate_limit: '${route_settings.value.rate_limit}',
        detailed_metrics_enabled: '${var.detailed_metrics_enabled}',
      });
      expect(stage.depends_on).to.deep.equal(['${aws_apigatewayv2_route.this}']);

      // The limits: 20 requests/s and a burst of 40 by default, refused above the stage's.
      const variables = block(parseHcl('terraform/variables.tf'), 'variable') as unknown as Record<string, Record<string, unknown>>;
      expect(variables.api_public_throttling_rate_limit!.default).to.equal(20);
      expect(variables.api_public_throttling_burst_limit!.default).to.equal(40);
      const conditions = (name: string): string => JSON.stringify(variables[name]!.validation);
      expect(conditions('api_public_throttling_rate_limit')).to.contain('var.api_public_throttling_rate_limit <= var.api_throttling_rate_limit');
      expect(conditions('api_public_throttling_burst_limit')).to.contain('var.api_public_throttling_burst_limit <= var.api_throttling_burst_limit');
    });

    it('logs no request header in the access log (the bearer token, a share link\'s x-share-token)', () => {
      const api = parseHcl('terraform/modules/api/main.tf');
      const format = String((block(api, 'locals') as unknown as Record<string, unknown>).access_log_format);
      expect(format).to.contain('$context.requestId');
      expect(format).to.not.match(/\$request\.|header|token/i);
    });

    it('every route key is one API Gateway accepts: upper-case method, path with whole {param} segments', () => {
      for (const key of terraformRoutes().keys()) {
        expect(key).to.match(/^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH) \/api(\/([A-Za-z0-9._-]+|\{[A-Za-z0-9_]+\}))*$/);
      }
    });
  });

  describe('the api module role', () => {
    const iam = parseHcl('terraform/modules/api/iam.tf');
    const policy = (block(iam, 'data', 'aws_iam_policy_document') as unknown as Record<string, Record<string, unknown>>).lambda!;
    interface Statement {
      sid: string;
      actions: string[] | string;
      resources: string[] | string;
    }
    // Plain statements and the content of dynamic ones.
    const statements: Statement[] = [
      ...((policy.statement ?? []) as Statement[]),
      ...((policy.dynamic ?? []) as Record<string, { content: Statement[] }>[]).flatMap((dynamic) => dynamic.statement?.content ?? []),
    ];
    // Actions without resource-level permissions: "*" is the only resource they accept.
    const needsStar = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

    it('has no "*" resource except for actions AWS only grants on "*" (X-Ray)', () => {
      expect(statements.length).to.be.greaterThan(5);
      for (const statement of statements) {
        const resources = Array.isArray(statement.resources) ? statement.resources : [statement.resources];
        const actions = Array.isArray(statement.actions) ? statement.actions : [statement.actions];
        for (const resource of resources) expect(resource, `${statement.sid}: a wildcard ARN`).to.not.match(/^arn:[^$]*\*|:::\*$/);
        for (const action of actions) expect(action, `${statement.sid}: a wildcard action`).to.not.match(/(^\*$|:\*$)/);
        if (resources.includes('*')) {
          expect(actions, `${statement.sid} grants on "*"`).to.satisfy((list: string[]) => list.every((action) => needsStar.includes(action)));
        }
      }
      expect(statements.filter((s) => ([] as string[]).concat(s.resources).includes('*')).map((s) => s.sid)).to.deep.equal(['WriteXRayTraces']);
    });

    it('grants exactly the DynamoDB actions the API code calls', () => {
      // The modules the Lambda bundles, from its entry point through relative imports.
      const seen = new Set<string>();
      const queue = [path.join(ROOT, 'src/api/handler.ts')];
      while (queue.length > 0) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)\.js'/g)) {
          // Sources are TypeScript; generated modules (the compiled validators) are JavaScript.
          const source = path.resolve(path.dirname(file), `${spec}.ts`);
          queue.push(existsSync(source) ? source : path.resolve(path.dirname(file), `${spec}.js`));
        }
      }
      const itemActions: Record<string, string[]> = {
        Get: ['GetItem'], Put: ['PutItem'], Update: ['UpdateItem'], Delete: ['DeleteItem'], Query: ['Query'], Scan: ['Scan'],
        BatchGet: ['BatchGetItem'], BatchWrite: ['BatchWriteItem'], TransactGet: ['GetItem'],
      };
      const called = new Set<string>();
      for (const file of seen) {
        const source = readFileSync(file, 'utf8');
        // transactWrite() (src/shared/transactions.ts) sends a TransactWriteCommand for its caller.
        for (const [, command] of source.matchAll(/new (Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)(?:Item)?Command\(|\btransactWrite\(/g)) {
          // TransactWriteItems has no IAM action of its own: each of its parts needs its own.
          const actions = command === 'TransactWrite' || command === undefined
            ? [...source.matchAll(/\{\s*(Put|Update|Delete|ConditionCheck):\s*\{/g)].map(([, part]) => (part === 'ConditionCheck' ? 'ConditionCheckItem' : `${part}Item`))
            : itemActions[command!]!;
          for (const action of actions) called.add(`dynamodb:${action}`);
        }
      }
      expect(seen.size, 'the API entry point imports nothing').to.be.greaterThan(3);

      const variables = block(parseHcl('terraform/modules/api/variables.tf'), 'variable') as unknown as Record<string, { default?: string[] }>;
      const granted = variables.table_actions?.default ?? [];
      expect(block(parseHcl('terraform/api.tf'), 'module', 'api').table_actions, 'api.tf must keep the module default').to.equal(undefined);
      expect([...granted].sort(), 'the role\'s table actions vs the calls in src/api and what it imports').to.deep.equal([...called].sort());
      expect(statements.find((s) => s.sid === 'ReadWriteTable')?.actions).to.equal('${var.table_actions}');
    });

    it('reads the originals\' prefixes only (downloads), and decrypts through S3 for the originals bucket only', () => {
      const reads = statements.filter((s) => ([] as string[]).concat(s.actions).includes('s3:GetObject'));
      expect(reads.map((s) => s.sid)).to.deep.equal(['ReadOriginals']);
      expect(reads[0]!.resources).to.equal('${local.originals_objects}');
      const iamLocals = block(iam, 'locals') as unknown as Record<string, string>;
      expect(iamLocals.originals_objects).to.equal('${[for prefix in var.originals.key_prefixes : "${var.originals.bucket_arn}/${prefix}*"]}');
      const decrypt = statements.find((s) => s.sid === 'DecryptOriginalsThroughS3') as unknown as { actions: string[]; condition: { variable: string; values: unknown }[] };
      expect(decrypt.actions).to.deep.equal(['kms:Decrypt']);
      expect(decrypt.condition.map((c) => c.variable)).to.deep.equal(['kms:ViaService', 'kms:EncryptionContext:aws:s3:arn']);
      expect(decrypt.condition[0]!.values).to.deep.equal(['${local.s3_service}']);
      expect(decrypt.condition[1]!.values).to.equal('${concat([var.originals.bucket_arn], local.originals_objects)}');
      // The root passes the media classes' originals prefixes, nothing derived.
      expect(block(root, 'module', 'api').originals).to.deep.include({ key_prefixes: '${[for media_class in local.registry.mediaClasses : media_class.originalsPrefix]}' });
    });

    it('reads its SSM parameters with ssm:GetParameter only', () => {
      const read = statements.find((s) => s.sid === 'ReadOwnParameters');
      expect(read?.actions).to.deep.equal(['ssm:GetParameter']);
      expect(read?.resources).to.equal('${local.parameter_arns}');
    });
  });

  describe('the auth module web client', () => {
    const client = (block(parseHcl('terraform/modules/auth/main.tf'), 'resource', 'aws_cognito_user_pool_client') as unknown as Record<string, Record<string, unknown>>).web!;

    // The web app signs in with USER_PASSWORD_AUTH (the flow moto verifies too); SRP stays for other clients.
    it('generates no secret and allows the password, SRP and refresh-token flows only', () => {
      expect(client.generate_secret).to.equal(false);
      expect(client.explicit_auth_flows).to.have.members(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
      expect(client.explicit_auth_flows).to.have.length(3);
      expect(client.prevent_user_existence_errors).to.equal('ENABLED');
    });
  });

  describe('the API function environment', () => {
    const variables = {
      ...block(parseHcl('terraform/variables.tf'), 'variable'),
    } as unknown as Record<string, { default?: unknown }>;
    const environment = locals.api_environment as Record<string, string>;

    // What `local.processor_queue_urls` evaluates to in dev: every processor's queue URL by name.
    const processorQueueUrls = Object.fromEntries(
      registry.processors.map((processor) => [processor.name, `https://sqs.ap-southeast-2.amazonaws.com/123456789012/photo-album-dev-${processor.name}`]),
    );

    // A literal as written, `var.x` or `tostring(var.x)` as x's default, `tostring(max(n, var.x))` as it evaluates,
    // `jsonencode(local.processor_queue_urls)` as the JSON of stand-in URLs, anything else (module outputs) a stand-in.
    const value = (expression: string): string => {
      const variable = /^\$\{(?:tostring\()?var\.(\w+)\)?\}$/.exec(expression);
      if (variable) return String(variables[variable[1]!]?.default);
      const floor = /^\$\{tostring\(max\((\d+), var\.(\w+)\)\)\}$/.exec(expression);
      if (floor) return String(Math.max(Number(floor[1]), Number(variables[floor[2]!]?.default)));
      if (expression === '${jsonencode(local.processor_queue_urls)}') return JSON.stringify(processorQueueUrls);
      return expression.includes('${') ? `stand-in-for-${expression.replace(/\W+/g, '-')}` : expression;
    };

    it('sets only variables the API reads, and with the root defaults the configuration loads', () => {
      const env: Record<string, string> = { CURSOR_KEY_PARAMETER: '/photo-album/dev/api/cursor-key' };
      for (const [name, expression] of Object.entries(environment)) env[name] = value(expression);
      const config = loadApiConfig(env) as unknown as Record<string, unknown>;
      const unread = Object.keys(environment).filter((name) => !(name in config) && !name.startsWith('POWERTOOLS_'));
      expect(unread, 'variables api.tf sets that src/api/config.ts does not read').to.deep.equal([]);
      expect(config.MEDIA_URL_SIGNER).to.equal('cloudfront');
      expect(config.IMAGE_MAX_BYTES).to.equal(Number(value(environment.IMAGE_MAX_BYTES!)));
    });

    it('gives PROCESSOR_QUEUE_URLS every processor\'s own queue URL, as a JSON object the configuration reads', () => {
      expect(environment.PROCESSOR_QUEUE_URLS).to.equal('${jsonencode(local.processor_queue_urls)}');
      // Every processor of the registry has a queue (main.tf), Lambda and Fargate alike; the map takes all of them.
      expect(block(parseHcl('terraform/main.tf'), 'module', 'processor_queue').for_each).to.equal('${local.processors}');
      expect(block(parseHcl('terraform/locals.tf'), 'locals').processors).to.match(/^\$\{\{for processor in local\.registry\.processors : processor\.name =>/);
      expect(locals.processor_queue_urls).to.equal('${{for name, queue in module.processor_queue : name => queue.queue_url}}');
      expect(registry.processors.map((p) => p.runtime)).to.include('fargate');
      const env: Record<string, string> = { CURSOR_KEY_PARAMETER: '/photo-album/dev/api/cursor-key' };
      for (const [name, expression] of Object.entries(environment)) env[name] = value(expression);
      const config = loadApiConfig(env) as unknown as Record<string, unknown>;
      expect(config.PROCESSOR_QUEUE_URLS).to.deep.equal(processorQueueUrls);
      expect(config.ORIGINAL_URL_TTL_SECONDS).to.equal(Number(variables.original_url_ttl_seconds?.default));
      expect(Number(variables.original_url_ttl_seconds?.default)).to.be.below(Number(variables.media_url_ttl_seconds?.default));
    });

    it('lets the API send to the processors\' queues (not their dead-letter queues) and the album deletion queue, with one KMS statement', () => {
      expect(locals.processor_queue_arns).to.equal('${{for name, queue in module.processor_queue : name => queue.queue_arn}}');
      const retries = locals.send_processor_retries_statement as Record<string, unknown>;
      expect(retries.actions).to.deep.equal(['sqs:SendMessage']);
      expect(retries.resources).to.equal('${values(local.processor_queue_arns)}');
      expect(locals.api_policy_statements).to.deep.equal([
        '${local.send_album_deletions_statement}',
        '${local.send_processor_retries_statement}',
        '${local.encrypt_messages_through_sqs_statement}',
      ]);
      expect(block(root, 'module', 'api').policy_statements).to.equal('${local.api_policy_statements}');
      expect(JSON.stringify(locals)).to.not.match(/dlq_(arn|url)/);
    });

    it('never puts the cursor key itself into the environment', () => {
      expect(Object.keys(environment)).to.not.include('CURSOR_KEY');
      const main = readFileSync(path.join(ROOT, 'terraform/modules/api/main.tf'), 'utf8');
      expect(main).to.match(/CURSOR_KEY_PARAMETER = aws_ssm_parameter\.cursor_key\.name/);
      const parameter = (block(parseHcl('terraform/modules/api/main.tf'), 'resource', 'aws_ssm_parameter') as unknown as Record<string, Record<string, unknown>>).cursor_key!;
      expect(parameter.type).to.equal('SecureString');
      expect(parameter.value, 'the key must go through the write-only value_wo').to.equal(undefined);
      expect(parameter.value_wo).to.equal('${ephemeral.aws_secretsmanager_random_password.cursor_key.random_password}');
    });
  });
});
