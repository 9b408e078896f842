/** The capacity model's chart, drawn by vega-lite as a standalone SVG (no browser, no canvas). */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import type { LoadRow } from './capacity.js';

/** Cost by service against load, and each quota's headroom against load, side by side. */
export async function capacityChart(rows: readonly LoadRow[]): Promise<string> {
  const costs = rows.flatMap((row) => [
    ...Object.entries(row.monthlyCost).map(([service, cost]) => ({ load: row.multiplier, service, cost })),
  ]);
  const baseline = rows.map((row) => ({ load: row.multiplier, cost: row.baselineCost, what: 'EC2 + RDS baseline' }));
  const headroom = rows.flatMap((row) => Object.entries(row.peak).map(([quota, p]) => ({ load: row.multiplier, quota, headroom: Math.min(p.headroom, 1e6) })));
  const loadAxis = { field: 'load', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'load (x today)' } as const;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { font: 'sans-serif', view: { stroke: null }, legend: { labelLimit: 260 } },
    // Each panel its own colours and legend: services on the left, quotas on the right.
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      {
        title: 'Monthly cost by service (USD); dashed: the EC2 + RDS baseline',
        width: 420,
        height: 300,
        layer: [
          { data: { values: costs }, mark: 'area', encoding: { x: loadAxis, y: { field: 'cost', type: 'quantitative', stack: 'zero', title: 'USD per month' }, color: { field: 'service', type: 'nominal', title: 'service', scale: { scheme: 'tableau10' } } } },
          { data: { values: baseline }, mark: { type: 'line', strokeDash: [6, 4], color: 'black' }, encoding: { x: loadAxis, y: { field: 'cost', type: 'quantitative' } } },
        ],
      },
      {
        title: 'Headroom: quota / peak rate (below 1: over the quota)',
        width: 420,
        height: 300,
        layer: [
          { data: { values: headroom }, mark: { type: 'line', point: true }, encoding: { x: loadAxis, y: { field: 'headroom', type: 'quantitative', scale: { type: 'log' }, title: 'headroom (x)' }, color: { field: 'quota', type: 'nominal', title: 'quota', scale: { scheme: 'category10' } } } },
          { data: { values: [{ headroom: 1 }] }, mark: { type: 'rule', color: 'red' }, encoding: { y: { field: 'headroom', type: 'quantitative' } } },
        ],
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

