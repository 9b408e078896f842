/** A one-line progress bar on stderr; plain lines when stderr is not a terminal (CI logs). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastLogged = -1;
  return ({ done, total }: { done: number; total: number }) => {
    const fraction = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastLogged || done === total) {
      lastLogged = decile;
      stream.write(`${label} ${done}/${total} (${Math.round(fraction * 100)}%)\n`);
    }
  };
}
