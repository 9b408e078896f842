// The video worker's Terraform (terraform/video.tf, modules/network, modules/fargate-worker) read
// with python-hcl2 and held against what it must agree with: the processor registry (one worker
// per Fargate processor, cpu and memory from its entry), the configuration the worker's main.ts
// reads, and the rendition recipe the task's disk is sized from. No terraform binary is needed;
// terraform/tests/video.tftest.hcl checks the modules planned with OpenTofu (make validate-tf).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

import { registry } from '../../src/shared/registry.js';
import { RENDITIONS } from '../../src/worker/video-transcode/renditions.js';
import { DEFAULT_MAX_BYTES } from '../../src/shared/media-types.js';
import { block, parseHcl } from '../support/hcl.js';
import { ROOT } from './tools.js';

type Hcl = Record<string, unknown>;

const video = parseHcl('terraform/video.tf');
const locals = block(video, 'locals') as unknown as Hcl;
const worker = block(video, 'module', 'video_worker') as unknown as Hcl;
const network = block(video, 'module', 'network') as unknown as Hcl;
const variables = block(parseHcl('terraform/variables.tf'), 'variable') as unknown as Record<string, Hcl>;
const rootLocals = block(parseHcl('terraform/locals.tf'), 'locals') as unknown as Hcl;

/** The `key = value` pairs of a Terraform object literal written inside an expression, such as `{a = b, c = d}`. */
function objectFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  for (const part of parts) {
    const match = /^\s*([\w"-]+)\s*=\s*([\s\S]+?)\s*$/.exec(part);
    if (match) fields.set(match[1]!.replace(/^"(.*)"$/, '$1'), match[2]!);
  }
  return fields;
}

/** local.fargate_processors as `{for <p> in local.registry.processors : <p>.name => {...} if <p>.runtime == "fargate"}`. */
function fargateProcessorsLocal(): { variable: string; fields: Map<string, string> } {
  const expression = String(locals.fargate_processors);
  const shape = /^\$\{\{for (\w+) in local\.registry\.processors : \1\.name => \{([\s\S]+)\} if \1\.runtime == "fargate"\}\}$/;
  const match = shape.exec(expression);
  expect(match, `local.fargate_processors no longer has the shape this test reads:\n${expression}`).to.not.equal(null);
  return { variable: match![1]!, fields: objectFields(match![2]!) };
}

/** The worker's environment: `merge(local.processor_environment_common, {...}, try(local.fargate_processor_environment[each.key], {}))`. */
function workerEnvironment(processor: string): Map<string, string> {
  const expression = String(worker.environment_variables);
  const shape = /^\$\{merge\(local\.processor_environment_common, \{([\s\S]+?)\}, try\(local\.fargate_processor_environment\[each\.key\], \{\}\)\)\}$/;
  const match = shape.exec(expression);
  expect(match, `module.video_worker's environment_variables no longer has the shape this test reads:\n${expression}`).to.not.equal(null);
  const common = rootLocals.processor_environment_common as Record<string, string>;
  const extra = ((locals.fargate_processor_environment as Record<string, Record<string, string>>)[processor] ?? {}) as Record<string, string>;
  // Values of locals come back as `${expression}`, fields of an inline object as the bare expression.
  const bare = (entries: [string, string][]) => entries.map(([k, v]): [string, string] => [k, v.replace(/^\$\{([\s\S]*)\}$/, '$1')]);
  return new Map([...bare(Object.entries(common)), ...objectFields(match![1]!), ...bare(Object.entries(extra))]);
}

/** The variables src/worker/<name>/main.ts passes to loadConfig, and whether each has a fallback. */
function workerConfig(processor: string): Map<string, { required: boolean }> {
  const source = readFileSync(path.join(ROOT, 'src', 'worker', processor, 'main.ts'), 'utf8');
  const spec = /loadConfig\(\{([\s\S]+?)\n\}\);/.exec(source);
  expect(spec, `src/worker/${processor}/main.ts no longer calls loadConfig({...}) the way this test reads it`).to.not.equal(null);
  const config = new Map<string, { required: boolean }>();
  for (const line of spec![1]!.split('\n')) {
    const entry = /^\s*([A-Z][A-Z0-9_]*): (string|integer|boolean)\((.*)\),?$/.exec(line);
    if (!entry) continue;
    const [, name, reader, args] = entry as unknown as [string, string, string, string];
    const required = reader === 'string' ? args.trim() === '' : reader === 'integer' ? !/fallback:/.test(args) : false;
    config.set(name, { required });
  }
  // ...awsRuntimeSpec: the settings every deployed function shares.
  if (/\.\.\.awsRuntimeSpec/.test(spec![1]!)) config.set('S3_FORCE_PATH_STYLE', { required: false });
  expect(config.size, 'no configuration variable found in main.ts').to.be.greaterThan(3);
  return config;
}

const fargateProcessors = registry.processors.filter((p) => p.runtime === 'fargate');

describe('IaC: the video worker Terraform agrees with the registry and the worker', () => {
  it('the registry has a Fargate processor to deploy', () => {
    expect(fargateProcessors.map((p) => p.name)).to.include('video-transcode');
  });

  it('creates one fargate-worker per processor whose runtime is "fargate", and one network for them', () => {
    expect(worker.source).to.equal('./modules/fargate-worker');
    expect(worker.for_each).to.equal('${local.fargate_processors}');
    const { fields } = fargateProcessorsLocal();
    expect(fields.size, 'local.fargate_processors has no fields').to.be.greaterThan(0);
    // The Lambda side selects the complement, so every processor runs in exactly one place.
    expect(String(rootLocals.lambda_processors)).to.match(/if processor\.runtime == "lambda"\}\}$/);
    expect(network.source).to.equal('./modules/network');
    expect(network.count).to.equal('${length(local.fargate_processors) > 0 ? 1 : 0}');
    // Each worker consumes its processor's queue, which exists for every registry entry.
    expect(worker.queue_arn).to.equal('${module.processor_queue[each.key].queue_arn}');
    expect(block(parseHcl('terraform/main.tf'), 'module', 'processor_queue').for_each).to.equal('${local.processors}');
  });

  it("takes each task's cpu and memory from the registry entry", () => {
    const { variable, fields } = fargateProcessorsLocal();
    expect(fields.get('cpu')).to.equal(`${variable}.cpu`);
    expect(fields.get('memory')).to.equal(`${variable}.memoryMb`);
    expect(worker.cpu).to.equal('${each.value.cpu}');
    expect(worker.memory).to.equal('${each.value.memory}');
    expect(fields.get('max_tasks'), 'the task ceiling is the registry maxConcurrency, capped by worker_max_tasks').to.equal(
      `min(${variable}.maxConcurrency, coalesce(var.worker_max_tasks, ${variable}.maxConcurrency))`,
    );
  });

  it('every Fargate processor of the registry has a task size Fargate offers', () => {
    const memory: Record<number, { min: number; max: number; step: number }> = {
      256: { min: 512, max: 2048, step: 512 },
      512: { min: 1024, max: 4096, step: 1024 },
      1024: { min: 2048, max: 8192, step: 1024 },
      2048: { min: 4096, max: 16384, step: 1024 },
      4096: { min: 8192, max: 30720, step: 1024 },
      8192: { min: 16384, max: 61440, step: 4096 },
      16384: { min: 32768, max: 122880, step: 8192 },
    };
    for (const p of fargateProcessors) {
      const size = memory[p.cpu ?? -1];
      expect(size, `${p.name}: cpu ${p.cpu} is not a Fargate size`).to.not.equal(undefined);
      expect(p.memoryMb, `${p.name}: memory`).to.be.within(size!.min, size!.max);
      expect(p.memoryMb % size!.step, `${p.name}: memory step`).to.equal(0);
    }
  });

  it("sets every variable the worker's main.ts requires, and none it does not read", () => {
    for (const p of fargateProcessors) {
      const environment = workerEnvironment(p.name);
      const config = workerConfig(p.name);
      for (const [name, { required }] of config) {
        if (required) expect(environment.has(name), `${p.name}: ${name} is required by main.ts but Terraform does not set it`).to.equal(true);
      }
      // POWERTOOLS_* are read by the shared logger, not by loadConfig.
      const stray = [...environment.keys()].filter((name) => !config.has(name) && !name.startsWith('POWERTOOLS_'));
      expect(stray, `${p.name}: Terraform sets variables main.ts does not read`).to.deep.equal([]);
      expect(environment.get('QUEUE_URL')).to.equal('module.processor_queue[each.key].queue_url');
      expect(environment.get('S3_FORCE_PATH_STYLE')).to.equal('false');
      expect(environment.get('POWERTOOLS_SERVICE_NAME')).to.equal('each.key');
    }
  });

  it('points SCRATCH_DIR at the writable volume and drains within the stop timeout', () => {
    const environment = workerEnvironment('video-transcode');
    expect(worker.scratch_path).to.equal('${local.worker_scratch_path}');
    expect(environment.get('SCRATCH_DIR')).to.equal('local.worker_scratch_path');
    expect(String(locals.worker_scratch_path)).to.match(/^\/[\w/-]+$/);
    expect(worker.stop_timeout_seconds).to.equal('${local.worker_stop_timeout_seconds}');
    expect(environment.get('STOP_TIMEOUT_SECONDS')).to.equal('tostring(local.worker_drain_timeout_seconds)');
    const stop = Number(locals.worker_stop_timeout_seconds);
    const drain = Number(locals.worker_drain_timeout_seconds);
    expect(stop).to.equal(120);
    expect(drain, 'the worker must hand back its job before SIGKILL').to.be.lessThan(stop);
  });

  it("sizes the task's disk from the largest accepted upload and the rendition recipe's bitrate caps", () => {
    const caps = RENDITIONS.map((r) => `${r.maxRateKbps} + ${r.audioKbps}`).join(' + ');
    expect(locals.video_max_output_bytes).to.equal(`\${local.video_max_duration_seconds * (${caps}) * 1000 / 8}`);
    const storage = String((locals.fargate_processor_ephemeral_storage_gib as Record<string, string>)['video-transcode']);
    expect(storage).to.contain('var.video_max_bytes + local.video_max_output_bytes');
    expect(storage).to.match(/^\$\{min\(200, max\(21, /);

    // The same arithmetic as Terraform, on the defaults: it must fit Fargate's 21-200 GiB.
    const inputBytes = Number(variables.video_max_bytes!.default);
    const outputBytes = (Number(locals.video_max_duration_seconds) * RENDITIONS.reduce((sum, r) => sum + r.maxRateKbps + r.audioKbps, 0) * 1000) / 8;
    const needed = Math.ceil((Number(locals.worker_concurrency) * (inputBytes + outputBytes)) / 1024 ** 3 + Number(locals.worker_image_allowance_gib));
    expect(needed, 'one job no longer fits the largest Fargate disk').to.be.at.most(200);
    expect(inputBytes, 'the API accepts videos up to 5 GiB by default (src/api/config.ts)').to.equal(5 * 1024 ** 3);
    expect(workerEnvironment('video-transcode').get('MAX_INPUT_BYTES')).to.equal('tostring(var.video_max_bytes)');
  });

  it('gives the API and the processors one size limit per media class, with the same defaults as the code', () => {
    const apiEnvironment = block(parseHcl('terraform/api.tf'), 'locals') as unknown as { api_environment: Record<string, string> };
    const processorEnvironment = rootLocals.processor_environment as Record<string, Record<string, string>>;
    expect(apiEnvironment.api_environment.IMAGE_MAX_BYTES).to.equal('${tostring(var.image_max_bytes)}');
    expect(processorEnvironment['image-variants']!.MAX_INPUT_BYTES).to.equal('${tostring(var.image_max_bytes)}');
    expect(apiEnvironment.api_environment.VIDEO_MAX_BYTES).to.equal('${tostring(var.video_max_bytes)}');
    expect(workerEnvironment('video-transcode').get('MAX_INPUT_BYTES')).to.equal('tostring(var.video_max_bytes)');
    expect(Number(variables.image_max_bytes!.default)).to.equal(DEFAULT_MAX_BYTES.image);
    expect(Number(variables.video_max_bytes!.default)).to.equal(DEFAULT_MAX_BYTES.video);
  });

  it('refuses a moving image tag', () => {
    const validation = (variables.worker_image_tag!.validation as Hcl[])[0]!;
    const pattern = /can\(regex\("(.+)", var\.worker_image_tag\)\)/.exec(String(validation.condition));
    expect(pattern, String(validation.condition)).to.not.equal(null);
    const accepts = new RegExp(pattern![1]!.replace(/\\\\/g, '\\'));
    expect(accepts.test('latest')).to.equal(false);
    expect(accepts.test('0123456789abcdef0123456789abcdef01234567')).to.equal(true);
    expect(accepts.test('3f2a9c1')).to.equal(true);
    expect(variables.worker_image_tag!.default, 'a default tag would deploy an image nobody chose').to.equal(undefined);
  });
});
