/**
 * The worker's Dockerfile, checked without a Docker engine: parsed here, then held against what
 * `node build.mjs` writes. The image's entry point must be a file the build produces, every stage
 * must be linux/amd64 on a tagged base image of the Node.js major build.mjs targets, the final user
 * must not be root, ffmpeg must come from Debian, and the build stage's `npm ci` must install sharp
 * for linux-x64 from the lockfile build.mjs wrote.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = 'video-transcode';
const EM_X86_64 = 62;

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

interface Stage {
  readonly image: string;
  readonly platform?: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

/** Instructions with continuation lines joined and comment lines dropped, as Docker reads them. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { ...pending, parts: [...pending.parts, part] } : { parts: [part], line: index + 1 };
    if (continued) return;
    const joined = pending.parts.filter(Boolean).join(' ');
    const [keyword = '', ...rest] = joined.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

const substitute = (value: string, args: Readonly<Record<string, string>>) =>
  value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => args[(braced ?? bare)!] ?? '');

/** Flags (`--name=value`) and the remaining words of an instruction's arguments. */
const flagsOf = (args: string) => {
  const words = args.split(/\s+/).filter(Boolean);
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (const word of words) {
    const flag = /^--([\w-]+)=(.*)$/.exec(word);
    if (flag && rest.length === 0) flags[flag[1]!] = flag[2]!;
    else rest.push(word);
  }
  return { flags, rest };
}

function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const globalArgs: Record<string, string> = {};
  const stages: { image: string; platform?: string; name?: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const { flags, rest } = flagsOf(instruction.args);
      const [image = '', as, name] = rest;
      stages.push({
        image: substitute(image, globalArgs),
        ...(flags.platform ? { platform: substitute(flags.platform, globalArgs) } : {}),
        ...(as?.toUpperCase() === 'AS' && name ? { name } : {}),
        instructions: [],
      });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [key = '', value = ''] = instruction.args.split('=');
      globalArgs[key] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** Words of a shell-form or JSON exec-form argument list. */
const words = (args: string): string[] => (args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/).filter(Boolean));

describe('Dockerfile (the video-transcode worker image)', function () {
  this.timeout(300_000);
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = stagesOf(parseDockerfile(dockerfile));
  const runtime = stages.at(-1)!;
  const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
  const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);
  let work: string;
  let dist: string;

  /** Where a file the image holds at `imagePath` comes from in the build context, by the final stage's COPY lines. */
  const contextSourceOf = (imagePath: string): string | undefined => {
    let workdir = '/';
    let found: string | undefined;
    for (const instruction of runtime.instructions) {
      if (instruction.keyword === 'WORKDIR') workdir = posix.resolve(workdir, instruction.args.trim());
      if (instruction.keyword !== 'COPY') continue;
      const { flags, rest } = flagsOf(instruction.args);
      if (flags.from) continue;
      const list = words(rest.join(' '));
      const destination = posix.resolve(workdir, list.at(-1)!);
      const intoFolder = list.length > 2 || list.at(-1)!.endsWith('/');
      for (const source of list.slice(0, -1)) {
        const target = intoFolder ? posix.join(destination, posix.basename(source)) : destination;
        if (target === imagePath) found = source;
      }
    }
    return found;
  };

  /** A build-context path (dist/...) in the build this test made. */
  const built = (contextPath: string) => {
    expect(contextPath.startsWith('dist/'), `${contextPath} comes from dist/`).to.equal(true);
    return join(dist, contextPath.slice('dist/'.length));
  };

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'dockerfile-test-'));
    dist = join(work, 'dist');
    const build = spawnSync(process.execPath, [join(ROOT, 'build.mjs'), '--outdir', dist], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node build.mjs failed:\n${build.stderr}`);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is multi-stage, every FROM is --platform=linux/amd64 (Fargate Spot runs only X86_64)', () => {
    expect(stages.length).to.be.at.least(2);
    for (const stage of stages) expect(stage.platform, stage.image).to.equal('linux/amd64');
  });

  it('names every base image by a tag (or digest), never latest, on slim Debian with the Node.js major build.mjs targets', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { containers: Record<string, { node: string }> };
    const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
    for (const stage of stages) {
      if (stageNames.has(stage.image)) continue;
      const [repository, tag] = stage.image.split('@')[0]!.split(':');
      expect(tag, `${stage.image}: tag`).to.be.a('string').and.not.equal('');
      expect(tag, stage.image).to.not.match(/^latest$|^lts$|^current/);
      expect(repository, stage.image).to.equal('node');
      expect(tag!.split(/[.-]/)[0], `${stage.image}: Node.js major`).to.equal(manifest.containers[WORKER]!.node);
    }
    expect(runtime.image).to.match(/-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/);
    expect(dockerfile).to.not.match(/:latest\b/);
  });

  it('runs as a non-root user, the uid 10001 it creates', () => {
    const user = last(runtime, 'USER');
    expect(user, 'USER in the final stage').to.not.equal(undefined);
    const [uid] = user!.args.trim().split(':');
    expect(uid).to.not.be.oneOf(['root', '0']);
    expect(uid).to.equal('10001');
    expect(all(runtime, 'RUN').some((r) => /useradd\b.*--uid 10001\b/.test(r.args)), 'useradd --uid 10001').to.equal(true);
  });

  it("installs Debian's ffmpeg without recommended packages and leaves no apt lists behind", () => {
    const install = all(runtime, 'RUN').find((r) => /apt-get install\b/.test(r.args));
    expect(install, 'apt-get install in the final stage').to.not.equal(undefined);
    expect(install!.args).to.match(/apt-get install -y --no-install-recommends ffmpeg\b/);
    expect(install!.args).to.match(/apt-get update/);
    expect(install!.args).to.match(/rm -rf \/var\/lib\/apt\/lists\/\*/);
  });

  it('starts node on a bundle that build.mjs writes, at the path the COPY lines put it', () => {
    const entrypoint = last(runtime, 'ENTRYPOINT');
    expect(entrypoint?.args.trim().startsWith('['), 'exec form, so node is PID 1 and gets SIGTERM').to.equal(true);
    const [command, script, ...rest] = words(entrypoint!.args);
    expect(command).to.equal('node');
    expect(rest).to.deep.equal([]);
    const source = contextSourceOf(script!);
    expect(source, `a COPY from the build context puts ${script} in the image`).to.be.a('string');
    expect(source).to.equal(`dist/containers/${WORKER}/main.mjs`);
    expect(existsSync(built(source!)), `${source} after node build.mjs`).to.equal(true);
    expect(spawnSync(process.execPath, ['--check', built(source!)]).status).to.equal(0);
  });

  it('copies only files build.mjs writes, and .dockerignore lets exactly those into the context', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignore[0], 'everything is excluded first').to.equal('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const sources = stages.flatMap((s) => all(s, 'COPY').filter((c) => !flagsOf(c.args).flags.from).flatMap((c) => words(flagsOf(c.args).rest.join(' ')).slice(0, -1)));
    expect(sources.length).to.be.greaterThan(0);
    for (const source of sources) {
      expect(allowed.some((a) => source === a || source.startsWith(`${a}/`)), `${source} is let in by .dockerignore`).to.equal(true);
      expect(existsSync(built(source)), `${source} after node build.mjs`).to.equal(true);
    }
  });

  it('gives the worker a scratch volume through the variable it reads, stops with SIGTERM, and sets no secrets', () => {
    const env = Object.fromEntries(all(runtime, 'ENV').flatMap((e) => e.args.split(/\s+/).filter((w) => w.includes('=')).map((w) => w.split('=') as [string, string])));
    expect(readFileSync(join(ROOT, 'src', 'worker', WORKER, 'main.ts'), 'utf8')).to.include('SCRATCH_DIR: string(');
    expect(env.SCRATCH_DIR, 'SCRATCH_DIR').to.match(/^\//);
    expect(env).to.include({ NODE_ENV: 'production', TMPDIR: env.SCRATCH_DIR });
    const volumes = all(runtime, 'VOLUME').flatMap((v) => words(v.args));
    expect(volumes).to.include(env.SCRATCH_DIR);
    expect(all(runtime, 'RUN').some((r) => r.args.includes(`chown worker:worker ${env.SCRATCH_DIR}`)), 'the volume belongs to the worker user').to.equal(true);
    expect(last(runtime, 'STOPSIGNAL')?.args.trim()).to.equal('SIGTERM');
    for (const stage of stages) {
      for (const i of [...all(stage, 'ENV'), ...all(stage, 'ARG')]) expect(i.args, `line ${i.line}`).to.not.match(/SECRET|PASSWORD|TOKEN|ACCESS_KEY/i);
    }
  });

  it("the build stage's npm ci, run as written, installs sharp with linux-x64 binaries, and the bundle loads with it", () => {
    const build = stages[0]!;
    const copy = all(build, 'COPY')[0]!;
    const files = words(copy.args).slice(0, -1);
    expect(files.map((f) => basename(f)).sort()).to.deep.equal(['package-lock.json', 'package.json']);
    const install = all(build, 'RUN').find((r) => r.args.startsWith('npm ci'))!;
    const npmCi = install.args.split('&&')[0]!.trim().split(/\s+/);
    expect(npmCi).to.include('--omit=dev');

    const stage = join(work, 'build-stage');
    for (const file of files) cpSync(built(file), join(stage, basename(file)));
    const run = spawnSync(npmCi[0]!, [...npmCi.slice(1), '--prefer-offline', '--loglevel=error'], { cwd: stage, encoding: 'utf8', timeout: 240_000 });
    expect(run.status, run.stderr).to.equal(0);
    const img = readdirSync(join(stage, 'node_modules', '@img')).sort();
    expect(img).to.include.members(['sharp-linux-x64', 'sharp-libvips-linux-x64']);
    expect(img.filter((p) => /arm|darwin|win32|musl|wasm/.test(p)), 'no other platform').to.deep.equal([]);
    const addon = readdirSync(join(stage, 'node_modules', '@img', 'sharp-linux-x64', 'lib')).find((f) => f.endsWith('.node'))!;
    expect(readFileSync(join(stage, 'node_modules', '@img', 'sharp-linux-x64', 'lib', addon)).readUInt16LE(18), 'x86-64 ELF').to.equal(EM_X86_64);

    // The runtime stage's layout: the bundle beside that node_modules. Started without its
    // configuration, it gets as far as reading it (every import, sharp included, resolved) and stops
    // naming what is missing.
    const app = dirname(built(`dist/containers/${WORKER}/main.mjs`));
    symlinkSync(join(stage, 'node_modules'), join(app, 'node_modules'));
    const start = spawnSync(process.execPath, ['--enable-source-maps', join(app, 'main.mjs')], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
    expect(start.status).to.not.equal(0);
    expect(start.stderr).to.include('environment variable TABLE_NAME is required');
    expect(start.stderr).to.not.include('Cannot find package');
  });
});
