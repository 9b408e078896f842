/**
 * `npm run -s audit` and `npm run -s sweep`: the audit (read-only) or one sweeper pass now, against
 * the local stack (default) or a deployed one.
 *
 *   npm run -s audit -- [--stack local|aws] [--prefix <prefix>] [--upload-window-seconds 900] [--json]
 *   npm run -s sweep -- [the same]
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { parseArgs } from 'node:util';

import { sqsAlbumDeletionQueue } from '../shared/album-deletion-requests.js';
import { sqsMessageSender } from '../shared/message-sender.js';
import { documentClient } from '../shared/document-client.js';
import { audit, type AuditReport } from '../maintenance/audit.js';
import { sweep, type SweepReport } from '../maintenance/sweep.js';
import { progressBar } from './progress.js';
import { connect } from './stack-target.js';

const command = process.argv[2];
const USAGE = `usage: npm run -s ${command ?? 'audit|sweep'} -- [--stack local|aws] [--prefix <prefix>] [--upload-window-seconds <s>] [--json]`;

function summary(report: AuditReport): string[] {
  const byKind = new Map<string, number>();
  for (const f of report.findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  return [...byKind].map(([kind, count]) => `  ${kind}: ${count}`);
}

try {
  if (command !== 'audit' && command !== 'sweep') throw new Error(USAGE);
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      stack: { type: 'string', default: 'local' },
      prefix: { type: 'string' },
      'upload-window-seconds': { type: 'string', default: '900' },
      json: { type: 'boolean', default: false },
    },
  });
  const uploadWindowSeconds = Number(values['upload-window-seconds']);
  if ((values.stack !== 'local' && values.stack !== 'aws') || !Number.isInteger(uploadWindowSeconds) || uploadWindowSeconds < 0) throw new Error(USAGE);
  const target = await connect(values.stack, values.prefix);
  const { topology } = target;
  const store = { doc: documentClient(target.dynamodb), s3: target.s3, tableName: topology.tableName, originalsBucket: topology.buckets.originals, derivedBucket: topology.buckets.derived };
  const say = (line: string) => process.stderr.write(`${line}\n`);
  // The table's item count (DynamoDB refreshes it every few hours) sizes the bar of the longest
  // phase; the buckets have no count short of listing them, so they report as they go.
  const { Table } = await target.dynamodb.send(new DescribeTableCommand({ TableName: topology.tableName }));
  const tableBar = progressBar('reading the table');
  let lastPhase = '';
  let lastCount = 0;
  let scanned = 0;
  const onProgress = (phase: string, count: number) => {
    if (phase === 'table') tableBar({ done: (scanned = count), total: Math.max(count, Table?.ItemCount ?? 0) });
    else if (phase !== lastPhase || count - lastCount >= 1000) say(`listing ${phase}: ${count} objects`);
    if (phase !== lastPhase || count - lastCount >= 1000) lastCount = count;
    lastPhase = phase;
  };
  const options = { uploadWindowSeconds, onProgress };
  let report: AuditReport | SweepReport;
  if (command === 'audit') {
    report = await audit(store, options);
  } else {
    const queueName = topology.jobQueues.find((q) => q.job === 'album-deleter')!.name;
    const { QueueUrl } = await target.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const bar = progressBar('repairing');
    report = await sweep({ store, albumDeletions: sqsAlbumDeletionQueue(sqsMessageSender(target.sqs), QueueUrl!) }, options, (done, total) => bar({ done, total }));
  }
  // The item count is an estimate: the bar ends at what was actually scanned.
  tableBar({ done: scanned, total: scanned });
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else for (const line of report.findings.map((f) => `${f.kind} ${JSON.stringify(f)}`)) process.stdout.write(`${line}\n`);
  for (const line of summary(report)) say(line);
  if ('outcomes' in report) for (const [kind, counts] of Object.entries(report.outcomes)) say(`  ${kind}: ${counts.repaired} repaired, ${counts['moved-on']} had moved on, ${counts['needs-a-person']} need a person`);
  process.stdout.write(`${report.checked} checked, ${report.findings.length} inconsistent\n`);
  // An audit that finds something exits 1, so a scheduled check can alert on it.
  if (command === 'audit' && report.findings.length > 0) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}
