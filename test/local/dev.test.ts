import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { expect } from 'chai';

import { freePort } from '../../src/local/moto.js';
import { projectRoot } from '../../src/local/paths.js';
import { isAlive } from '../support/dev-stack.js';

interface RunningDev {
  readonly make: ChildProcess;
  readonly pids: Record<string, number>;
  readonly port: number;
  readonly output: string[];
}

/** Starts `make dev` in its own process group, as a terminal would, and waits for "ready". */
async function startDev(): Promise<RunningDev> {
  const port = await freePort();
  // Its own stack record, so a `make dev` someone is running keeps its own.
  const stackFile = join(mkdtempSync(join(tmpdir(), 'make-dev-')), 'stack.json');
  const make = spawn('make', ['dev'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), MOTO_PORT: '0', LOCAL_STACK_FILE: stackFile },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: make.stderr! }).on('line', (line) => output.push(line));
  const pids = await new Promise<Record<string, number>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`make dev did not become ready:\n${output.join('\n')}`)), 90_000);
    make.once('exit', (code) => reject(new Error(`make dev exited with ${code}:\n${output.join('\n')}`)));
    createInterface({ input: make.stdout! }).on('line', (line) => {
      output.push(line);
      const match = /^\[dev\]\s+pids (\{.*\})$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(JSON.parse(match[1]!) as Record<string, number>);
      }
    });
  });
  return { make, pids, port, output };
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

async function allGone(pids: readonly number[], withinMs = 40_000): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(isAlive);
}

describe('make dev', function () {
  this.timeout(180_000);

  it('serves /api/health with JSON, runs a poller per Lambda processor, and Ctrl-C (SIGINT to the group) leaves no process behind', async () => {
    const dev = await startDev();
    try {
      const response = await fetch(`http://127.0.0.1:${dev.port}/api/health`);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      expect(await response.json()).to.deep.equal({ status: 'ok' });
      expect(Object.keys(dev.pids)).to.include.members(['moto', 'api', 'image-variants', 'image-labels', 'video-transcode']);
      expect(Object.values(dev.pids).every(isAlive)).to.equal(true);
    } finally {
      process.kill(-dev.make.pid!, 'SIGINT');
    }
    await exitOf(dev.make);
    expect(await allGone(Object.values(dev.pids)), dev.output.slice(-20).join('\n')).to.deep.equal([]);
  });

  it('SIGTERM to make stops every child process too', async () => {
    const dev = await startDev();
    dev.make.kill('SIGTERM');
    await exitOf(dev.make);
    expect(await allGone(Object.values(dev.pids)), dev.output.slice(-20).join('\n')).to.deep.equal([]);
    expect(await fetch(`http://127.0.0.1:${dev.port}/api/health`).then(() => 'answered', () => 'refused')).to.equal('refused');
  });

  it('refuses to start on a port another server holds, instead of taking that server\'s health answer for its own', async () => {
    const port = await freePort();
    // Answers /api/health as a running stack would.
    const squatter = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const make = spawn('make', ['dev'], {
        cwd: projectRoot,
        env: { ...process.env, PORT: String(port), MOTO_PORT: '0', LOCAL_STACK_FILE: join(mkdtempSync(join(tmpdir(), 'make-dev-')), 'stack.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      for (const stream of [make.stdout!, make.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
      expect(await exitOf(make), output.join('\n')).to.not.equal(0);
      expect(output.join('\n')).to.include(`port ${port} is in use`);
      expect(output.some((line) => /\[dev\] ready/.test(line))).to.equal(false);
    } finally {
      squatter.close();
    }
  });
});
