/**
 * build.mjs end to end: two builds into two temporary folders must give byte-identical zips, one
 * per Lambda of the registry plus the API, and the image zip must carry sharp for Lambda arm64.
 * Fargate workers get a container folder (bundle, map, and the package files the Dockerfile
 * installs sharp from), just as reproducible.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { readCentralDirectory, readEntry, type ZipEntry } from '../../bench/lambda-zip.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface RegistryProcessor {
  readonly name: string;
  readonly runtime: string;
}
const registry = JSON.parse(readFileSync(join(ROOT, 'registry', 'processors.json'), 'utf8')) as {
  processors: RegistryProcessor[];
  jobs: { name: string }[];
};
const LAMBDAS = [...registry.processors.filter((p) => p.runtime === 'lambda').map((p) => p.name), ...registry.jobs.map((j) => j.name), 'api'].sort();
const CONTAINERS = registry.processors.filter((p) => p.runtime === 'fargate').map((p) => p.name).sort();
const CONTAINER_FILES = ['main.mjs', 'main.mjs.map', 'package-lock.json', 'package.json'];
/** The processor that resizes with sharp (see the brief); its zip must carry sharp's arm64 build. */
const IMAGE_LAMBDA = 'image-variants';

/** 1980-01-01 00:00:00 as MS-DOS date and time fields. */
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
const EM_AARCH64 = 183;

interface LambdaEntry {
  zip: string;
  sha256: string;
  size: number;
  handler: string;
  runtime: string;
  architecture: string;
  sourceMaps: string;
}
interface ContainerEntry {
  dir: string;
  entry: string;
  sha256: string;
  node: string;
  platform: string;
  external: string[];
}
type Manifest = Record<string, LambdaEntry> & { containers?: Record<string, ContainerEntry> };
interface Lock {
  packages: Record<string, { version?: string; integrity?: string; resolved?: string; dependencies?: Record<string, string> }>;
}

const runBuild = (outdir: string, root = ROOT, extra: readonly string[] = []) =>
  spawnSync(process.execPath, [join(root, 'build.mjs'), '--outdir', outdir, ...extra], { cwd: root, encoding: 'utf8' });

const sha256 = (data: Buffer, encoding: 'hex' | 'base64' = 'hex') => createHash('sha256').update(data).digest(encoding);

const elfMachine = (data: Buffer) => (data.readUInt32BE(0) === 0x7f454c46 ? data.readUInt16LE(18) : undefined);

describe('build.mjs', function () {
  this.timeout(300_000);
  let work: string;
  let first: string;
  let second: string;
  let stdout: string;

  const zipOf = (name: string, dir = first) => readFileSync(join(dir, `${name}.zip`));
  const entriesOf = (name: string) => readCentralDirectory(zipOf(name));
  const entry = (name: string, path: string): ZipEntry => {
    const found = entriesOf(name).find((e) => e.name === path);
    if (!found) throw new Error(`${name}.zip has no ${path}`);
    return found;
  };

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'build-test-'));
    first = join(work, 'first');
    second = join(work, 'second', 'deeper');
    // The second build finds leftovers of an older one: a retired Lambda's zip, a retired worker's
    // folder, and a file of ours.
    mkdirSync(join(second, 'containers', 'retired-worker'), { recursive: true });
    writeFileSync(join(second, 'containers', 'retired-worker', 'main.mjs'), 'old');
    writeFileSync(join(second, 'retired-lambda.zip'), 'old');
    writeFileSync(join(second, 'notes.txt'), 'keep');
    for (const outdir of [first, second]) {
      const result = runBuild(outdir);
      if (result.status !== 0) throw new Error(`node build.mjs --outdir ${outdir} failed:\n${result.stderr}`);
      stdout = result.stdout;
    }
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('outputs', () => {
    it('writes one zip per Lambda processor of the registry plus the API, and a manifest', () => {
      expect(readdirSync(first).sort()).to.deep.equal([...LAMBDAS.map((n) => `${n}.zip`), 'containers', 'manifest.json', 'sourcemaps', 'web', 'web-report.json'].sort());
      expect(readdirSync(join(first, 'sourcemaps')).sort()).to.deep.equal([...LAMBDAS].sort());
    });

    it('writes the web app: an index.html that loads content-hashed assets, identical in two builds, with no inline script or style', () => {
      const html = readFileSync(join(first, 'web', 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.some((a) => /^assets\/main-[A-Z0-9]{8}\.js$/.test(a)), 'hashed entry script').to.equal(true);
      expect(assets.some((a) => /^assets\/main-[A-Z0-9]{8}\.css$/.test(a)), 'hashed stylesheet').to.equal(true);
      for (const asset of assets) expect(readFileSync(join(second, 'web', asset)), asset).to.deep.equal(readFileSync(join(first, 'web', asset)));
      // The CloudFront CSP allows scripts and styles from 'self' only.
      expect(html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.to.match(/<style|\sstyle=/);
      const report = JSON.parse(readFileSync(join(first, 'web-report.json'), 'utf8')) as { initialJsGzipBytes: number };
      expect(report.initialJsGzipBytes).to.be.within(1, 60 * 1024);
    });

    it('writes one folder per Fargate worker of the registry under containers/', () => {
      expect(CONTAINERS).to.include('video-transcode');
      expect(readdirSync(join(first, 'containers')).sort()).to.deep.equal(CONTAINERS);
      for (const name of CONTAINERS) expect(readdirSync(join(first, 'containers', name)).sort(), name).to.deep.equal(CONTAINER_FILES);
    });

    it('prints a size line for every bundle', () => {
      for (const name of [...LAMBDAS, ...CONTAINERS]) expect(stdout).to.match(new RegExp(`^${name}\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+`, 'm'));
    });

    it('gives byte-identical zips and manifests in two builds', () => {
      for (const name of LAMBDAS) {
        expect(sha256(zipOf(name, second)), `${name}.zip`).to.equal(sha256(zipOf(name, first)));
      }
      for (const name of CONTAINERS) {
        for (const file of CONTAINER_FILES) {
          expect(sha256(readFileSync(join(second, 'containers', name, file))), `containers/${name}/${file}`).to.equal(sha256(readFileSync(join(first, 'containers', name, file))));
        }
      }
      expect(readFileSync(join(second, 'manifest.json'), 'utf8')).to.equal(readFileSync(join(first, 'manifest.json'), 'utf8'));
    });

    it('records in the manifest the hash Terraform filebase64sha256 computes, and the size', () => {
      const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8')) as Manifest;
      // Terraform reads manifest[<lambda>].zip etc.: the containers sit under a key of their own.
      expect(Object.keys(manifest).sort()).to.deep.equal([...LAMBDAS, 'containers'].sort());
      for (const name of LAMBDAS) {
        const zip = zipOf(name);
        expect(manifest[name]).to.include({ zip: `${name}.zip`, sha256: sha256(zip, 'base64'), size: zip.length });
        expect(manifest[name]).to.include({ handler: 'index.handler', architecture: 'arm64' });
        expect(manifest[name]?.runtime).to.match(/^nodejs\d+\.x$/);
      }
    });

    it('removes zips of Lambdas that no longer exist and leaves other files alone', () => {
      expect(readdirSync(second).sort()).to.deep.equal([...LAMBDAS.map((n) => `${n}.zip`), 'containers', 'manifest.json', 'notes.txt', 'sourcemaps', 'web', 'web-report.json'].sort());
      expect(readdirSync(join(second, 'containers')).sort()).to.deep.equal(CONTAINERS);
      expect(stdout).to.include('removed stale: retired-lambda.zip containers/retired-worker/');
    });
  });

  describe('container folders', () => {
    const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const read = (name: string, file: string) => readFileSync(join(first, 'containers', name, file));

    it('are listed in the manifest with their entry, Node.js major, platform, externals and a hash of their files', () => {
      const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8')) as Manifest;
      expect(Object.keys(manifest.containers ?? {}).sort()).to.deep.equal(CONTAINERS);
      for (const name of CONTAINERS) {
        const entry = manifest.containers![name]!;
        expect(entry).to.deep.include({ dir: `containers/${name}`, entry: `containers/${name}/main.mjs`, platform: 'linux/amd64', external: ['sharp'] });
        expect(entry.node).to.match(/^\d+$/);
        const hash = createHash('sha256');
        for (const file of CONTAINER_FILES) {
          const data = read(name, file);
          hash.update(`${file}\0${data.length}\0`).update(data);
        }
        expect(entry.sha256, name).to.equal(hash.digest('base64'));
      }
    });

    it('hold an ESM main.mjs that parses, imports sharp from node_modules, and links its map without embedded sources', () => {
      for (const name of CONTAINERS) {
        const code = read(name, 'main.mjs').toString('utf8');
        const map = JSON.parse(read(name, 'main.mjs.map').toString('utf8')) as { sources: string[]; sourcesContent?: unknown };
        expect(code.trimEnd(), name).to.match(/\/\/# sourceMappingURL=main\.mjs\.map$/);
        expect(code, name).to.match(/(?:from|import)\s*\(?\s*["']sharp["']/);
        expect(map.sourcesContent, name).to.equal(undefined);
        expect(map.sources.some((s) => s.endsWith(`src/worker/${name}/main.ts`)), `${name}: its entry among the sources`).to.equal(true);
        expect(map.sources.filter((s) => s.startsWith('/')), `${name}: absolute source paths`).to.deep.equal([]);
        const check = spawnSync(process.execPath, ['--check', join(first, 'containers', name, 'main.mjs')], { encoding: 'utf8' });
        expect(check.status, `${name}: ${check.stderr}`).to.equal(0);
      }
    });

    it('pin sharp at the root lockfile\'s version, with a lockfile cut from the root one (same versions, integrity and URLs)', () => {
      for (const name of CONTAINERS) {
        const pkg = JSON.parse(read(name, 'package.json').toString('utf8')) as { dependencies: Record<string, string> };
        const lock = JSON.parse(read(name, 'package-lock.json').toString('utf8')) as Lock & { lockfileVersion: number };
        const sharpVersion = rootLock.packages['node_modules/sharp']!.version!;
        expect(pkg.dependencies).to.deep.equal({ sharp: sharpVersion });
        expect(lock.lockfileVersion).to.equal(3);
        expect(lock.packages['']).to.deep.include({ dependencies: { sharp: sharpVersion } });
        const paths = Object.keys(lock.packages).filter((p) => p !== '');
        expect(paths).to.include.members(['node_modules/sharp', 'node_modules/@img/sharp-linux-x64', 'node_modules/@img/sharp-libvips-linux-x64']);
        for (const dependency of Object.keys(rootLock.packages['node_modules/sharp']!.dependencies ?? {})) expect(paths).to.include(`node_modules/${dependency}`);
        for (const path of paths) expect(lock.packages[path], path).to.deep.equal(rootLock.packages[path]);
        expect(paths.filter((p) => /esbuild|typescript|mocha|aws-sdk/.test(p)), 'nothing but sharp and its dependencies').to.deep.equal([]);
      }
    });
  });

  describe('zip entries', () => {
    it('are sorted, dated 1980-01-01 00:00, mode 0644, deflated, with no extra fields', () => {
      for (const name of LAMBDAS) {
        const entries = entriesOf(name);
        const names = entries.map((e) => e.name);
        expect(names, `${name}.zip order`).to.deep.equal([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
        for (const e of entries) {
          expect({ name: e.name, date: e.dosDate, time: e.dosTime, mode: e.mode.toString(8), extra: e.extraLength }).to.deep.equal({
            name: e.name,
            date: DOS_DATE_1980_01_01,
            time: DOS_TIME_MIDNIGHT,
            mode: '100644',
            extra: 0,
          });
          expect(e.method, e.name).to.equal(8);
        }
      }
    });

    it('hold an ESM index.mjs and its chunks/, each of which parses, and no source map; the maps wait in dist/sourcemaps/<lambda>/, without embedded sources', () => {
      const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8')) as Manifest;
      for (const name of LAMBDAS) {
        const zip = zipOf(name);
        const modules = entriesOf(name).map((e) => e.name).filter((n) => !n.startsWith('node_modules/'));
        expect(modules, name).to.include('index.mjs');
        expect(modules.filter((n) => n !== 'index.mjs' && !/^chunks\/[\w-]+\.mjs$/.test(n)), `${name}: only index.mjs and chunks/*.mjs`).to.deep.equal([]);
        expect(manifest[name]).to.include({ sourceMaps: `sourcemaps/${name}` });
        expect(readdirSync(join(first, 'sourcemaps', name), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.map')).sort(), name).to.deep.equal(modules.map((m) => `${m}.map`).sort());
        for (const module of modules) {
          const code = readEntry(zip, entry(name, module)).toString('utf8');
          const map = JSON.parse(readFileSync(join(first, 'sourcemaps', name, `${module}.map`), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
          expect(code, `${name}/${module}`).to.match(/^import\{createRequire as \w+\}from'node:module';const require=/);
          // No sourceMappingURL: nothing for the runtime to look for.
          expect(code, `${name}/${module}`).to.not.include('sourceMappingURL');
          // A chunk may hold only esbuild's own module helpers, which have no source.
          if (module === 'index.mjs') expect(map.sources.length, `${name}/${module}`).to.be.greaterThan(0);
          expect(map.sourcesContent, `${name}/${module}`).to.equal(undefined);
          expect(map.sources.filter((s) => s.startsWith('/')), `${name}/${module}: absolute source paths`).to.deep.equal([]);

          const file = join(work, 'check', name, module);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, code);
          const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
          expect(check.status, `${name}/${module}: ${check.stderr}`).to.equal(0);
        }
      }
    });

    it('carry node_modules exactly when the bundle imports sharp', () => {
      for (const name of LAMBDAS) {
        const zip = zipOf(name);
        const code = entriesOf(name)
          .filter((e) => e.name.endsWith('.mjs') && !e.name.startsWith('node_modules/'))
          .map((e) => readEntry(zip, e).toString('utf8'))
          .join('\n');
        const importsSharp = /(?:from|import)\s*\(?\s*["']sharp["']/.test(code);
        const hasModules = entriesOf(name).some((e) => e.name.startsWith('node_modules/'));
        expect({ name, hasModules }).to.deep.equal({ name, hasModules: importsSharp });
      }
      expect(entriesOf('api').filter((e) => e.name.startsWith('node_modules/'))).to.deep.equal([]);
    });
  });

  describe(`the ${IMAGE_LAMBDA} zip`, () => {
    it('carries sharp, its runtime dependencies and its linux-arm64 glibc prebuilt binaries', () => {
      const names = entriesOf(IMAGE_LAMBDA).map((e) => e.name);
      expect(names).to.include('node_modules/sharp/package.json');
      expect(names.filter((n) => /^node_modules\/@img\/sharp-linux-arm64\/lib\/sharp-linux-arm64(-[\d.]+)?\.node$/.test(n))).to.have.length(1);
      expect(names.filter((n) => /^node_modules\/@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so(\.\d+)*$/.test(n))).to.have.length(1);

      const sharpPackage = JSON.parse(readEntry(zipOf(IMAGE_LAMBDA), entry(IMAGE_LAMBDA, 'node_modules/sharp/package.json')).toString('utf8')) as {
        version: string;
        dependencies: Record<string, string>;
      };
      const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
      expect(sharpPackage.version).to.equal(rootLock.packages['node_modules/sharp']?.version);
      for (const dependency of Object.keys(sharpPackage.dependencies)) {
        expect(names, `sharp dependency ${dependency}`).to.include(`node_modules/${dependency}/package.json`);
      }
    });

    it('has no x64 or other foreign platform package', () => {
      const names = entriesOf(IMAGE_LAMBDA).map((e) => e.name);
      expect(names.filter((n) => /x64|darwin|win32|musl|wasm|linux-arm\//.test(n))).to.deep.equal([]);
      const imgPackages = new Set(names.filter((n) => n.startsWith('node_modules/@img/')).map((n) => n.split('/')[2]));
      expect([...imgPackages].sort()).to.deep.equal(['colour', 'sharp-libvips-linux-arm64', 'sharp-linux-arm64']);
    });

    it('has only aarch64 ELF files among its native libraries', () => {
      const zip = zipOf(IMAGE_LAMBDA);
      const natives = entriesOf(IMAGE_LAMBDA).filter((e) => /\.node$|\.so(\.\d+)*$/.test(e.name));
      expect(natives).to.have.length.greaterThan(1);
      for (const e of natives) expect(elfMachine(readEntry(zip, e)), e.name).to.equal(EM_AARCH64);
    });
  });

  describe('failures', () => {
    it('refuses an unknown --only part with the usage', () => {
      const result = runBuild(join(work, 'only-nonsense'), ROOT, ['--only', 'nonsense']);
      expect(result.status).to.equal(1);
      expect(result.stderr).to.include('--only nonsense is not one of web, lambdas');
    });

    it('names a missing entry file in one line and exits non-zero', () => {
      const root = join(work, 'missing-entry');
      mkdirSync(join(root, 'registry'), { recursive: true });
      copyFileSync(join(ROOT, 'build.mjs'), join(root, 'build.mjs'));
      symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
      writeFileSync(
        join(root, 'registry', 'processors.json'),
        JSON.stringify({ processors: [{ name: 'ghost', runtime: 'lambda', entry: 'src/processors/ghost/handler.ts' }] }),
      );
      const result = runBuild(join(root, 'dist'), root, ['--only', 'lambdas']);
      expect(result.status).to.equal(1);
      expect(result.stderr.trim().split('\n')).to.deep.equal([
        'build.mjs: entry src/processors/ghost/handler.ts of Lambda "ghost" does not exist',
      ]);
    });
  });
});
