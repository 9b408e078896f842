import { expect } from 'chai';

import { formatUuidV7, uuidV7Generator } from '../../src/api/ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const timestampOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('UUIDv7', () => {
  it('puts the Unix milliseconds first and sets version 7 and variant 0b10 (RFC 9562 test vector layout)', () => {
    // RFC 9562 Appendix A.6: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
    const id = formatUuidV7(0x017f22e279b0, 0xcc3, Uint8Array.from([0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]));
    expect(id).to.equal('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
    const random = formatUuidV7(Date.parse('2030-01-01T00:00:00Z'), 0, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(random).to.match(UUID);
    expect(random[14]).to.equal('7');
    expect(parseInt(random[19]!, 16) >> 2).to.equal(0b10);
    expect(timestampOf(random)).to.equal(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('refuses what does not fit its fields', () => {
    expect(() => formatUuidV7(2 ** 48, 0, new Uint8Array(8))).to.throw(RangeError);
    expect(() => formatUuidV7(0, 0x1000, new Uint8Array(8))).to.throw(RangeError);
    expect(() => formatUuidV7(0, 0, new Uint8Array(7))).to.throw(RangeError);
  });

  it('generates ids whose string order is creation order, across and within milliseconds', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const next = uuidV7Generator(() => now);
    const ids: string[] = [];
    for (let ms = 0; ms < 50; ms += 1) {
      for (let i = 0; i < 5; i += 1) ids.push(next());
      now += 1;
    }
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
    for (const id of ids) expect(id).to.match(UUID);
  });

  it('stays increasing when the clock steps back or one millisecond holds more ids than the counter', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const next = uuidV7Generator(() => now);
    const ids = [next()];
    now -= 5_000;
    ids.push(next());
    for (let i = 0; i < 5000; i += 1) ids.push(next());
    expect([...ids].sort()).to.deep.equal(ids);
    expect(timestampOf(ids.at(-1)!)).to.be.greaterThan(timestampOf(ids[0]!));
  });
});
