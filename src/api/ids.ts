/**
 * Time-ordered ids (UUIDv7, RFC 9562 §5.7): an album's id sorts by when it was made, so an owner's
 * albums, keyed `ALBUM#<albumId>`, come back newest first from one reverse Query.
 *
 * Layout: 48-bit Unix milliseconds, version 7, 12 bits of rand_a used as a counter within a
 * millisecond (RFC 9562 §6.2, method 1), variant 0b10, 62 random bits.
 */
import { randomBytes } from 'node:crypto';

const MAX_COUNTER = 0xfff;

/** The UUIDv7 of a millisecond timestamp, a 12-bit counter and 8 random bytes (the low 62 bits are used). */
export function formatUuidV7(unixMs: number, counter: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(unixMs) || unixMs < 0 || unixMs >= 2 ** 48) throw new RangeError(`timestamp ${unixMs} does not fit 48 bits`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) throw new RangeError(`counter ${counter} does not fit 12 bits`);
  if (random.length < 8) throw new RangeError('a UUIDv7 needs 8 random bytes');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 6; i += 1) bytes[i] = Math.floor(unixMs / 2 ** (8 * (5 - i))) % 256;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (random[0]! & 0x3f);
  bytes.set(random.subarray(1, 8), 9);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A generator of UUIDv7s that increase strictly within this process, even for ids made in the same
 * millisecond or while the clock steps back: it never goes below the last timestamp it used, and a
 * full counter borrows the next millisecond. Across processes only the millisecond orders them.
 */
export function uuidV7Generator(now: () => number = Date.now, random: (size: number) => Uint8Array = randomBytes): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = Math.max(now(), lastMs);
    if (ms === lastMs) {
      counter += 1;
      if (counter > MAX_COUNTER) {
        ms += 1;
        counter = 0;
      }
    } else {
      // A random start within the lower half leaves room to count and keeps the counter unguessable.
      counter = random(2).reduce((a, b) => (a << 8) | b, 0) & 0x7ff;
    }
    lastMs = ms;
    return formatUuidV7(ms, counter, random(8));
  };
}
