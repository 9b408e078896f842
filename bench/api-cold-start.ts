/**
 * `npm run -s bench:api`: what a cold start of the API Lambda costs, measured on the zip Lambda
 * runs. Builds every Lambda (node build.mjs, into dist/), unpacks the api zip, then starts fresh
 * Node processes that import the bundled handler and answer one API Gateway v2 event:
 *
 *   - GET /api/health, which calls nothing;
 *   - GET /api/albums as a signed-in user, which runs the real DynamoDB client (credentials from
 *     the environment, SigV4, HTTP) against an in-process stub answering an empty Query page, so
 *     the client's first-call cost is in the number and no network or AWS is.
 *
 * Baseline in the same run: bare `node -e ''` processes. Runs are interleaved (baseline, health,
 * albums, baseline...) so machine load falls on all three alike; medians and p90 are reported.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { projectRoot } from '../src/local/paths.js';
import { apiEvent } from '../test/api/api-events.js';
import { buildLambdas, readZip } from './lambda-zip.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, 'no-build': { type: 'boolean', default: false } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

const dist = join(projectRoot, 'dist');
const manifest = values['no-build'] ? (JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Awaited<ReturnType<typeof buildLambdas>>) : await buildLambdas(dist);
const zip = readFileSync(join(dist, manifest.api!.zip));
const work = mkdtempSync(join(tmpdir(), 'api-cold-start-'));
const files = readZip(zip);
const mapped = join(work, 'mapped');
// The same bundle as it shipped before its maps left the zip, run with NODE_OPTIONS=--enable-source-maps.
let sourceMapBytes = 0;
for (const [name, data] of files) {
  for (const dir of [work, mapped]) mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(work, name), data);
  if (!name.endsWith('.mjs')) continue;
  const map = readFileSync(join(dist, manifest.api!.sourceMaps, `${name}.map`));
  sourceMapBytes += map.length;
  writeFileSync(join(mapped, name), `${data.toString('utf8')}\n//# sourceMappingURL=${basename(name)}.map\n`);
  writeFileSync(join(mapped, `${name}.map`), map);
}
const bundleBytes = files.get('index.mjs')!.length;
const codeBytes = [...files].filter(([name]) => name.endsWith('.mjs')).reduce((sum, [, data]) => sum + data.length, 0);

// Events shaped like API Gateway's (the JWT-authorizer sample in ../shared/fixtures/events).
const eventFor = (path: string) => apiEvent('GET', path, { sub: 'bench-user' });
writeFileSync(join(work, 'health.json'), JSON.stringify(eventFor('/api/health')));
writeFileSync(join(work, 'albums.json'), JSON.stringify(eventFor('/api/albums')));

// performance.now() counts from the process's own start, so `started` is Node's bootstrap.
writeFileSync(
  join(work, 'probe.mjs'),
  `const started = performance.now();
const { handler } = await import(process.argv[3] ?? './index.mjs');
const imported = performance.now();
const event = JSON.parse((await import('node:fs')).readFileSync(new URL(process.argv[2] + '.json', import.meta.url), 'utf8'));
const context = { functionName: 'api', awsRequestId: 'bench', getRemainingTimeInMillis: () => 29000 };
const result = await handler(event, context);
const answered = performance.now();
process.stdout.write(JSON.stringify({ status: result.statusCode, body: result.body, bootstrap: started, import: imported - started, response: answered - imported, answered }) + '\\n');
process.exit(0);
`,
);

// The DynamoDB stub: an empty page for any Query, in the JSON protocol the SDK speaks.
const stub = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const target = String(request.headers['x-amz-target'] ?? '');
    response.writeHead(target.endsWith('.Query') ? 200 : 400, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(target.endsWith('.Query') ? '{"Items":[],"Count":0,"ScannedCount":0}' : `{"__type":"UnknownOperationException","message":"${target}"}`);
  });
});
await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));

const env = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'ap-southeast-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
  TABLE_NAME: 'bench-media',
  ORIGINALS_BUCKET: 'bench-originals',
  DERIVED_BUCKET: 'bench-derived',
  CURSOR_KEY: 'b'.repeat(40),
  ALBUM_DELETION_QUEUE_URL: 'http://127.0.0.1:1/000000000000/bench-album-deleter',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Probe {
  readonly wall: number;
  readonly import?: number;
  readonly response?: number;
  /** From the process's start (Node's time origin) to the handler's answer: what a caller waits for. */
  readonly answered?: number;
}

function run(args: string[], parse: boolean): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`));
      if (!parse) return resolve({ wall });
      const probe = JSON.parse(out.trim().split('\n').pop()!) as { status: number; body: string; import: number; response: number; answered: number };
      if (probe.status !== 200) return reject(new Error(`${args.join(' ')} answered ${probe.status}: ${probe.body}`));
      resolve({ wall, import: probe.import, response: probe.response, answered: probe.answered });
    });
  });
}

const scenarios = [
  { name: "node -e ''", args: ['-e', ''], parse: false },
  { name: 'GET /api/health', args: ['probe.mjs', 'health'], parse: true },
  { name: 'GET /api/albums (DynamoDB Query, stubbed)', args: ['probe.mjs', 'albums'], parse: true },
  { name: '  with its map and --enable-source-maps', args: ['--enable-source-maps', 'probe.mjs', 'albums', './mapped/index.mjs'], parse: true },
] as const;
const results: Probe[][] = scenarios.map(() => []);
try {
  for (let round = 0; round < RUNS; round += 1) {
    for (const [i, scenario] of scenarios.entries()) results[i]!.push(await run([...scenario.args], scenario.parse));
    process.stderr.write(`\rbench:api ${round + 1}/${RUNS}`);
  }
  process.stderr.write('\n');
} finally {
  stub.close();
  rmSync(work, { recursive: true, force: true });
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (values: number[]) => `${quantile(values, 0.5).toFixed(0).padStart(4)} / ${quantile(values, 0.9).toFixed(0).padStart(4)} ms`;
const baseline = quantile(results[0]!.map((r) => r.wall), 0.5);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const lines = [
  `api bundle: zip ${kb(manifest.api!.size)}, unzipped ${kb([...files.values()].reduce((sum, f) => sum + f.length, 0))} (index.mjs ${kb(bundleBytes)} of ${kb(codeBytes)} in ${[...files.keys()].filter((n) => n.endsWith('.mjs')).length} modules; the source maps, ${kb(sourceMapBytes)}, stay in dist/)`,
  `${RUNS} fresh Node ${process.version} processes per row, interleaved; median / p90 (${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the end)`,
  '',
  `${'scenario'.padEnd(42)}  ${'import'.padStart(14)}  ${'first response'.padStart(14)}  ${'answered'.padStart(14)}  ${'process wall'.padStart(14)}  vs bare node`,
];
for (const [i, scenario] of scenarios.entries()) {
  const rows = results[i]!;
  const wall = rows.map((r) => r.wall);
  const cells = scenario.parse ? [ms(rows.map((r) => r.import!)), ms(rows.map((r) => r.response!)), ms(rows.map((r) => r.answered!))] : ['-', '-', '-'];
  lines.push(`${scenario.name.padEnd(42)}  ${cells[0]!.padStart(14)}  ${cells[1]!.padStart(14)}  ${cells[2]!.padStart(14)}  ${ms(wall).padStart(14)}  ${(quantile(wall, 0.5) / baseline).toFixed(2)}x`);
}
lines.push('', 'import: loading and initialising index.mjs (config, clients, router); first response: the handler answering its first event;');
lines.push('answered: from the process\'s start (Node\'s bootstrap included) to that answer, what the first caller of a new container waits for;');
lines.push('process wall: spawn to exit as the parent sees it. Lambda adds its own init (runtime, extensions, zip download) on top.');
process.stdout.write(`${lines.join('\n')}\n`);
