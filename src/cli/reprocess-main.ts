/** `npm run reprocess -- --processor <name> (--media <id> | --all | --stale) [--stack local|aws] [--prefix <prefix>]` */
import { parseArgs } from 'node:util';

import { processorNamed, registry } from '../shared/registry.js';
import { progressBar } from './progress.js';
import { reprocess } from './reprocess.js';
import { connect } from './stack-target.js';

const USAGE = 'usage: npm run reprocess -- --processor <name> (--media <id> | --all | --stale) [--stack local|aws] [--prefix <prefix>]';

try {
  const { values } = parseArgs({
    options: {
      processor: { type: 'string' },
      media: { type: 'string' },
      all: { type: 'boolean', default: false },
      stale: { type: 'boolean', default: false },
      stack: { type: 'string', default: 'local' },
      prefix: { type: 'string' },
    },
  });
  const chosen = [Boolean(values.media), values.all, values.stale].filter(Boolean).length;
  if (!values.processor || chosen !== 1 || (values.stack !== 'local' && values.stack !== 'aws')) throw new Error(USAGE);
  const processor = processorNamed(values.processor);
  const target = await connect(values.stack, values.prefix);
  const bar = progressBar(`reprocess ${processor.name}`);
  const sent = await reprocess({ ...target, registry }, processor, values.media ? { mediaId: values.media } : values.stale ? { stale: true } : { all: true }, ({ sent: done, total }) => bar({ done, total }));
  process.stdout.write(`queued ${sent} ${sent === 1 ? 'object' : 'objects'} for ${processor.name}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}
