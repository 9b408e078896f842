/**
 * moto in server mode on a free loopback port: the local AWS for `make dev` and for every
 * integration test. Started from the project's .venv (installed by `make install`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { projectRoot } from './paths.js';

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Fixed port; by default a free one is picked so parallel runs never collide. */
  readonly port?: number;
  readonly startupTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export const motoBinary = (): string => join(projectRoot, '.venv', 'bin', 'python');

/** moto_server with DynamoDB requests served one at a time: see the script for why. */
const MOTO_SERVER_SCRIPT = join(projectRoot, 'tools', 'moto', 'server.py');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether nothing listens on `port` yet: a server that answers there would be mistaken for ours. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const binary = motoBinary();
  if (!existsSync(binary)) throw new Error(`moto is not installed at ${binary}: run "make install"`);
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(binary, port, options);
    } catch (error) {
      // Another process may grab the port between our probe and moto's bind: pick another.
      lastError = error as Error;
    }
  }
  throw lastError ?? new Error('moto did not start');
}

async function launch(binary: string, port: number, options: StartMotoOptions): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [MOTO_SERVER_SCRIPT, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    options.log?.(chunk.toString());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode} on port ${port}:\n${output}`);
    if (await answers(endpoint)) return { endpoint, port, pid: child.pid ?? -1, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`moto did not answer on ${endpoint} within the startup timeout:\n${output}`);
}
