/**
 * Runs the local stack's child processes, prefixes their output, and stops every one of them on
 * shutdown: SIGTERM first, SIGKILL for any that do not exit within the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
}

export class Supervisor {
  private readonly processes: ManagedProcess[] = [];
  private stopping = false;

  constructor(
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  get pids(): Record<string, number> {
    return Object.fromEntries(this.processes.map((p) => [p.name, p.child.pid ?? -1]));
  }

  /** Starts a TypeScript entry point under Node with tsx, in its own environment. */
  startTs(name: string, file: string, env: Record<string, string>): ManagedProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const managed = { name, child };
    this.processes.push(managed);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.write(`[${name}] ${line}`));
    }
    child.once('exit', (code) => {
      if (!this.stopping) this.onUnexpectedExit(name, code);
    });
    return managed;
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
