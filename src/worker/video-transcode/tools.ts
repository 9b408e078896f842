/** Runs ffmpeg and ffprobe as child processes: output collected, killed on abort, failures typed. */
import { spawn } from 'node:child_process';

export class ToolError extends Error {
  override name = 'ToolError';

  constructor(
    readonly tool: string,
    /** Undefined when the process died by a signal or could not start. */
    readonly exitCode: number | undefined,
    readonly stderr: string,
    message: string,
  ) {
    super(message);
  }
}

export class AbortedError extends Error {
  override name = 'AbortedError';
}

const STDERR_LIMIT = 64 * 1024;

/** Resolves with stdout when the tool exits 0; rejects with a ToolError otherwise and with AbortedError when the signal fires. */
export function runTool(command: string, args: readonly string[], signal?: AbortSignal): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError(`${command} not started: aborted`));
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the tail: ffmpeg's reason for failing is its last lines.
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT);
    });
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new ToolError(command, undefined, stderr, `${command} could not start: ${error.message}`));
    });
    child.once('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(new AbortedError(`${command} stopped: aborted`));
      if (code === 0) return resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr });
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(new ToolError(command, code ?? undefined, stderr, `${command} ${code === null ? `killed by ${killedBy}` : `exited ${code}`}: ${last}`));
    });
  });
}
