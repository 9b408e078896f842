/**
 * `make rehearse`: the root module applied for real, with the dev tfvars, through the OpenTofu and
 * AWS provider `make tofu` builds, to a moto server started here; then the system run on what
 * Terraform created, the smoke command against it, plans of dev, staging and dev again (the
 * second dev plan must show no changes beyond documented moto gaps), and the destroy.
 * The README ("The apply rehearsal") says what it covers and what it does not.
 *
 * Environment (mk/rehearse.mk sets the first two): REHEARSE_TOFU (the tofu binary),
 * TF_CLI_CONFIG_FILE (its CLI config with the provider mirror), REHEARSE_KEEP=1 keeps the work
 * folder, REHEARSE_SMOKE_TIMEOUT seconds per smoke file.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import { CloudFrontClient, GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { type EventSourceMappingConfiguration, GetFunctionConfigurationCommand, LambdaClient, paginateListEventSourceMappings } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';

import type { LocalStackRecord } from '../cli/stack-target.js';
import { registry } from '../shared/registry.js';
import { freePort, startMoto, type MotoServer } from './moto.js';
import { projectRoot } from './paths.js';
import {
  backendBucket,
  classifyChanges,
  containerEnvironment,
  distributionOriginHeaders,
  linkedTree,
  localEnvironment,
  parseApplySummary,
  parseDestroySummary,
  parsePlanSummary,
  parseSmokeSummary,
  plannedChanges,
  type ResourceChange,
  type RuntimeEnvironment,
} from './rehearse.js';
import { MOTO_PLAN_GAPS } from './rehearse-gaps.js';
import { Supervisor } from './supervisor.js';

const ENV = 'dev';
const REHEARSAL_TFVARS = 'rehearsal/moto.tfvars';
const REHEARSAL_BACKEND = 'rehearsal/moto.backend.hcl';
// Fake credentials: moto accepts any, and nothing else would.
const CREDENTIALS = { accessKeyId: 'rehearse', secretAccessKey: 'rehearse' } as const;

// Terraform's user pool signs users in by email (modules/auth); example.com is reserved for examples.
const SMOKE_USER = 'smoke@example.com';

const say = (line: string) => process.stdout.write(`[rehearse] ${line}\n`);

interface Context {
  readonly moto: MotoServer;
  readonly region: string;
  readonly work: string;
  readonly tree: string;
  readonly tofu: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs a command, its output into a log file, progress lines from `onLine`; resolves with the output. */
function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: string; onLine?: (line: string) => void }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const file = createWriteStream(options.log, { flags: 'a' });
    file.write(`$ ${command} ${args.join(' ')}\n`);
    const lines: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        file.write(`${line}\n`);
        options.onLine?.(line);
      });
    }
    child.once('error', reject);
    child.once('close', (code) => {
      file.end();
      resolve({ code: code ?? 1, output: lines.join('\n') });
    });
  });
}

/** `make <target>` in this repository, on the linked copy's terraform/ with the rehearsal's settings layered on. */
async function make(ctx: Context, args: readonly string[], log: string, onLine?: (line: string) => void): Promise<string> {
  const { code, output } = await run('make', ['--no-print-directory', ...args, `TERRAFORM=${ctx.tofu}`, `TERRAFORM_DIR=${ctx.tree}`], {
    cwd: projectRoot,
    env: ctx.env,
    log: join(ctx.work, log),
    ...(onLine ? { onLine } : {}),
  });
  if (code !== 0) throw new Error(`make ${args.join(' ')} failed (exit ${code}); its output is in ${join(ctx.work, log)}:\n${output.split('\n').slice(-25).join('\n')}`);
  return output;
}

async function tofu(ctx: Context, args: readonly string[], log: string, workspaceEnv: string, onLine?: (line: string) => void): Promise<string> {
  const { code, output } = await run(ctx.tofu, args, {
    cwd: ctx.tree,
    env: { ...ctx.env, TF_DATA_DIR: `.terraform/env/${workspaceEnv}` },
    log: join(ctx.work, log),
    ...(onLine ? { onLine } : {}),
  });
  if (code !== 0) throw new Error(`tofu ${args.join(' ')} failed (exit ${code}); its output is in ${join(ctx.work, log)}:\n${output.split('\n').slice(-25).join('\n')}`);
  return output;
}

/** Prints a line every `every` completed resources, so a long apply shows it is moving. */
function progress(label: string, pattern: RegExp, every = 25): (line: string) => void {
  let done = 0;
  return (line) => {
    if (pattern.test(line)) {
      done += 1;
      if (done % every === 0) say(`${label}: ${done} so far`);
    }
    if (/^Error: /.test(line)) say(`${label}: ${line}`);
  };
}

/** The state buckets of dev and staging, as the runbook's bootstrap creates them. */
async function bootstrapStateBuckets(ctx: Context): Promise<void> {
  const s3 = new S3Client({ endpoint: ctx.moto.endpoint, region: ctx.region, credentials: CREDENTIALS, forcePathStyle: true });
  for (const env of [ENV, 'staging']) {
    const bucket = backendBucket(readFileSync(join(ctx.tree, 'environments', `${env}.backend.hcl`), 'utf8'));
    if (!bucket) throw new Error(`environments/${env}.backend.hcl names no bucket`);
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    say(`state bucket ${bucket} (environments/${env}.backend.hcl)`);
  }
  s3.destroy();
}

interface Outputs {
  readonly user_pool_id: { readonly value: string };
  readonly user_pool_client_id: { readonly value: string };
  readonly cdn_distribution_id: { readonly value: string };
  readonly media_signing_private_key_parameter: { readonly value: string };
  readonly kms_key_arn: { readonly value: string };
  readonly api_function_name: { readonly value: string };
  readonly worker_task_definition_arns: { readonly value: Readonly<Record<string, string>> };
  readonly processor_function_names: { readonly value: Readonly<Record<string, string>> };
  readonly job_function_names: { readonly value: Readonly<Record<string, string>> };
}

/** What the ops team stores before the API signs media URLs (the runbook): a throw-away key here. */
async function storeSigningKey(ctx: Context, outputs: Outputs): Promise<void> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ssm = new SSMClient({ endpoint: ctx.moto.endpoint, region: ctx.region, credentials: CREDENTIALS });
  await ssm.send(
    new PutParameterCommand({
      Name: outputs.media_signing_private_key_parameter.value,
      Type: 'SecureString',
      KeyId: outputs.kms_key_arn.value,
      Value: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }),
  );
  ssm.destroy();
}

/** Stands in for CloudFront's /api/* behaviour: forwards to the local API with the origin's custom headers. */
function startOriginProxy(target: string, headers: Readonly<Record<string, string>>, port: number): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', target);
    const upstream = httpRequest(url, { method: incoming.method, headers: { ...incoming.headers, ...headers, host: url.host } }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`origin unreachable: ${error.message}`);
    });
    incoming.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Starts the API, every queue-fed function and every Fargate worker with what Terraform wrote; resolves with the API's URL. */
async function startSystem(ctx: Context, outputs: Outputs, supervisor: Supervisor): Promise<{ apiUrl: string; proxy: Server }> {
  const runtime: RuntimeEnvironment = { region: ctx.region, endpoint: ctx.moto.endpoint, ...CREDENTIALS };
  const clientConfig = { endpoint: ctx.moto.endpoint, region: ctx.region, credentials: CREDENTIALS };
  const sqs = new SQSClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  const ecs = new ECSClient(clientConfig);
  // CloudFront is global: its API lives in us-east-1 whatever the home Region.
  const cloudfront = new CloudFrontClient({ ...clientConfig, region: 'us-east-1' });
  const functionEnvironment = async (name: string): Promise<Record<string, string>> => {
    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return { ...(configuration.Environment?.Variables ?? {}) };
  };

  // Queue-fed functions: one local poller per event source mapping Terraform created.
  const EventSourceMappings: EventSourceMappingConfiguration[] = [];
  for await (const page of paginateListEventSourceMappings({ client: lambda }, {})) EventSourceMappings.push(...(page.EventSourceMappings ?? []));
  // Registry names by function name, from Terraform's outputs: the pollers run the registry's handlers.
  const registryNames = new Map(Object.entries({ ...outputs.processor_function_names.value, ...outputs.job_function_names.value }).map(([name, fn]) => [fn, name]));
  for (const mapping of EventSourceMappings) {
    const functionName = mapping.FunctionArn?.split(':').at(-1) ?? '';
    const queueName = mapping.EventSourceArn?.split(':').at(-1) ?? '';
    const name = registryNames.get(functionName);
    if (!name || !mapping.EventSourceArn) continue;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (!QueueUrl) throw new Error(`no queue ${queueName}`);
    const written = await functionEnvironment(functionName);
    supervisor.startTs(name, join(projectRoot, 'src/local/poller-main.ts'), {
      ...localEnvironment(written, runtime),
      LOCAL_PROCESSOR: name,
      LOCAL_QUEUE_URL: QueueUrl,
      LOCAL_QUEUE_ARN: mapping.EventSourceArn,
    }, { restart: true });
    say(`${name}: poller on ${queueName}, ${Object.keys(written).length} variables from function ${functionName}`);
  }
  sqs.destroy();
  lambda.destroy();

  // Fargate workers: the task definition's container environment; its volume is a local folder.
  for (const [name, arn] of Object.entries(outputs.worker_task_definition_arns.value)) {
    const processor = registry.processors.find((p) => p.name === name);
    if (!processor) throw new Error(`task definition ${arn} is for ${name}, which the registry does not have`);
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    const container = described.taskDefinition?.containerDefinitions?.[0];
    const written = containerEnvironment(container?.environment);
    const scratch = join(ctx.work, `scratch-${name}`);
    mkdirSync(scratch, { recursive: true });
    const mounts = Object.fromEntries((container?.mountPoints ?? []).flatMap((mount) => (mount.containerPath ? [[mount.containerPath, scratch]] : [])));
    supervisor.startTs(name, join(projectRoot, processor.entry), localEnvironment(written, runtime, mounts), { restart: true });
    say(`${name}: worker, ${Object.keys(written).length} variables from task definition ${arn.split('/').at(-1)}, ${Object.keys(mounts).join(', ') || 'no volume'} in ${scratch}`);
  }

  // The API behind the local adapter (API Gateway's JWT authorizer on Terraform's user pool), and
  // the /api/* origin's custom headers from the distribution in front of it, as CloudFront sends them.
  const apiPort = await freePort();
  const written = await functionEnvironment(outputs.api_function_name.value);
  supervisor.startTs('api', join(projectRoot, 'src/local/api-main.ts'), {
    ...localEnvironment(written, runtime),
    LOCAL_USER_POOL_ID: outputs.user_pool_id.value,
    LOCAL_USER_POOL_CLIENT_ID: outputs.user_pool_client_id.value,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
  });
  say(`api: ${Object.keys(written).length} variables from function ${outputs.api_function_name.value}`);
  const { DistributionConfig } = await cloudfront.send(new GetDistributionConfigCommand({ Id: outputs.cdn_distribution_id.value }));
  const originHeaders = distributionOriginHeaders(DistributionConfig, 'api');
  ecs.destroy();
  cloudfront.destroy();
  const proxyPort = await freePort();
  const proxy = await startOriginProxy(`http://127.0.0.1:${apiPort}`, originHeaders, proxyPort);
  say(`api origin headers from distribution ${outputs.cdn_distribution_id.value}: ${Object.keys(originHeaders).join(', ') || 'none'}`);

  const apiUrl = `http://127.0.0.1:${proxyPort}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${apiUrl}/api/health`).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the API did not answer on ${apiUrl}/api/health`);
    await sleep(250);
  }
  return { apiUrl, proxy };
}

async function runSmoke(ctx: Context, record: LocalStackRecord): Promise<{ ready: number; failed: number; lost: number }> {
  const stackFile = join(ctx.work, 'stack.json');
  writeFileSync(stackFile, JSON.stringify(record, null, 2));
  const timeout = process.env.REHEARSE_SMOKE_TIMEOUT ?? '120';
  const { output } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/smoke-main.ts'), '--timeout', timeout, '--user', SMOKE_USER], {
    cwd: projectRoot,
    env: { ...process.env, LOCAL_STACK_FILE: stackFile },
    log: join(ctx.work, 'smoke.log'),
    onLine: (line) => {
      if (/^(ready|failed|lost) /.test(line) || /^\d+ ready, /.test(line)) say(`smoke: ${line}`);
    },
  });
  const summary = parseSmokeSummary(output);
  if (!summary) throw new Error(`the smoke command printed no summary; see ${join(ctx.work, 'smoke.log')}`);
  return summary;
}

/** `make plan ENV=<env>` on the moto backend; returns what the saved plan would change. */
async function plan(ctx: Context, env: string, log: string, extra: readonly string[] = []): Promise<ReturnType<typeof classifyChanges>> {
  const output = await make(ctx, ['plan', `ENV=${env}`, ...extra], log);
  const summary = parsePlanSummary(output);
  if (!summary) throw new Error(`make plan ENV=${env} printed no plan summary; see ${join(ctx.work, log)}`);
  const json = await tofu(ctx, ['show', '-json', `${env}.tfplan`], `${log}.json`, env);
  const changes = plannedChanges((JSON.parse(json.slice(json.indexOf('{'))) as { resource_changes?: ResourceChange[] }).resource_changes ?? []);
  return classifyChanges(changes, MOTO_PLAN_GAPS);
}

async function main(): Promise<number> {
  const tofuBinary = process.env.REHEARSE_TOFU ?? '';
  if (!tofuBinary || !existsSync(tofuBinary)) throw new Error(`REHEARSE_TOFU must name the tofu binary (make rehearse sets it; run make tofu first): "${tofuBinary}"`);
  if (!process.env.TF_CLI_CONFIG_FILE) throw new Error('TF_CLI_CONFIG_FILE must name the CLI config with the provider mirror (make rehearse sets it)');
  if (!existsSync(join(projectRoot, 'dist', 'manifest.json'))) throw new Error('dist/manifest.json is missing: run make build');
  const region = (/^region\s*=\s*"([^"]+)"/m.exec(readFileSync(join(projectRoot, 'terraform/environments', `${ENV}.tfvars`), 'utf8')) ?? [])[1];
  if (!region) throw new Error(`terraform/environments/${ENV}.tfvars sets no region`);

  const work = mkdtempSync(join(tmpdir(), 'rehearse-'));
  const tree = linkedTree(projectRoot, join(work, 'repo'));
  say(`work folder ${work} (logs, the linked copy of the repository tofu works in, plans)`);
  const moto = await startMoto({ log: (chunk) => appendFileSync(join(work, 'moto.log'), chunk) });
  say(`moto on ${moto.endpoint}, pid ${moto.pid}`);
  const supervisor = new Supervisor((name, code) => say(`${name} exited (code ${code})`), (line) => appendFileSync(join(work, 'system.log'), `${line}\n`));
  let proxy: Server | undefined;
  let destroyed = false;
  let succeeded = false;
  let summary: string | undefined;
  // make plan refuses a set TF_WORKSPACE, and each environment has its own TF_DATA_DIR.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'TF_WORKSPACE' && name !== 'TF_DATA_DIR'));
  const ctx: Context = {
    moto,
    region,
    work,
    tree,
    tofu: tofuBinary,
    env: {
      ...inherited,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PROFILE: '',
      AWS_SESSION_TOKEN: '',
      // A 500 from moto is a gap to report, not a reason to retry for minutes.
      AWS_MAX_ATTEMPTS: '3',
      // S3 Control puts the account in the host name (123456789012.127.0.0.1), which nothing
      // resolves: such requests go to moto as a proxy, which routes them by path.
      HTTP_PROXY: moto.endpoint,
      NO_PROXY: '',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TF_PLUGIN_CACHE_DIR: '',
      TF_CLI_ARGS_init: `-backend-config=${REHEARSAL_BACKEND}`,
      TF_CLI_ARGS_plan: `-var-file=${REHEARSAL_TFVARS}`,
      TF_CLI_ARGS_destroy: `-var-file=environments/${ENV}.tfvars -var-file=${REHEARSAL_TFVARS}`,
    },
  };
  try {
    await bootstrapStateBuckets(ctx);

    say(`make plan ENV=${ENV} FIRST_APPLY=1 (environments/${ENV}.tfvars + terraform/${REHEARSAL_TFVARS}, backend environments/${ENV}.backend.hcl + terraform/${REHEARSAL_BACKEND})`);
    const first = parsePlanSummary(await make(ctx, ['plan', `ENV=${ENV}`, 'FIRST_APPLY=1'], 'plan-1.log'));
    if (!first?.changes) throw new Error('the first plan has nothing to add');
    say(`first plan: ${first.add} to add`);
    say(`make apply ENV=${ENV}`);
    const applied = parseApplySummary(await make(ctx, ['apply', `ENV=${ENV}`], 'apply.log', progress('apply', /: Creation complete after /)));
    if (!applied) throw new Error(`make apply printed no summary; see ${join(work, 'apply.log')}`);
    say(`applied: ${applied.added} added`);

    const outputs = JSON.parse(await tofu(ctx, ['output', '-json'], 'output.log', ENV)) as Outputs;
    await storeSigningKey(ctx, outputs);
    say(`stored a throw-away CloudFront signing key in ${outputs.media_signing_private_key_parameter.value} (the ops team's step in the runbook)`);
    const system = await startSystem(ctx, outputs, supervisor);
    proxy = system.proxy;
    say(`system running; API at ${system.apiUrl} (logs in ${join(work, 'system.log')})`);
    const smoke = await runSmoke(ctx, {
      endpoint: moto.endpoint,
      region,
      // Every name is <prefix>-<role>: the API's function is <prefix>-api.
      prefix: outputs.api_function_name.value.replace(/-api$/, ''),
      apiUrl: system.apiUrl,
      userPool: { userPoolId: outputs.user_pool_id.value, clientId: outputs.user_pool_client_id.value },
    });
    await supervisor.stopAll(30_000);
    proxy.close();
    proxy = undefined;

    const planStep = async (env: string, log: string, extra: readonly string[] = []): Promise<string> => {
      say(`make plan ENV=${env}${extra.length ? ` ${extra.join(' ')}` : ''}`);
      const { explained, unexplained } = await plan(ctx, env, log, extra);
      for (const change of unexplained) say(`  ${env}: ${change.actions.join('/')} ${change.address} (${change.attributes.join(', ') || 'whole resource'})`);
      if (explained.length) say(`  ${env}: ${explained.length} in-place updates that documented moto gaps explain (README, "The apply rehearsal")`);
      return unexplained.length === 0 ? (explained.length === 0 ? 'no changes' : `no changes but ${explained.length} documented moto gaps`) : `${unexplained.length} changes`;
    };
    const second = await planStep(ENV, 'plan-2.log');
    say(`second plan of ${ENV}: ${second}`);
    const staging = await plan(ctx, 'staging', 'plan-staging.log', ['FIRST_APPLY=1']);
    say(`plan of staging: ${staging.explained.length + staging.unexplained.length} resources to create (its own workspace and state, in its own bucket on the same moto)`);
    const third = await planStep(ENV, 'plan-3.log');
    say(`dev again after staging: ${third}`);

    say(`tofu destroy (workspace ${ENV})`);
    const destroyOutput = await tofu(ctx, ['destroy', '-auto-approve', '-input=false'], 'destroy.log', ENV, progress('destroy', /: Destruction complete after /));
    destroyed = true;
    say(`destroyed: ${parseDestroySummary(destroyOutput) ?? '?'} resources`);

    const ok = second.startsWith('no changes') && third.startsWith('no changes') && smoke.lost === 0;
    // A run that found something keeps its logs and plans, like one that failed.
    succeeded = ok;
    summary = `${applied.added} resources applied, smoke: ${smoke.ready} ready, ${smoke.failed} failed, ${smoke.lost} lost, second plan: ${second}`;
    return ok ? 0 : 1;
  } finally {
    await supervisor.stopAll(10_000);
    proxy?.close();
    if (!destroyed) say('not destroyed: moto stops now, and what it held with it');
    await moto.stop();
    if (process.env.REHEARSE_KEEP === '1' || !succeeded) say(`kept ${work} (logs: *.log)`);
    else rmSync(work, { recursive: true, force: true });
    // The summary is the last line, after the clean-up's own lines.
    if (summary) process.stdout.write(`${summary}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
