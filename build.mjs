#!/usr/bin/env node
/**
 * Bundles every Lambda with esbuild and zips each bundle deterministically into dist/.
 *
 *   node build.mjs [--outdir dist] [--only web|lambdas]
 *
 * Web app: web/src bundled into dist/web (web/build.mjs): index.html plus content-hashed assets.
 *
 * Lambdas: every processor in registry/processors.json with "runtime": "lambda", every job, plus the API.
 * Each zip holds index.mjs (ESM, minified) and, under chunks/, the code it imports on demand (see
 * LAMBDA_CHUNKS); the source maps go to dist/sourcemaps/<name>/, not into the zip (see
 * SOURCEMAPS_DIR). A bundle whose esbuild metafile
 * shows an import of sharp also carries node_modules/sharp with sharp's linux-arm64 (glibc)
 * prebuilt binaries, installed from the pinned lockfile in build/sharp-linux-arm64/ (we build on
 * x86_64; the functions run on arm64). Zips are byte-identical for identical sources: sorted
 * entries, one fixed timestamp, one fixed mode, no extra fields. dist/manifest.json gives Terraform
 * each zip's path, its filebase64sha256 and the runtime.
 *
 * Containers: every processor with "runtime": "fargate" is bundled the same way into
 * dist/containers/<name>/main.mjs (+ map), for the Dockerfile to copy into the image. Packages the
 * bundle leaves external (sharp) are not copied from here: the folder gets a package.json and a
 * package-lock.json cut from the root lockfile (those packages and their dependencies, same
 * versions and integrity hashes), and the Dockerfile's build stage runs `npm ci` on them for the
 * image's own platform. The manifest lists them under "containers", a key Terraform's Lambda
 * lookups never read.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile, lstat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { build } from 'esbuild';
import yazl from 'yazl';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The Lambda runtime every function uses: the one place it is written. The esbuild target is
 * derived from it, and dist/manifest.json hands it to Terraform. nodejs24.x is Lambda's current
 * Node.js runtime (Node 24 LTS); local development and CI run Node 20, a strict subset for our code.
 */
const LAMBDA_RUNTIME = 'nodejs24.x';
const LAMBDA_ARCHITECTURE = 'arm64';
const ESBUILD_TARGET = `node${/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)?.[1]}`;

const API_LAMBDA = { name: 'api', entry: 'src/api/handler.ts' };

/** DOS timestamps carry no time zone; a local-time Date makes yazl write 1980-01-01 00:00:00. */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const ZIP_FILE_MODE = 0o100644;
const ZIP_COMPRESSION_LEVEL = 6;

/**
 * Bundles are ESM; CommonJS dependencies that call require() (for Node built-ins, say) need a
 * real `require` in module scope, which ESM does not define.
 */
const ESM_REQUIRE_BANNER =
  "import{createRequire as __bannerCreateRequire}from'node:module';const require=__bannerCreateRequire(import.meta.url);";

/**
 * Packages left out of the bundle because they load native code. Each maps to the function that
 * provides its node_modules tree for the Lambda platform. A bundle's metafile decides which of
 * them its zip carries; an external that is not listed here fails the build.
 */
const NATIVE_PACKAGES = { sharp: sharpLinuxArm64 };

const SHARP_PINS = join(ROOT, 'build', 'sharp-linux-arm64');
const SHARP_NPM_CI = [
  'ci',
  '--os=linux',
  '--cpu=arm64',
  '--libc=glibc',
  '--ignore-scripts',
  '--prefer-offline',
  '--no-audit',
  '--no-fund',
  '--loglevel=warn',
];
/** The only @img packages allowed into a zip: sharp's helpers and its linux-arm64 glibc binaries. */
const SHARP_IMG_PACKAGES = new Set(['colour', 'sharp-linux-arm64', 'sharp-libvips-linux-arm64']);
const ELF_MACHINE_AARCH64 = 183;

/**
 * The container's Node.js major: the Dockerfile's base image must carry the same one
 * (test/build/dockerfile.test.ts checks). 24 is the Lambdas' runtime too, so all our code runs on
 * one major, an LTS line.
 */
const CONTAINER_NODE_MAJOR = 24;
const CONTAINER_PLATFORM = 'linux/amd64';
const CONTAINERS_DIR = 'containers';

/**
 * Lambda source maps are not deployed. Measured with bench:api: the API's map was 1.1 MB of its
 * 1.8 MB unzipped (zip 432 KB, 185 KB without it), and NODE_OPTIONS=--enable-source-maps made
 * Node read it at every cold start, 9-26 ms more import (bench:api's row with the map). Builds are reproducible, so the map of any
 * deployed commit is this folder after `make build` of that commit; `npm run -s stacktrace` turns
 * a logged stack back into source positions with it.
 */
const SOURCEMAPS_DIR = 'sourcemaps';

/**
 * Lambda bundles are split: what the code (or the AWS SDK itself, for credential sources other
 * than the environment) loads with a dynamic import() goes into chunks/ and is read only when
 * first used. A cold start of the API then parses the clients it answers every request with, not
 * the SSM and SQS clients or the SSO and STS credential clients that most containers never touch:
 * `npm run -s bench:api` measured the import at about 20% less (README, cold start). Containers
 * start once per many jobs and stay one file.
 */
const LAMBDA_CHUNKS = 'chunks';
const CONTAINER_ENTRY = 'main.mjs';
/** Packages a container bundle may leave external, installed in the image from the pinned lockfile. */
const CONTAINER_EXTERNALS = new Set(['sharp']);

class BuildError extends Error {}

const main = async () => {
  const started = process.hrtime.bigint();
  const { outdir, only } = parseOptions();
  if (only !== 'lambdas') {
    // Loaded only when wanted: a Lambda-only build needs nothing of the web app's tooling.
    const { buildWeb } = await import('./web/build.mjs');
    const report = await buildWeb({ root: ROOT, outdir: join(outdir, 'web') });
    const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`web app -> ${relative(process.cwd(), join(outdir, 'web')) || '.'}: initial JS ${kb(report.initialJsGzipBytes)} gzipped, CSS ${kb(report.initialCssGzipBytes)} gzipped, ${report.files.length} files`);
    if (only === 'web') return;
  }
  const { lambdas, containers } = await registryEntries();

  // Bundle everything before writing anything, so a failure leaves dist/ as it was.
  const bundles = await Promise.all(lambdas.map((l) => bundle(l, 'lambda')));
  const containerBundles = await Promise.all(containers.map((c) => bundle(c, 'container')));
  const nativeTrees = new Map();
  for (const b of bundles) {
    for (const pkg of b.nativePackages) {
      if (!nativeTrees.has(pkg)) nativeTrees.set(pkg, await NATIVE_PACKAGES[pkg]());
    }
  }

  const artifacts = [];
  for (const b of bundles) {
    const files = [
      ...b.modules.map((m) => ({ path: m.path, data: m.code })),
      ...b.nativePackages.flatMap((pkg) => nativeTrees.get(pkg)),
    ];
    artifacts.push({ ...b, zip: await zip(files), fileCount: files.length });
  }
  const rootLock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  const containerArtifacts = containerBundles.map((b) => ({ ...b, files: containerFiles(b, rootLock) }));

  await mkdir(outdir, { recursive: true });
  const manifest = {};
  for (const a of artifacts) {
    const file = `${a.name}.zip`;
    await writeAtomically(join(outdir, file), a.zip);
    manifest[a.name] = {
      zip: file,
      sha256: createHash('sha256').update(a.zip).digest('base64'),
      size: a.zip.length,
      handler: 'index.handler',
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
    };
  }
  // The maps stay here, one folder swapped in whole: `npm run -s stacktrace` reads them.
  await writeFolderAtomically(
    join(outdir, SOURCEMAPS_DIR),
    artifacts.flatMap((a) => a.modules.map((m) => ({ path: `${a.name}/${m.path}.map`, data: m.map }))),
  );
  for (const a of artifacts) manifest[a.name].sourceMaps = `${SOURCEMAPS_DIR}/${a.name}`;
  if (containerArtifacts.length > 0) manifest[CONTAINERS_DIR] = {};
  for (const c of containerArtifacts) {
    const dir = `${CONTAINERS_DIR}/${c.name}`;
    await writeFolderAtomically(join(outdir, CONTAINERS_DIR, c.name), c.files);
    const hash = createHash('sha256');
    for (const f of c.files) hash.update(`${f.path}\0${f.data.length}\0`).update(f.data);
    manifest[CONTAINERS_DIR][c.name] = {
      dir,
      entry: `${dir}/${CONTAINER_ENTRY}`,
      sha256: hash.digest('base64'),
      node: String(CONTAINER_NODE_MAJOR),
      platform: CONTAINER_PLATFORM,
      external: c.nativePackages,
    };
  }
  await writeAtomically(join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const removed = [
    ...(await removeStale(outdir, new Set([...artifacts.map((a) => `${a.name}.zip`), 'manifest.json']))),
    ...(await removeStaleContainers(join(outdir, CONTAINERS_DIR), new Set(containerArtifacts.map((c) => c.name)))),
  ];

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  printTable(artifacts, containerArtifacts, relative(process.cwd(), outdir) || '.', removed, seconds);
};

const BUILD_PARTS = ['web', 'lambdas'];

const parseOptions = () => {
  const usage = `usage: node build.mjs [--outdir DIR] [--only ${BUILD_PARTS.join('|')}]`;
  try {
    const { values } = parseArgs({ options: { outdir: { type: 'string' }, only: { type: 'string' } }, strict: true });
    const outdir = values.outdir === undefined ? join(ROOT, 'dist') : resolve(values.outdir);
    if (!relative(outdir, ROOT).startsWith('..')) {
      throw new BuildError(`--outdir ${values.outdir} holds the repository; choose a folder of its own`);
    }
    if (values.only !== undefined && !BUILD_PARTS.includes(values.only)) throw new BuildError(`--only ${values.only} is not one of ${BUILD_PARTS.join(', ')} (${usage})`);
    return { outdir, only: values.only };
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw new BuildError(`${error.message} (${usage})`);
  }
};

const registryEntries = async () => {
  const registry = JSON.parse(await readFile(join(ROOT, 'registry', 'processors.json'), 'utf8'));
  const lambdas = [
    ...registry.processors.filter((p) => p.runtime === 'lambda').map(({ name, entry }) => ({ name, entry })),
    // Older registries have no jobs.
    ...(registry.jobs ?? []).map(({ name, entry }) => ({ name, entry })),
    API_LAMBDA,
  ];
  const containers = registry.processors.filter((p) => p.runtime === 'fargate').map(({ name, entry }) => ({ name, entry }));
  const seen = new Set();
  for (const [kind, list] of [['Lambda', lambdas], ['container', containers]]) {
    for (const { name, entry } of list) {
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new BuildError(`${kind} name "${name}" is not lower-case kebab-case`);
      if (seen.has(name)) throw new BuildError(`two bundles are named "${name}"`);
      if (name === CONTAINERS_DIR) throw new BuildError(`"${name}" is reserved: the manifest lists the containers under that key`);
      seen.add(name);
      if (!existsSync(join(ROOT, entry))) throw new BuildError(`entry ${entry} of ${kind} "${name}" does not exist`);
    }
  }
  const byName = (a, b) => (a.name < b.name ? -1 : 1);
  return { lambdas: lambdas.sort(byName), containers: containers.sort(byName) };
};

/**
 * One esbuild bundle, kept in memory. The output path is fixed inside .build/ (never written), so
 * source-map paths do not depend on --outdir or on where the repository is checked out.
 *
 * The AWS SDK v3 is bundled, not left to the copy in the Lambda runtime: that copy's version is
 * whatever Lambda ships that week, so bundling the versions pinned in package-lock.json means the
 * code we tested is the code that runs (AWS's own advice for production), and tree-shaking keeps
 * only the commands we call, which also loads faster at cold start than the runtime's full clients.
 *
 * Source maps leave sourcesContent out: stack traces (NODE_OPTIONS=--enable-source-maps) need
 * only file names and positions, and the sources in git are the reference. Measured with the SDK
 * clients bundled, sourcesContent made the maps 2.5-4.5x larger and the image-labels zip 251 KB
 * -> 442 KB: bytes Lambda downloads and unpacks on every cold start, for nothing at run time.
 */
const bundle = async ({ name, entry }, kind) => {
  const lambda = kind === 'lambda';
  const label = lambda ? `Lambda "${name}"` : `container "${name}"`;
  const outdir = join(ROOT, '.build', lambda ? 'bundles' : CONTAINERS_DIR, name);
  const entryFile = lambda ? 'index.mjs' : CONTAINER_ENTRY;
  const externals = lambda ? Object.keys(NATIVE_PACKAGES) : [...CONTAINER_EXTERNALS];
  let result;
  try {
    result = await build({
      absWorkingDir: ROOT,
      entryPoints: { [entryFile.replace(/\.mjs$/, '')]: join(ROOT, entry) },
      outdir,
      outExtension: { '.js': '.mjs' },
      splitting: lambda,
      chunkNames: `${LAMBDA_CHUNKS}/[name]-[hash]`,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: lambda ? ESBUILD_TARGET : `node${CONTAINER_NODE_MAJOR}`,
      mainFields: ['module', 'main'],
      external: externals,
      banner: { js: ESM_REQUIRE_BANNER },
      minify: true,
      // A Lambda's map stays out of its zip (see SOURCEMAPS_DIR); a container links its own.
      sourcemap: lambda ? 'external' : 'linked',
      sourcesContent: false,
      legalComments: 'eof',
      charset: 'utf8',
      metafile: true,
      logLevel: 'error',
    });
  } catch {
    throw new BuildError(`esbuild could not bundle ${entry} (${label}); its errors are above`);
  }

  const posix = (path) => path.split('\\').join('/');
  const modules = result.outputFiles
    .filter((f) => f.path.endsWith('.mjs'))
    .map((f) => {
      const map = result.outputFiles.find((m) => m.path === `${f.path}.map`);
      if (!map) throw new BuildError(`esbuild gave no source map for ${relative(outdir, f.path)} of ${label}`);
      return { path: posix(relative(outdir, f.path)), code: Buffer.from(f.contents), map: Buffer.from(map.contents) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const output = result.metafile.outputs[posix(relative(ROOT, join(outdir, entryFile)))];
  if (!output || !modules.some((m) => m.path === entryFile)) throw new BuildError(`esbuild gave no ${entryFile} for ${label}`);
  if (lambda && !output.exports.includes('handler')) {
    throw new BuildError(`${entry} (Lambda "${name}") does not export "handler"; Lambda calls index.handler`);
  }

  const nativePackages = new Set();
  for (const { path, external } of Object.values(result.metafile.outputs).flatMap((o) => o.imports)) {
    if (!external || isBuiltin(path)) continue;
    const pkg = packageName(path);
    if (!externals.includes(pkg)) throw new BuildError(`${label} imports ${path}, which is external but has no packaging rule`);
    nativePackages.add(pkg);
  }
  const bytes = (key) => modules.reduce((sum, m) => sum + m[key].length, 0);
  return { name, entry, modules, codeBytes: bytes('code'), mapBytes: bytes('map'), nativePackages: [...nativePackages].sort() };
};

/**
 * A container's folder: the bundle and its map, plus a package.json and a package-lock.json for
 * the packages the bundle left external. The lockfile is the root one cut down to those packages
 * and everything they depend on (optional platform packages included: npm ci installs the ones
 * matching the image's platform), so the image gets exactly the versions and integrity hashes we
 * test with.
 */
const containerFiles = (b, rootLock) => {
  const dependencies = {};
  const packages = {};
  const add = (path) => {
    if (packages[path]) return;
    const entry = rootLock.packages[path];
    if (entry.dev) throw new BuildError(`${path} is a dev dependency in package-lock.json, but container "${b.name}" needs it at run time`);
    packages[path] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) add(resolveLocked(rootLock, path, dep));
  };
  for (const pkg of b.nativePackages) {
    const path = resolveLocked(rootLock, '', pkg);
    dependencies[pkg] = rootLock.packages[path].version;
    add(path);
  }
  const name = `photo-album-${b.name}`;
  const description = `What the ${b.name} container installs beside its bundle (written by build.mjs from package-lock.json)`;
  const sorted = Object.fromEntries(Object.keys(packages).sort().map((k) => [k, packages[k]]));
  const lock = { name, lockfileVersion: 3, requires: true, packages: { '': { name, dependencies }, ...sorted } };
  const json = (value) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  return [
    ...b.modules.flatMap((m) => [
      { path: m.path, data: m.code },
      { path: `${m.path}.map`, data: m.map },
    ]),
    { path: 'package-lock.json', data: json(lock) },
    { path: 'package.json', data: json({ name, private: true, description, dependencies }) },
  ];
};

/** Where npm placed `dep` as seen from the package at `from` (its own node_modules first, then each parent's). */
const resolveLocked = (rootLock, from, dep) => {
  for (let base = from; ; base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '') {
    const path = `${base ? `${base}/` : ''}node_modules/${dep}`;
    if (rootLock.packages?.[path]) return path;
    if (!base) throw new BuildError(`package-lock.json has no ${dep}${from ? ` for ${from}` : ''}; run npm install`);
  }
};

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * node_modules for sharp on Lambda arm64, as zip entries. Installed with `npm ci` from the pinned
 * lockfile into .build/sharp-linux-arm64-<hash of the pins>/, so a second build reuses it and a
 * changed pin installs afresh. Returns every file of the install; fails if any native file in it is
 * not an aarch64 ELF or if a foreign platform package slipped in.
 */
async function sharpLinuxArm64() {
  const packageJson = await readFile(join(SHARP_PINS, 'package.json'), 'utf8');
  const lockJson = await readFile(join(SHARP_PINS, 'package-lock.json'), 'utf8');
  await checkSharpPins(JSON.parse(packageJson), JSON.parse(lockJson));

  const key = createHash('sha256').update([packageJson, lockJson, ...SHARP_NPM_CI].join('\0')).digest('hex').slice(0, 16);
  const cacheRoot = join(ROOT, '.build');
  const installDir = join(cacheRoot, `sharp-linux-arm64-${key}`);
  if (!existsSync(join(installDir, 'node_modules', 'sharp', 'package.json'))) {
    // Install beside the cache and rename into place: a build that stops half-way, or one running
    // at the same time, never leaves a half-installed cache behind.
    const staging = `${installDir}.tmp-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'package.json'), packageJson);
    await writeFile(join(staging, 'package-lock.json'), lockJson);
    process.stderr.write(`build.mjs: installing sharp for linux-arm64 (npm ${SHARP_NPM_CI.join(' ')})\n`);
    await run('npm', SHARP_NPM_CI, staging);
    try {
      await rename(staging, installDir);
    } catch (error) {
      if (!existsSync(installDir)) throw error;
      await rm(staging, { recursive: true, force: true }); // another build got there first
    }
    for (const old of await readdir(cacheRoot)) {
      if (/^sharp-linux-arm64-[0-9a-f]{16}$/.test(old) && old !== `sharp-linux-arm64-${key}`) {
        await rm(join(cacheRoot, old), { recursive: true, force: true });
      }
    }
  }

  const modules = join(installDir, 'node_modules');
  const files = [];
  for (const path of await listFiles(modules)) {
    if (path === '.package-lock.json' || path.startsWith('.bin/')) continue;
    const img = /^@img\/([^/]+)\//.exec(path);
    if (img && !SHARP_IMG_PACKAGES.has(img[1])) throw new BuildError(`sharp install for linux-arm64 contains @img/${img[1]}`);
    const data = await readFile(join(modules, path));
    if (/\.(node|so(\.\d+)*)$/.test(path)) assertAarch64(path, data);
    files.push({ path: `node_modules/${path}`, data });
  }
  return files;
}

const checkSharpPins = async (pins, lock) => {
  const rootLock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  const fix = 'edit build/sharp-linux-arm64/package.json, then run: (cd build/sharp-linux-arm64 && npm install --package-lock-only --ignore-scripts)';
  const wanted = rootLock.packages?.['node_modules/sharp']?.version;
  if (!wanted) throw new BuildError('package-lock.json has no sharp; run npm install');
  if (pins.dependencies?.sharp !== wanted) {
    throw new BuildError(`build/sharp-linux-arm64 pins sharp ${pins.dependencies?.sharp} but package-lock.json has ${wanted}: ${fix}`);
  }
  for (const pkg of ['sharp', '@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64']) {
    const pinned = lock.packages?.[`node_modules/${pkg}`]?.version;
    const root = rootLock.packages?.[`node_modules/${pkg}`]?.version;
    if (!pinned || (root && pinned !== root)) {
      throw new BuildError(`build/sharp-linux-arm64/package-lock.json has ${pkg} ${pinned} but package-lock.json has ${root}: ${fix}`);
    }
  }
};

const assertAarch64 = (path, data) => {
  const isElf = data.length > 20 && data.readUInt32BE(0) === 0x7f454c46;
  const machine = isElf ? data.readUInt16LE(18) : undefined;
  if (machine !== ELF_MACHINE_AARCH64) {
    throw new BuildError(`${path} is not an aarch64 binary (ELF machine ${machine ?? 'none'}); the Lambdas run on arm64`);
  }
};

/** Every regular file under dir, as sorted '/'-separated relative paths. Symbolic links fail. */
const listFiles = async (dir, prefix = '') => {
  const out = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, path)));
    else if (entry.isFile()) out.push(path);
    else if (!path.startsWith('.bin/')) throw new BuildError(`${join(dir, path)} is not a regular file`);
  }
  return out.sort();
};

/** A zip in memory: entries in byte order of their names, each with the same time and mode. */
const zip = (files) =>
  new Promise((resolvePromise, reject) => {
    const archive = new yazl.ZipFile();
    const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    for (let i = 1; i < sorted.length; i += 1) {
      if (sorted[i].path === sorted[i - 1].path) return reject(new BuildError(`two zip entries are named ${sorted[i].path}`));
    }
    for (const { path, data } of sorted) {
      archive.addBuffer(data, path, {
        mtime: ZIP_MTIME,
        mode: ZIP_FILE_MODE,
        forceDosTimestamp: true,
        compressionLevel: ZIP_COMPRESSION_LEVEL,
      });
    }
    const chunks = [];
    archive.outputStream.on('data', (chunk) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)));
    archive.end();
  });

const writeAtomically = async (path, data) => {
  const staging = `${path}.tmp-${process.pid}`;
  await writeFile(staging, data);
  await rename(staging, path);
};

/** Writes a folder's files beside it, then swaps it into place: a failed build never leaves half a folder. */
const writeFolderAtomically = async (dir, files) => {
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const { path, data } of files) {
    await mkdir(dirname(join(staging, path)), { recursive: true });
    await writeFile(join(staging, path), data);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
};

/** Container folders this build did not produce: workers since removed or renamed. */
const removeStaleContainers = async (dir, keep) => {
  if (!existsSync(dir)) return [];
  const removed = [];
  for (const name of (await readdir(dir)).sort()) {
    if (keep.has(name) || !(await lstat(join(dir, name))).isDirectory()) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(`${CONTAINERS_DIR}/${name}/`);
  }
  return removed;
};

/** Zips in outdir that this build did not produce: Lambdas since removed or renamed. */
const removeStale = async (outdir, keep) => {
  const removed = [];
  for (const name of (await readdir(outdir)).sort()) {
    if (keep.has(name) || !name.endsWith('.zip')) continue;
    if (!(await lstat(join(outdir, name))).isFile()) continue;
    await rm(join(outdir, name));
    removed.push(name);
  }
  return removed;
};

const run = (command, args, cwd) =>
  new Promise((resolvePromise, reject) => {
    // npm's own output goes to stderr: stdout is the size table.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 2, 2] });
    child.on('error', (error) => reject(new BuildError(`${command}: ${error.message}`)));
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new BuildError(`${command} ${args[0]} failed in ${cwd} (${signal ?? `exit ${code}`})`)),
    );
  });

const printTable = (artifacts, containers, outdir, removed, seconds) => {
  const kb = (bytes) => (bytes / 1024).toFixed(1);
  const table = (rows) => {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const line = (r) => r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
    return rows.map(line);
  };
  const out = table([
    ['lambda', 'bundle KB', 'map KB', 'zip KB', 'files', 'native'],
    ...artifacts.map((a) => [a.name, kb(a.codeBytes), kb(a.mapBytes), kb(a.zip.length), String(a.fileCount), a.nativePackages.join(' ') || '-']),
  ]);
  if (containers.length > 0) {
    out.push(
      '',
      ...table([
        ['container', 'bundle KB', 'map KB', 'files', 'installed in the image'],
        ...containers.map((c) => [c.name, kb(c.codeBytes), kb(c.mapBytes), String(c.files.length), c.nativePackages.join(' ') || '-']),
      ]),
    );
  }
  out.push(`${artifacts.length} zips and manifest.json in ${outdir}/ (${LAMBDA_RUNTIME} ${LAMBDA_ARCHITECTURE}, esbuild target ${ESBUILD_TARGET}) in ${seconds.toFixed(1)} s`);
  if (containers.length > 0) out.push(`${containers.length} container bundle${containers.length > 1 ? 's' : ''} in ${outdir}/${CONTAINERS_DIR}/ (node${CONTAINER_NODE_MAJOR} ${CONTAINER_PLATFORM}, for the Dockerfile)`);
  if (removed.length) out.push(`removed stale: ${removed.join(' ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
};

main().catch((error) => {
  process.stderr.write(`build.mjs: ${error instanceof BuildError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
