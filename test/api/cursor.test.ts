import { expect } from 'chai';

import { cursorCodec } from '../../src/api/cursor.js';
import { rejectionOf } from '../support/fixtures.js';

const key32 = (c: string) => async () => c.repeat(32);

describe('cursorCodec', () => {
  const codec = cursorCodec(key32('a'));
  const key = { pk: 'USER#u1', sk: 'ALBUM#a1' };

  it('round-trips a key within its scope and hides nothing it does not need', async () => {
    const cursor = (await codec.encode('albums:u1', key))!;
    expect(cursor).to.match(/^[\w-]+\.[\w-]+$/);
    expect(await codec.decode('albums:u1', cursor)).to.deep.equal(key);
    expect(await codec.decode('albums:u1', undefined)).to.equal(undefined);
    expect(await codec.encode('albums:u1', undefined)).to.equal(undefined);
  });

  it('refuses a cursor from another scope, another key, an altered payload or plain garbage with 400', async () => {
    const cursor = (await codec.encode('albums:u1', key))!;
    const [, signature] = cursor.split('.');
    const altered = `${Buffer.from(JSON.stringify({ s: 'albums:u2', k: { pk: 'USER#u2', sk: 'ALBUM#' } })).toString('base64url')}.${signature}`;
    const candidates: [string, string][] = [
      ['albums:u2', cursor],
      ['albums:u1', (await cursorCodec(key32('b')).encode('albums:u1', key))!],
      ['albums:u1', altered],
      ['albums:u1', 'not-a-cursor'],
      ['albums:u1', `${cursor}.x`],
    ];
    for (const [scope, candidate] of candidates) {
      const error = (await rejectionOf(() => codec.decode(scope, candidate))) as { status: number; code: string };
      expect([error.status, error.code], candidate).to.deep.equal([400, 'invalid_cursor']);
    }
  });

  it('refuses to sign with a key shorter than 32 characters, wherever it came from', async () => {
    const error = (await rejectionOf(() => cursorCodec(async () => 'short').encode('albums:u1', key))) as Error;
    expect(error.name).to.equal('ConfigError');
    expect(error.message).to.include('at least 32 characters');
  });
});
