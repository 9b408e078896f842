/** What the benchmarks share to report: progress on stderr, medians, ratios and Markdown tables on stdout. */

/** One progress line on stderr, redrawn in place on a terminal and appended otherwise (CI logs). */
export const progress = (line: string) => process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
/** Clears the progress line so the tables start on a clean one. */
export const done = () => process.stderr.isTTY && process.stderr.write('\r\x1b[2K');

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const fmtX = (x: number) => `${x.toFixed(2)}×`;

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
