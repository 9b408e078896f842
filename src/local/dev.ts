/**
 * `make dev`: the whole system on this machine. The web app is built first; then moto plays AWS,
 * the registry provisions it, the API (serving the web app beside /api) runs behind a local HTTP
 * adapter and every processor behind its own queue poller, each in its own process with the
 * environment Terraform would give it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadApiConfig } from '../api/config.js';
import { LOCAL_STACK_FILE, type LocalStackRecord } from '../cli/stack-target.js';
import { registry } from '../shared/registry.js';
import { topologyFor } from '../shared/topology.js';
import type { WebConfig } from '../shared/web-config.js';
import { localClients } from './clients.js';
import { cognitoClient, provisionUserPool } from './cognito.js';
import { functionEnvironment } from './function-environment.js';
import { portIsFree, startMoto, type MotoServer } from './moto.js';
import { projectRoot } from './paths.js';
import { provision } from './provision.js';
import { devConfig } from './runtime-config.js';
import { Supervisor } from './supervisor.js';

const WEB_ROOT = join(projectRoot, 'dist', 'web');
const WEB_BUILD_COMMAND = ['build.mjs', '--only', 'web'] as const;

const config = devConfig();
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

let webBuild: ChildProcess | undefined;
let moto: MotoServer | undefined;
let stopping: Promise<void> | undefined;
const supervisor = new Supervisor((name, code) => {
  say(`${name} exited unexpectedly (code ${code}) and was not started again; stopping everything`);
  void shutdown(1);
});

async function stopEverything(): Promise<void> {
  say('stopping...');
  webBuild?.kill('SIGTERM');
  await supervisor.stopAll(30_000);
  await moto?.stop();
  rmSync(LOCAL_STACK_FILE, { force: true });
  say('stopped');
}

/** Every caller waits for the one clean-up, so none exits while processes are still stopping. */
async function shutdown(exitCode: number): Promise<never> {
  stopping ??= stopEverything();
  await stopping;
  process.exit(exitCode);
}
// Installed before anything starts, so a stop during start-up leaves no moto or build behind.
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

/** `node build.mjs --only web`, its output shown with the same prefixes as the other processes. */
async function buildWebApp(): Promise<void> {
  const command = `node ${WEB_BUILD_COMMAND.join(' ')}`;
  say(`building the web app: ${command}`);
  const child = spawn(process.execPath, WEB_BUILD_COMMAND, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  webBuild = child;
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[web-build] ${line}\n`));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  webBuild = undefined;
  if (code !== 0) throw new Error(`the web app did not build: "${command}" exited with ${code} (its output is above, prefixed [web-build])`);
}

try {
  // Another stack's API on the port would answer the health check below, and this one would
  // report ready while its own API had died.
  if (!(await portIsFree(config.PORT))) throw new Error(`port ${config.PORT} is in use (another "make dev"?): stop it, or start this one with PORT=<free port>`);
  if (config.WEB_BUILD) await buildWebApp();
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error(`${WEB_ROOT}/index.html does not exist: ${config.WEB_BUILD ? 'the web build wrote no index.html' : 'build the web app with "node build.mjs --only web" or leave WEB_BUILD unset'}`);
  }

  const started = await startMoto(config.MOTO_PORT === 0 ? {} : { port: config.MOTO_PORT });
  // A stop that came while moto was starting has already run without it.
  if (stopping) await started.stop();
  moto = started;
  const aws = { endpoint: started.endpoint, region: config.AWS_REGION };
  say(`moto (local AWS) on ${started.endpoint}, pid ${started.pid}`);

  const apiUrl = `http://127.0.0.1:${config.PORT}`;
  const webUrl = `${apiUrl}/`;
  const topology = topologyFor(config.LOCAL_PREFIX);
  const clients = localClients(aws);
  // The browser uploads from the page's origin, whatever PORT is.
  const corsOrigins = [apiUrl, `http://localhost:${config.PORT}`];
  const stack = await provision(clients, topology, { corsOrigins, visibilityTimeoutSeconds: config.DEV_VISIBILITY_TIMEOUT_SECONDS, log: (line) => say(`provisioned ${line}`) });
  const userPool = await provisionUserPool(cognitoClient(aws), config.LOCAL_PREFIX);
  say(`provisioned user pool ${userPool.userPoolId}, app client ${userPool.clientId}`);

  const albumDeletionQueueUrl = stack.jobQueues['album-deleter']!.url;
  const apiEnvironment = {
    ...functionEnvironment(topology, aws, 'api'),
    ALBUM_DELETION_QUEUE_URL: albumDeletionQueueUrl,
    // A retry sends a failed item straight to its processors' queues, as in AWS.
    PROCESSOR_QUEUE_URLS: JSON.stringify(Object.fromEntries(Object.values(stack.queues).map((queue) => [queue.processor, queue.url]))),
    // A fresh cursor key per run: cursors from an earlier `make dev` are simply invalid.
    CURSOR_KEY: randomBytes(32).toString('hex'),
  };
  // The caps the API process will enforce, read the way it reads them, so the browser agrees with it.
  const apiConfig = loadApiConfig({ ...process.env, ...apiEnvironment });
  const webConfig: WebConfig = {
    apiBase: '',
    region: aws.region,
    userPoolId: userPool.userPoolId,
    userPoolClientId: userPool.clientId,
    cognitoEndpoint: `${started.endpoint}/`,
    selfSignUp: false,
    maxUploadBytes: { image: apiConfig.IMAGE_MAX_BYTES, video: apiConfig.VIDEO_MAX_BYTES },
  };
  supervisor.startTs('api', join(projectRoot, 'src/local/api-main.ts'), {
    ...apiEnvironment,
    LOCAL_USER_POOL_ID: userPool.userPoolId,
    LOCAL_USER_POOL_CLIENT_ID: userPool.clientId,
    WEB_ROOT,
    WEB_CONFIG: JSON.stringify(webConfig),
    PORT: String(config.PORT),
    HOST: '127.0.0.1',
  });

  const running: string[] = [
    `web app  ${webUrl}`,
    `api            ${apiUrl}/api/health (users: npm run -s user -- create <name> [--password <password>])`,
  ];
  for (const processor of registry.processors) {
    const queue = stack.queues[processor.name]!;
    const env = {
      ...functionEnvironment(topology, aws, processor.name),
      LOCAL_PROCESSOR: processor.name,
      LOCAL_QUEUE_URL: queue.url,
      LOCAL_QUEUE_ARN: queue.arn,
    };
    const entry = join(projectRoot, processor.entry);
    if (processor.runtime === 'lambda') {
      supervisor.startTs(processor.name, join(projectRoot, 'src/local/poller-main.ts'), env, { restart: true });
      running.push(`${processor.name.padEnd(16)}lambda poller on ${queue.url}`);
    } else if (existsSync(entry)) {
      // Short polls and a short stop budget locally, so Ctrl-C is prompt; AWS gives the task 120 s.
      supervisor.startTs(processor.name, entry, {
          ...env,
          QUEUE_URL: queue.url,
          RECEIVE_WAIT_SECONDS: '5',
          STOP_TIMEOUT_SECONDS: '15',
          ...(config.DEV_VISIBILITY_TIMEOUT_SECONDS ? { VISIBILITY_TIMEOUT_SECONDS: String(Math.max(30, config.DEV_VISIBILITY_TIMEOUT_SECONDS)) } : {}),
        }, { restart: true });
      running.push(`${processor.name.padEnd(16)}worker on ${queue.url}`);
    } else {
      running.push(`${processor.name.padEnd(16)}not started: ${processor.entry} does not exist yet`);
    }
  }

  for (const job of registry.jobs) {
    const env = {
      ...functionEnvironment(topology, aws, job.name),
      ALBUM_DELETION_QUEUE_URL: albumDeletionQueueUrl,
      ALBUM_DELETION_SETTLE_SECONDS: String(config.DEV_ALBUM_DELETION_SETTLE_SECONDS),
      UPLOAD_URL_TTL_SECONDS: String(apiConfig.UPLOAD_URL_TTL_SECONDS),
    };
    if (job.trigger.kind === 'queue') {
      const queue = stack.jobQueues[job.name]!;
      supervisor.startTs(job.name, join(projectRoot, 'src/local/poller-main.ts'), { ...env, LOCAL_PROCESSOR: job.name, LOCAL_QUEUE_URL: queue.url, LOCAL_QUEUE_ARN: queue.arn }, { restart: true });
      running.push(`${job.name.padEnd(16)}lambda poller on ${queue.url}`);
    } else {
      supervisor.startTs(job.name, join(projectRoot, 'src/local/schedule-main.ts'), { ...env, LOCAL_JOB: job.name, LOCAL_EVERY_SECONDS: String(config.DEV_SWEEP_EVERY_SECONDS) }, { restart: true });
      running.push(`${job.name.padEnd(16)}every ${config.DEV_SWEEP_EVERY_SECONDS} s (AWS: every ${job.trigger.everyMinutes} min)`);
    }
  }

  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${apiUrl}/api/health`).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the local API did not answer on ${apiUrl}`);
    await sleep(200);
  }
  // Lets `npm run reprocess` and other commands find this stack without copying its endpoint.
  const record: LocalStackRecord = { ...aws, prefix: config.LOCAL_PREFIX, apiUrl, webUrl, userPool, webConfig, pids: { moto: started.pid, ...supervisor.pids } };
  mkdirSync(dirname(LOCAL_STACK_FILE), { recursive: true });
  writeFileSync(LOCAL_STACK_FILE, JSON.stringify(record, null, 2));
  say('ready:');
  for (const line of running) say(`  ${line}`);
  say(`  originals bucket ${topology.buckets.originals}, derived bucket ${topology.buckets.derived}, table ${topology.tableName}`);
  say(`  AWS_ENDPOINT_URL=${started.endpoint} AWS_REGION=${aws.region} (any access key works)`);
  say(`  stack record ${LOCAL_STACK_FILE}`);
  say(`  pids ${JSON.stringify({ moto: started.pid, ...supervisor.pids })}`);
  say('Ctrl-C stops everything.');
} catch (error) {
  say(`failed to start: ${(error as Error).message}`);
  await shutdown(1);
}
