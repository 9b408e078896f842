import { runDeployWeb } from './deploy-web.js';

process.exitCode = await runDeployWeb(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
});
