/**
 * `make dev`: the whole system on this machine. moto plays AWS, the registry provisions it, the
 * API runs behind a local HTTP adapter and every processor behind its own queue poller, each in
 * its own process with the environment Terraform would give it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { LOCAL_STACK_FILE } from '../cli/stack-target.js';
import { setTimeout as sleep } from 'node:timers/promises';

import { registry } from '../shared/registry.js';
import { topologyFor } from '../shared/topology.js';
import { localClients } from './clients.js';
import { cognitoClient, provisionUserPool } from './cognito.js';
import { functionEnvironment } from './function-environment.js';
import { startMoto } from './moto.js';
import { projectRoot } from './paths.js';
import { provision } from './provision.js';
import { devConfig } from './runtime-config.js';
import { Supervisor } from './supervisor.js';

const config = devConfig();
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

const moto = await startMoto(config.MOTO_PORT === 0 ? {} : { port: config.MOTO_PORT });
const aws = { endpoint: moto.endpoint, region: config.AWS_REGION };
say(`moto (local AWS) on ${moto.endpoint}, pid ${moto.pid}`);

let shuttingDown = false;
const supervisor = new Supervisor((name, code) => {
  say(`${name} exited unexpectedly (code ${code}); stopping everything`);
  void shutdown(1);
});

async function shutdown(exitCode: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    say('stopping...');
    await supervisor.stopAll(30_000);
    await moto.stop();
    rmSync(LOCAL_STACK_FILE, { force: true });
    say('stopped');
  }
  process.exit(exitCode);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  const topology = topologyFor(config.LOCAL_PREFIX);
  const clients = localClients(aws);
  const stack = await provision(clients, topology, { log: (line) => say(`provisioned ${line}`) });
  const userPool = await provisionUserPool(cognitoClient(aws), config.LOCAL_PREFIX);
  say(`provisioned user pool ${userPool.userPoolId}, app client ${userPool.clientId}`);

  const apiUrl = `http://127.0.0.1:${config.PORT}`;
  supervisor.startTs('api', join(projectRoot, 'src/local/api-main.ts'), {
    ...functionEnvironment(topology, aws, 'api'),
    // A fresh cursor key per run: cursors from an earlier `make dev` are simply invalid.
    CURSOR_KEY: randomBytes(32).toString('hex'),
    LOCAL_USER_POOL_ID: userPool.userPoolId,
    LOCAL_USER_POOL_CLIENT_ID: userPool.clientId,
    PORT: String(config.PORT),
    HOST: '127.0.0.1',
  });

  const running: string[] = [`api            ${apiUrl}/api/health (tokens: npm run -s user -- create <name>)`];
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
      supervisor.startTs(processor.name, join(projectRoot, 'src/local/poller-main.ts'), env);
      running.push(`${processor.name.padEnd(16)}lambda poller on ${queue.url}`);
    } else if (existsSync(entry)) {
      // Short polls and a short stop budget locally, so Ctrl-C is prompt; AWS gives the task 120 s.
      supervisor.startTs(processor.name, entry, { ...env, QUEUE_URL: queue.url, RECEIVE_WAIT_SECONDS: '5', STOP_TIMEOUT_SECONDS: '15' });
      running.push(`${processor.name.padEnd(16)}worker on ${queue.url}`);
    } else {
      running.push(`${processor.name.padEnd(16)}not started: ${processor.entry} does not exist yet`);
    }
  }

  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${apiUrl}/api/health`).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the local API did not answer on ${apiUrl}`);
    await sleep(200);
  }
  // Lets `npm run reprocess` and other commands find this stack without copying its endpoint.
  mkdirSync(dirname(LOCAL_STACK_FILE), { recursive: true });
  writeFileSync(LOCAL_STACK_FILE, JSON.stringify({ ...aws, prefix: config.LOCAL_PREFIX, apiUrl, userPool }, null, 2));
  say('ready:');
  for (const line of running) say(`  ${line}`);
  say(`  originals bucket ${topology.buckets.originals}, derived bucket ${topology.buckets.derived}, table ${topology.tableName}`);
  say(`  AWS_ENDPOINT_URL=${moto.endpoint} AWS_REGION=${aws.region} (any access key works)`);
  say(`  pids ${JSON.stringify({ moto: moto.pid, ...supervisor.pids })}`);
  say('Ctrl-C stops everything.');
} catch (error) {
  say(`failed to start: ${(error as Error).message}`);
  await shutdown(1);
}
