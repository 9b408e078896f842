/**
 * Turns a stack trace logged by a deployed Lambda (positions in its minified index.mjs and the
 * chunks/ it loads on demand) back into source files and lines, with the source maps `make build`
 * wrote for the same commit.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';

/** `index.mjs:LINE:COLUMN` or `chunks/<name>.mjs:LINE:COLUMN`, however the runtime prefixed the path (`/var/task/`, `file:///var/task/`). */
const BUNDLE_POSITION = /(?:file:\/\/)?(?:\/var\/task\/)?((?:chunks\/)?[\w.-]+\.mjs):(\d+):(\d+)/g;

export interface Symbolicated {
  readonly text: string;
  /** Positions found in the bundle's files, and how many of them the maps resolved. */
  readonly found: number;
  readonly resolved: number;
}

/** What a map needs for this; esbuild's leave out `sourcesContent` and `sourceRoot`. */
export type BundleMap = Pick<SourceMapPayload, 'version' | 'sources' | 'mappings'> & Partial<SourceMapPayload>;

/** `maps` by the bundle file each describes, as the zip names it (`index.mjs`, `chunks/…mjs`). */
export function symbolicate(stack: string, maps: ReadonlyMap<string, BundleMap>): Symbolicated {
  const sourceMaps = new Map<string, SourceMap>();
  const sourceMapOf = (file: string): SourceMap | undefined => {
    const map = maps.get(file);
    if (!map) return undefined;
    if (!sourceMaps.has(file)) sourceMaps.set(file, new SourceMap({ file, names: [], sourceRoot: '', sourcesContent: [], ...map }));
    return sourceMaps.get(file);
  };
  let found = 0;
  let resolved = 0;
  const text = stack.replace(BUNDLE_POSITION, (position, file: string, line: string, column: string) => {
    found += 1;
    // Stack positions count from 1; the map counts from 0.
    const entry = sourceMapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    // findEntry falls back to the nearest mapping before the position, even on an earlier line:
    // that is a guess, not the position's source.
    if (!entry || !('originalSource' in entry) || !entry.originalSource || entry.generatedLine !== Number(line) - 1) return position;
    resolved += 1;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
  return { text, found, resolved };
}
