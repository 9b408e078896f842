import { expect } from 'chai';

import { dynamoUnits, type ItemOutcome, type LoadFile, percentile, phaseReport, reportLines, seededRandom, type StoredSizes } from '../../src/cli/load.js';

const call = (service: string, operation: string, count: number, requestBytes: number, responseBytes = 0, items = count) => ({ service, operation, count, items, requestBytes, responseBytes, seconds: 0.01 * count });

describe('load command arithmetic', () => {
  it('takes percentiles by nearest rank', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 0.5)).to.equal(5);
    expect(percentile(values, 0.95)).to.equal(10);
    expect(percentile([4], 0.99)).to.equal(4);
    expect(percentile([], 0.5)).to.equal(undefined);
  });

  it('counts DynamoDB units from the measured sizes: a unit per KB written, twice in a transaction, a unit per 4 KB read', () => {
    const units = dynamoUnits([
      call('dynamodb', 'PutItem', 2, 2 * 1500), // 1.5 KB each: 2 units each
      call('dynamodb', 'TransactWriteItems', 1, 900, 0, 3), // 3 items of 300 bytes: 1 unit each, doubled
      call('dynamodb', 'GetItem', 4, 400, 4 * 5000), // 5 KB each: 2 units each
      call('s3', 'PutObject', 9, 1_000_000),
    ]);
    expect(units).to.deep.equal({ writeUnits: 4 + 6, readUnits: 8 });
  });

  it('reports a phase per uploaded item, and what the caught repeats saved', () => {
    const file = (name: string, bytes: number): LoadFile => ({ name, path: `/tmp/${name}`, bytes, kind: 'jpeg', mediaClass: 'image' });
    const outcomes: ItemOutcome[] = [
      { file: file('a.jpg', 1000), result: 'ready', mediaId: 'a', latencyMs: 2000 },
      { file: file('b.jpg', 3000), result: 'failed', mediaId: 'b', latencyMs: 1000 },
      { file: file('a-again.jpg', 1000), result: 'duplicate', mediaId: 'a' },
    ];
    const stored = new Map<string, StoredSizes>([['a', { original: 1000, derived: 600, renditions: { 'thumb.webp': 100, 'web.jpg': 500 } }], ['b', { original: 3000, derived: 0, renditions: {} }]]);
    const report = phaseReport(outcomes, [call('s3', 'PostObject', 2, 4000)], stored, 30_000, 4);
    expect(report).to.deep.include({ uploaded: 2, ready: 1, failed: 1, lost: 0, duplicates: 1, wallSeconds: 30, itemsPerMinute: 6 });
    expect(report.callsPerItem).to.deep.equal({ 's3:PostObject': 1 });
    expect(report.motoSecondsByOperation).to.deep.equal({ 's3:PostObject': 0 });
    expect(report.bytesPerItem).to.deep.equal({ original: 2000, renditions: 300, byRendition: { 'thumb.webp': 100, 'web.jpg': 500 } });
    expect(report.duplicateSavings).to.deep.equal({ uploads: 1, originalBytes: 1000, renditionBytes: 300, processorRuns: 4 });
    expect(report.latencySeconds).to.deep.equal({ p50: 1, p95: 2, p99: 2 });
    expect(reportLines({ measuredAt: '', plan: { photos: 3, videos: 0, concurrency: 2, corruptShare: 0, duplicateShare: 0, minMegapixels: 1, maxMegapixels: 2, timeoutMs: 1, seed: 1 }, photo: report }).at(-1)).to.equal('1 ready, 1 failed, 0 lost');
  });

  it('repeats a run file for file from its seed', () => {
    const [a, b] = [seededRandom(7), seededRandom(7)];
    const draws = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).to.deep.equal(draws);
    expect(draws.every((d) => d >= 0 && d < 1)).to.equal(true);
  });
});
