import { runMediaCli } from './media.js';

process.exitCode = await runMediaCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
