/**
 * Turns a stack trace logged by a deployed Lambda (positions in its minified index.mjs) back into
 * source files and lines, with the source map `make build` wrote for the same commit.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';

/** `index.mjs:LINE:COLUMN`, however the runtime prefixed the path (`/var/task/`, `file:///var/task/`). */
const BUNDLE_POSITION = /(?:file:\/\/)?(?:\/var\/task\/)?index\.mjs:(\d+):(\d+)/g;

export interface Symbolicated {
  readonly text: string;
  /** Positions found in the bundle, and how many of them the map resolved. */
  readonly found: number;
  readonly resolved: number;
}

/** What a map needs for this; esbuild's leave out `sourcesContent` and `sourceRoot`. */
export type BundleMap = Pick<SourceMapPayload, 'version' | 'sources' | 'mappings'> & Partial<SourceMapPayload>;

export function symbolicate(stack: string, map: BundleMap): Symbolicated {
  const sourceMap = new SourceMap({ file: 'index.mjs', names: [], sourceRoot: '', sourcesContent: [], ...map });
  let found = 0;
  let resolved = 0;
  const text = stack.replace(BUNDLE_POSITION, (position, line: string, column: string) => {
    found += 1;
    // Stack positions count from 1; the map counts from 0.
    const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1);
    // findEntry falls back to the nearest mapping before the position, even on an earlier line:
    // that is a guess, not the position's source.
    if (!('originalSource' in entry) || !entry.originalSource || entry.generatedLine !== Number(line) - 1) return position;
    resolved += 1;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
  return { text, found, resolved };
}
