import { expect } from 'chai';

import { counterChanges } from '../../src/shared/media-counts.js';
import { takenInstant } from '../../src/shared/media-store.js';

const photo = { mediaId: 'm1', ownerId: 'o1', albumId: 'a1', mediaClass: 'image', status: 'processing', takenAt: '2024-05-03T10:00:00.000Z' };
const album = (albumId: string) => ({ pk: 'USER#o1', sk: `ALBUM#${albumId}` });
const month = (yyyyMm: string) => ({ pk: 'USER#o1', sk: `MONTH#${yyyyMm}` });

describe('media counters', () => {
  it('an upload counts once its bytes arrive, in its album and in the month it was taken', () => {
    const issued = { ...photo, status: 'uploading' };
    expect(counterChanges(undefined, issued), 'issued: TTL or the sweeper may remove it without a trace').to.deep.equal([]);
    expect(counterChanges(issued, photo)).to.deep.equal([
      { key: album('a1'), album: true, deltas: { photoCount: 1 } },
      { key: month('2024-05'), album: false, deltas: { count: 1 } },
    ]);
    expect(counterChanges(undefined, photo)).to.deep.equal([
      { key: album('a1'), album: true, deltas: { photoCount: 1 } },
      { key: month('2024-05'), album: false, deltas: { count: 1 } },
    ]);
  });

  it('failing adds to the failed count only; being retried or becoming ready takes it away', () => {
    const failed = { ...photo, status: 'failed' };
    expect(counterChanges(photo, failed)).to.deep.equal([{ key: album('a1'), album: true, deltas: { failedCount: 1 } }]);
    expect(counterChanges(failed, { ...photo, status: 'processing' })).to.deep.equal([{ key: album('a1'), album: true, deltas: { failedCount: -1 } }]);
    expect(counterChanges(failed, { ...photo, status: 'ready' })).to.deep.equal([{ key: album('a1'), album: true, deltas: { failedCount: -1 } }]);
    expect(counterChanges(photo, { ...photo, status: 'ready', caption: 'x' }), 'nothing counted changed').to.deep.equal([]);
  });

  it('a move takes a failed video from one album to the other; a new capture time moves it between months', () => {
    const video = { ...photo, mediaClass: 'video', status: 'failed' };
    expect(counterChanges(video, { ...video, albumId: 'a2' })).to.deep.equal([
      { key: album('a1'), album: true, deltas: { videoCount: -1, failedCount: -1 } },
      { key: album('a2'), album: true, deltas: { videoCount: 1, failedCount: 1 } },
    ]);
    expect(counterChanges(photo, { ...photo, takenAt: '2019-12-31T23:59:59.000Z' })).to.deep.equal([
      { key: month('2024-05'), album: false, deltas: { count: -1 } },
      { key: month('2019-12'), album: false, deltas: { count: 1 } },
    ]);
  });

  it('an item being deleted counts nowhere', () => {
    expect(counterChanges({ ...photo, status: 'failed' }, { ...photo, status: 'failed', deletingSince: '2026-01-01T00:00:00.000Z' })).to.deep.equal([
      { key: album('a1'), album: true, deltas: { photoCount: -1, failedCount: -1 } },
      { key: month('2024-05'), album: false, deltas: { count: -1 } },
    ]);
  });
});

describe('capture time', () => {
  it('orders a zoned camera time by its instant and a zone-less one by its wall clock', () => {
    expect(takenInstant('2021-04-11T15:47:53-05:00')).to.equal('2021-04-11T20:47:53.000Z');
    expect(takenInstant('2008-05-30T15:56:01')).to.equal('2008-05-30T15:56:01.000Z');
    expect(takenInstant('2019-05-01T12:00:00Z')).to.equal('2019-05-01T12:00:00.000Z');
    expect(takenInstant('not a time')).to.equal(undefined);
  });
});
