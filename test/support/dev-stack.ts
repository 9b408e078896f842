/**
 * A whole `make dev` stack for one test file: `node --import tsx src/local/dev.ts` as a child
 * process on free ports, with its own resource prefix and its own stack record, so it never
 * touches (or, on stopping, deletes) the record of a `make dev` someone is using.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { LocalStackRecord } from '../../src/cli/stack-target.js';
import { freePort } from '../../src/local/moto.js';
import { projectRoot } from '../../src/local/paths.js';

export interface DevStackOptions {
  /** false reuses dist/web as built (WEB_BUILD=false), for suites that start many stacks. Default true. */
  readonly buildWeb?: boolean;
  /** How long start-up (web build, moto, provisioning, processes) may take. Default 180 s. */
  readonly readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before it SIGKILLs. Default 45 s (dev.ts gives its children 30 s). */
  readonly stopGraceMs?: number;
  /** Extra environment for dev.ts and, through it, every process it starts. */
  readonly env?: Readonly<Record<string, string>>;
  /** Every line dev.ts and its children print, as it comes (for debugging a test). */
  readonly onOutput?: (line: string) => void;
}

export interface DevStack {
  /** The web app, e.g. `http://127.0.0.1:41234/`. */
  readonly webUrl: string;
  /** The API's origin, e.g. `http://127.0.0.1:41234` (routes under `/api`). */
  readonly apiUrl: string;
  /** The record dev.ts wrote (moto endpoint, region, prefix, user pool, web config). */
  readonly stack: LocalStackRecord;
  /** Where that record is: pass it as LOCAL_STACK_FILE to a command (`npm run -s user`) meant for this stack. */
  readonly stackFile: string;
  /** Process ids dev.ts reported: moto and every child it started. */
  readonly pids: Readonly<Record<string, number>>;
  /** The last lines of output, for assertion messages. */
  output(): string;
  /** SIGTERM, wait for exit (SIGKILL after the grace period), remove the temporary directory. */
  stop(): Promise<void>;
}

const OUTPUT_LINES_KEPT = 200;
const READY_LINE = /^\[dev\] Ctrl-C stops everything\.$/;
const PIDS_LINE = /^\[dev\]\s+pids (\{.*\})$/;

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Whether a process still exists (signal 0 checks without signalling). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const temp = await mkdtemp(join(tmpdir(), 'dev-stack-'));
  const stackFile = join(temp, 'stack.json');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/local/dev.ts')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      MOTO_PORT: '0',
      LOCAL_PREFIX: `album-t${randomBytes(4).toString('hex')}`,
      LOCAL_STACK_FILE: stackFile,
      ...(options.buildWeb === false ? { WEB_BUILD: 'false' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const output = () => lines.join('\n');
  let pids: Record<string, number> = {};
  let onReady: (() => void) | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
      options.onOutput?.(line);
      const reported = PIDS_LINE.exec(line);
      if (reported) pids = JSON.parse(reported[1]!) as Record<string, number>;
      if (READY_LINE.test(line)) onReady?.();
    });
  }

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // dev.ts stops its own children on SIGTERM; only if it hangs are they killed here, by id.
        const timer = setTimeout(() => {
          for (const pid of [child.pid, ...Object.values(pids)]) if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
        }, options.stopGraceMs ?? 45_000);
        child.kill('SIGTERM');
        await exited(child);
        clearTimeout(timer);
      }
      await rm(temp, { recursive: true, force: true });
    })());

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.readyTimeoutMs ?? 180_000;
      const timer = setTimeout(() => reject(new Error(`dev.ts was not ready within ${timeoutMs / 1000} s; its output:\n${output()}`)), timeoutMs);
      onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`dev.ts exited (${signal ?? `code ${code}`}) before it was ready; its output:\n${output()}`));
      });
    });
    const stack = JSON.parse(await readFile(stackFile, 'utf8')) as LocalStackRecord;
    const apiUrl = stack.apiUrl ?? `http://127.0.0.1:${port}`;
    return { webUrl: stack.webUrl ?? `${apiUrl}/`, apiUrl, stack, stackFile, pids, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
