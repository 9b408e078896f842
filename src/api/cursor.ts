/**
 * Opaque, tamper-proof pagination cursors. A cursor is DynamoDB's LastEvaluatedKey plus the scope
 * it was issued for (the owner and the listing), HMAC-SHA256-signed with a key from configuration
 * (CURSOR_KEY, or an SSM SecureString named by CURSOR_KEY_PARAMETER, read once per container).
 * A forged, altered or replayed-elsewhere cursor is a 400, never a query from a key the caller
 * chose: nobody can page into another user's partition.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { ConfigError } from '../shared/config.js';
import { ApiError } from './http.js';
import type { Secret } from './secrets.js';

export type DynamoKey = Record<string, unknown>;

export const invalidCursor = (): ApiError => new ApiError(400, 'invalid_cursor', 'the cursor is not valid for this listing');

export interface CursorCodec {
  encode(scope: string, key: DynamoKey | undefined): Promise<string | undefined>;
  /** The key to resume from, or undefined for the first page; rejects with a 400 ApiError when forged. */
  decode(scope: string, cursor: string | undefined): Promise<DynamoKey | undefined>;
}

export const MIN_CURSOR_KEY_LENGTH = 32;

export function cursorCodec(secret: Secret): CursorCodec {
  const mac = async (data: string): Promise<Buffer> => {
    const key = await secret();
    // Checked here as well as in config.ts: a key from SSM is only seen on first use.
    if (key.length < MIN_CURSOR_KEY_LENGTH) throw new ConfigError(`the cursor key must be at least ${MIN_CURSOR_KEY_LENGTH} characters`);
    return createHmac('sha256', key).update(data).digest();
  };
  return {
    async encode(scope, key) {
      if (!key) return undefined;
      const payload = Buffer.from(JSON.stringify({ s: scope, k: key })).toString('base64url');
      return `${payload}.${(await mac(payload)).toString('base64url')}`;
    },
    async decode(scope, cursor) {
      if (cursor === undefined) return undefined;
      const [payload, signature, ...rest] = cursor.split('.');
      if (!payload || !signature || rest.length > 0) throw invalidCursor();
      const given = Buffer.from(signature, 'base64url');
      const expected = await mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
      let decoded: { s?: unknown; k?: unknown };
      try {
        decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
      } catch {
        throw invalidCursor();
      }
      if (decoded.s !== scope || typeof decoded.k !== 'object' || decoded.k === null) throw invalidCursor();
      return decoded.k as DynamoKey;
    },
  };
}
