/**
 * Bundles the web app (web/src) into dist/web: index.html, which is never cached, and
 * content-hashed assets under assets/, which are cached for a year. Called by build.mjs
 * (`node build.mjs --only web`); the size report it returns is what bench:web and the build table print.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

/** Browsers of the last few years on phones and desktops: ES2020 keeps optional chaining native. */
const BROWSER_TARGETS = ['es2020', 'chrome100', 'firefox100', 'safari15', 'ios15'];

export async function buildWeb({ root, outdir }) {
  const webDir = join(root, 'web');
  // Bundled inside the repository at a fixed depth, whatever --outdir is: source-map paths, and so
  // the content hashes, must not depend on where the build is written.
  const staging = join(root, '.build', `web-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: join(webDir, 'src', 'main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGETS,
    minify: true,
    sourcemap: 'linked',
    sourcesContent: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(webDir, 'tsconfig.json'),
    outdir: join(staging, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.svg': 'file', '.woff2': 'file' },
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });

  const outputs = Object.entries(result.metafile.outputs).map(([path, meta]) => ({ path: relative(staging, join(root, path)), meta }));
  const entry = outputs.find((o) => o.meta.entryPoint !== undefined && o.path.endsWith('.js'));
  if (!entry) throw new Error('web build: esbuild produced no entry bundle');
  const css = entry.meta.cssBundle === undefined ? undefined : relative(staging, join(root, entry.meta.cssBundle));

  // What the browser must fetch before the first paint: the entry and the chunks it imports statically.
  const initial = new Set([entry.path]);
  for (const path of initial) {
    const meta = outputs.find((o) => o.path === path)?.meta;
    for (const imported of meta?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) initial.add(relative(staging, join(root, imported.path)));
    }
  }
  const chunkPaths = [...initial].filter((path) => path !== entry.path);

  const template = await readFile(join(webDir, 'index.html'), 'utf8');
  const head = [
    ...(css ? [`<link rel="stylesheet" href="/${css}">`] : []),
    ...chunkPaths.map((path) => `<link rel="modulepreload" href="/${path}">`),
    `<script type="module" src="/${entry.path}"></script>`,
  ].join('\n    ');
  if (!template.includes('<!-- assets -->')) throw new Error('web/index.html lacks the <!-- assets --> marker');
  await writeFile(join(staging, 'index.html'), template.replace('<!-- assets -->', head));
  await cp(join(webDir, 'public'), staging, { recursive: true });

  const sizeOf = async (path) => {
    const data = await readFile(join(staging, path));
    return { path, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  };
  const initialFiles = await Promise.all([...initial, ...(css ? [css] : [])].map(sizeOf));
  const allFiles = await Promise.all(outputs.filter((o) => !o.path.endsWith('.map')).map((o) => sizeOf(o.path)));
  const report = {
    entry: entry.path,
    initialJsGzipBytes: initialFiles.filter((f) => f.path.endsWith('.js')).reduce((sum, f) => sum + f.gzipBytes, 0),
    initialCssGzipBytes: initialFiles.filter((f) => f.path.endsWith('.css')).reduce((sum, f) => sum + f.gzipBytes, 0),
    files: allFiles.sort((a, b) => a.path.localeCompare(b.path)),
    buildId: createHash('sha256').update(allFiles.map((f) => `${f.path}:${f.bytes}`).join('\n')).digest('hex').slice(0, 12),
  };

  // Swap the folder in whole, so a server reading dist/web never sees half a build.
  await mkdir(dirname(outdir), { recursive: true });
  const incoming = `${outdir}.incoming-${process.pid}`;
  await cp(staging, incoming, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  const previous = `${outdir}.previous-${process.pid}`;
  await rename(outdir, previous).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(incoming, outdir);
  await rm(previous, { recursive: true, force: true });
  await writeFile(join(dirname(outdir), `${basename(outdir)}-report.json`), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
