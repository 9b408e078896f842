import { expect } from 'chai';

import { cpuLine, dynamoUnits, type ItemOutcome, type LoadFile, machineBusySeconds, percentile, phaseReport, processCpu, reportLines, seededRandom, type StoredSizes } from '../../src/cli/load.js';

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

  it('reads a process\'s CPU, its waited-for children\'s and its start time from /proc/<pid>/stat, a command name with spaces and parentheses included', () => {
    // utime 1234, stime 566, cutime 150 and cstime 50 ticks of 1/100 s, fields 14 to 17; starttime 6488180, field 22.
    const stat = '4490 (python (moto) x) S 4486 4486 27968 0 -1 4194304 124 0 0 0 1234 566 150 50 20 0 1 0 6488180 3133440 413';
    expect(processCpu(stat)).to.deep.equal({ seconds: 20, startTicks: 6488180 });
    expect(() => processCpu('nonsense')).to.throw(/not a \/proc\/<pid>\/stat line/);
  });

  it('counts the machine\'s busy time from /proc/stat: user, nice, system, irq, softirq and steal, not idle or I/O wait', () => {
    const procStat = 'cpu  1000 200 300 9000 400 10 20 30 0 0\ncpu0 500 100 150 4500 200 5 10 15 0 0\n';
    expect(machineBusySeconds(procStat)).to.equal(15.6);
  });

  it('says how much of the cores moto held, and what that means for the wall time', () => {
    const line = cpuLine('photos', { cores: 2, wallSeconds: 300, busySeconds: 540, motoSeconds: 220, stackSeconds: 240, unmeasured: ['image-labels'], loadCommandSeconds: 40 }, 205);
    expect(line).to.equal(
      "photos: CPU 540 of 600 core-seconds busy (90%), moto 220 s (37%), the stack's processes 240 s (40%) (not counted: image-labels, restarted), the load command's clients 40 s, other work on the machine 40 s; the floor used 205 s; moto alone holds the cores for at least 110 s of the 300 s, time a run on AWS does not spend here",
    );
  });
});
