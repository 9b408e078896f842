/**
 * Runs the local stack's child processes, prefixes their output, and stops every one of them on
 * shutdown: SIGTERM first, SIGKILL for any that do not exit within the grace period. A process
 * started with `restart` is started again when it dies, as Lambda and ECS replace a crashed
 * function or task; one that keeps dying (RESTART_LIMIT times in RESTART_WINDOW_MS) is reported
 * as an unexpected exit instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
}

const RESTART_LIMIT = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 500;

export interface StartOptions {
  readonly restart?: boolean;
}

export class Supervisor {
  private readonly processes: ManagedProcess[] = [];
  private readonly restarts = new Map<string, number[]>();
  private stopping = false;

  constructor(
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  get pids(): Record<string, number> {
    return Object.fromEntries(this.processes.map((p) => [p.name, p.child.pid ?? -1]));
  }

  /** Starts a TypeScript entry point under Node with tsx, in its own environment. */
  startTs(name: string, file: string, env: Record<string, string>, options: StartOptions = {}): ManagedProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const managed = { name, child };
    const slot = this.processes.findIndex((p) => p.name === name);
    if (slot >= 0) this.processes[slot] = managed;
    else this.processes.push(managed);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.write(`[${name}] ${line}`));
    }
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (options.restart && this.mayRestart(name)) {
        this.write(`[supervisor] ${name} exited (${signal ?? `code ${code}`}); starting it again`);
        setTimeout(() => {
          if (!this.stopping) this.startTs(name, file, env, options);
        }, RESTART_DELAY_MS);
        return;
      }
      this.onUnexpectedExit(name, code);
    });
    return managed;
  }

  private mayRestart(name: string): boolean {
    const now = Date.now();
    const recent = (this.restarts.get(name) ?? []).filter((at) => now - at < RESTART_WINDOW_MS);
    recent.push(now);
    this.restarts.set(name, recent);
    return recent.length <= RESTART_LIMIT;
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.processes.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
