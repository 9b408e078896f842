/**
 * `npm run -s capacity [-- --profile <file>] [--traffic <file>] [--prices <file>] [--quotas <file>]
 * [--compute <file>] [--json <file>] [--svg <file>]`: the capacity and cost model at 1x to 64x
 * today's load, as a table on stdout, a JSON file and an SVG chart (vega-lite). The profile is a
 * load run's (`npm run -s load`); the other inputs are the dated files under capacity/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { projectRoot } from '../local/paths.js';
import { capacityChart } from './capacity-chart.js';
import { type CapacityInputs, type LoadRow, modelRows, type QuotaName, quotaWarnings, type Service, trellisTradeOff } from './capacity.js';

const CAPACITY_DIR = join(projectRoot, 'capacity');
const USAGE = 'usage: npm run -s capacity [-- --profile <file>] [--traffic <file>] [--prices <file>] [--quotas <file>] [--compute <file>] [--json <file>] [--svg <file>]';
/**
 * What trellis quantisation adds to a photo's variants: the README's image benchmark, full set 340
 * ms with trellis on `web` against 254 ms without (recipe 1, the benchmark's 12-megapixel photo).
 */
const TRELLIS_EXTRA_ENCODE_MS = 86;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const dollars = (value: number): string => (value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : value >= 0.01 || value === 0 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`);

function table(rows: readonly LoadRow[]): string[] {
  const services = Object.keys(rows[0]!.monthlyCost) as Service[];
  const header = ['load', 'total/month', 'EC2+RDS', ...services, 'tightest quota (headroom)'];
  const body = rows.map((row) => [
    `${row.multiplier}x`,
    dollars(row.totalCost),
    dollars(row.baselineCost),
    ...services.map((s) => dollars(row.monthlyCost[s])),
    `${row.tightest.name} (${row.tightest.headroom.toFixed(2)}x${row.tightest.exceeded ? ', EXCEEDED' : ''})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [header, ...body].map((cells) => cells.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

function headroomTable(rows: readonly LoadRow[]): string[] {
  const names = Object.keys(rows[0]!.peak) as QuotaName[];
  const width = Math.max(...names.map((n) => n.length));
  return [
    `${'peak rate / limit'.padEnd(width)}  ${rows.map((r) => `${r.multiplier}x`.padStart(14)).join('')}`,
    ...names.map((name) => `${name.padEnd(width)}  ${rows.map((r) => `${r.peak[name].rate.toFixed(1)}/${r.peak[name].limit}`.padStart(14)).join('')}`),
  ];
}

async function main(args: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        profile: { type: 'string', default: join(CAPACITY_DIR, 'profile.json') },
        traffic: { type: 'string', default: join(CAPACITY_DIR, 'traffic.json') },
        prices: { type: 'string', default: join(CAPACITY_DIR, 'prices-ap-southeast-2.json') },
        quotas: { type: 'string', default: join(CAPACITY_DIR, 'quotas.json') },
        compute: { type: 'string', default: join(CAPACITY_DIR, 'compute.json') },
        json: { type: 'string', default: join(projectRoot, '.local', 'capacity.json') },
        svg: { type: 'string', default: join(projectRoot, '.local', 'capacity.svg') },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const priceFile = readJson<{ asOf: string; region: string; prices: CapacityInputs['prices'] }>(resolve(values.prices!));
  const inputs: CapacityInputs = {
    profile: readJson(resolve(values.profile!)),
    traffic: readJson(resolve(values.traffic!)),
    prices: priceFile.prices,
    quotas: readJson(resolve(values.quotas!)),
    compute: readJson(resolve(values.compute!)),
  };
  const rows = modelRows(inputs);
  process.stdout.write(`Monthly cost in ${priceFile.region} (prices as of ${priceFile.asOf}) and the tightest quota at each load:\n`);
  for (const line of table(rows)) process.stdout.write(`${line}\n`);
  process.stdout.write('\nPeak rate against each quota (per second; Lambda in concurrent executions, Fargate in vCPU):\n');
  for (const line of headroomTable(rows)) process.stdout.write(`${line}\n`);
  process.stdout.write('\nBefore each doubling:\n');
  for (const line of quotaWarnings(inputs, rows)) process.stdout.write(`- ${line}\n`);
  const trellis = trellisTradeOff(inputs, TRELLIS_EXTRA_ENCODE_MS);
  process.stdout.write(`\nTrellis on the web JPEG, per 1,000 photos a month: egress saved ${dollars(trellis.egressSavedPerThousandPhotos)}, encode time added ${dollars(trellis.computeAddedPerThousandPhotos)}\n`);
  mkdirSync(dirname(resolve(values.json!)), { recursive: true });
  writeFileSync(resolve(values.json!), `${JSON.stringify({ pricesAsOf: priceFile.asOf, rows, warnings: quotaWarnings(inputs, rows), trellis }, null, 2)}\n`);
  mkdirSync(dirname(resolve(values.svg!)), { recursive: true });
  writeFileSync(resolve(values.svg!), await capacityChart(rows));
  process.stderr.write(`capacity: wrote ${resolve(values.json!)} and ${resolve(values.svg!)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`capacity: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
