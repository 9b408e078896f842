/**
 * The CloudFront media-signing key: the private key and the ID of its public key in the
 * distribution's key group, read together from one SSM SecureString so that switching the signer
 * is one `put-parameter` (atomic: no reader sees a new key with an old ID), never a redeploy.
 *
 * The parameter holds JSON, `{"keyPairId":"K2...","privateKey":"-----BEGIN PRIVATE KEY-----..."}`
 * (`make signing-key-activate` writes it). A bare PEM key, as stored before rotation came in
 * three steps, is still read with the ID from CLOUDFRONT_KEY_PAIR_ID, so an environment keeps
 * signing across the upgrade until its first rotation.
 *
 * Each container re-reads the parameter at most every SIGNING_KEY_TTL_SECONDS, so a switch
 * reaches every container within that time; both keys are trusted by the key group during a
 * rotation, so URLs signed with either keep working meanwhile. A failed re-read keeps the key
 * already held (and tries again on the next signature) rather than failing media URLs over a
 * throttled SSM call; a failed first read is not kept.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';

import { readSsmSecureString } from './secrets.js';

export interface SigningKey {
  readonly keyPairId: string;
  readonly privateKey: string;
}

export type SigningKeySource = () => Promise<SigningKey>;

/** How long a container signs with the key it read before reading the parameter again. */
export const SIGNING_KEY_TTL_SECONDS = 300;

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

const PEM_PRIVATE_KEY = /^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (RSA )?PRIVATE KEY-----\s*$/;
// CloudFront public key IDs: upper-case letters and digits, starting with K.
const KEY_PAIR_ID = /^K[A-Z0-9]{5,127}$/;

/** The key and its ID from the parameter's value; the error names the parameter, never the value. */
export function parseSigningKey(value: string, parameter: string, legacyKeyPairId = ''): SigningKey {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    if (!PEM_PRIVATE_KEY.test(trimmed)) throw new SigningKeyError(`SSM parameter ${parameter} holds no PEM private key`);
    if (!legacyKeyPairId) {
      throw new SigningKeyError(`SSM parameter ${parameter} holds a bare PEM key without its key pair ID: store {"keyPairId", "privateKey"} JSON (make signing-key-activate)`);
    }
    return { keyPairId: legacyKeyPairId, privateKey: trimmed };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new SigningKeyError(`SSM parameter ${parameter} is neither JSON nor a PEM key`);
  }
  const { keyPairId, privateKey } = (parsed ?? {}) as { keyPairId?: unknown; privateKey?: unknown };
  if (typeof keyPairId !== 'string' || !KEY_PAIR_ID.test(keyPairId)) throw new SigningKeyError(`SSM parameter ${parameter}: keyPairId must be a CloudFront public key ID such as K2JCJMDEHXQW5F`);
  if (typeof privateKey !== 'string' || !PEM_PRIVATE_KEY.test(privateKey.trim())) throw new SigningKeyError(`SSM parameter ${parameter}: privateKey must be a PEM private key`);
  return { keyPairId, privateKey: privateKey.trim() };
}

export interface RefreshOptions {
  readonly ttlSeconds?: number;
  readonly clock?: () => number;
}

/**
 * A source that loads at most once per TTL. Concurrent callers share one load; after a failed
 * reload the held key is returned and the next call loads again.
 */
export function refreshingSigningKey(load: SigningKeySource, options: RefreshOptions = {}): SigningKeySource {
  const ttlMs = (options.ttlSeconds ?? SIGNING_KEY_TTL_SECONDS) * 1000;
  const clock = options.clock ?? Date.now;
  let held: { readonly key: SigningKey; readonly loadedAt: number } | undefined;
  let loading: Promise<SigningKey> | undefined;
  return () => {
    if (held && clock() - held.loadedAt < ttlMs) return Promise.resolve(held.key);
    loading ??= load()
      .then((key) => {
        held = { key, loadedAt: clock() };
        return key;
      })
      .catch((error: unknown) => {
        if (held) return held.key;
        throw error;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
}

/** The API's signing key: the SSM parameter, parsed, re-read at most every TTL. */
export function cloudFrontSigningKey(
  ssm: () => Promise<SSMClient>,
  config: { readonly CLOUDFRONT_PRIVATE_KEY_PARAMETER: string; readonly CLOUDFRONT_KEY_PAIR_ID: string },
  options: RefreshOptions = {},
): SigningKeySource {
  // Read on every call (the SSM module loaded on the first): `refreshingSigningKey` bounds how often.
  const read = readSsmSecureString(ssm, config.CLOUDFRONT_PRIVATE_KEY_PARAMETER);
  return refreshingSigningKey(async () => parseSigningKey(await read(), config.CLOUDFRONT_PRIVATE_KEY_PARAMETER, config.CLOUDFRONT_KEY_PAIR_ID), options);
}
