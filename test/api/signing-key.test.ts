import { createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';

import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { cloudFrontMediaUrlSigner } from '../../src/api/media-urls.js';
import { cloudFrontSigningKey, parseSigningKey, refreshingSigningKey, SIGNING_KEY_TTL_SECONDS, type SigningKey, SigningKeyError } from '../../src/api/signing-key.js';
import { rejectionOf } from '../support/fixtures.js';

const PARAMETER = '/photo-album/test/cloudfront/media-signing-key';

function keyPair(): { pem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}
const oldKey = keyPair();
const newKey = keyPair();

/** What `make signing-key-activate` stores. */
const stored = (keyPairId: string, pem: string): string => JSON.stringify({ keyPairId, privateKey: pem });

/** CloudFront's URL-safe base64: + → -, = → _, / → ~. */
const fromCloudFrontBase64 = (text: string): Buffer => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

/** The Key-Pair-Id of a signed URL, after checking its signature against `publicKey`. */
function verifiedKeyPairId(url: string, publicKey: KeyObject): string {
  const params = new URL(url).searchParams;
  const unsigned = new URL(url);
  unsigned.search = '';
  const policy = JSON.stringify({ Statement: [{ Resource: unsigned.toString(), Condition: { DateLessThan: { 'AWS:EpochTime': Number(params.get('Expires')) } } }] });
  const verify = createVerify('RSA-SHA1');
  verify.update(policy);
  expect(verify.verify(publicKey, fromCloudFrontBase64(params.get('Signature')!)), 'signature verifies with the expected public key').to.equal(true);
  return params.get('Key-Pair-Id')!;
}

describe('media signing key', () => {
  describe('parseSigningKey', () => {
    it('reads the key pair ID and the private key together from the JSON', () => {
      expect(parseSigningKey(stored('K2JCJMDEHXQW5F', oldKey.pem), PARAMETER)).to.deep.equal({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: oldKey.pem.trim() });
    });

    it('reads a bare PEM key (stored before three-step rotation) with the configured ID, and refuses it without one', () => {
      expect(parseSigningKey(oldKey.pem, PARAMETER, 'KLEGACY1')).to.deep.equal({ keyPairId: 'KLEGACY1', privateKey: oldKey.pem.trim() });
      expect(() => parseSigningKey(oldKey.pem, PARAMETER)).to.throw(SigningKeyError, /bare PEM key without its key pair ID/);
    });

    it('the JSON ID wins over the configured one', () => {
      expect(parseSigningKey(stored('K2NEW0000', newKey.pem), PARAMETER, 'KLEGACY1').keyPairId).to.equal('K2NEW0000');
    });

    it('refuses a malformed value, naming the parameter and never echoing the value', () => {
      const secretish = 'not-json-with-secret-material';
      for (const [value, message] of [
        [secretish, /neither JSON nor a PEM key/],
        [JSON.stringify({ keyPairId: 'k-lower', privateKey: oldKey.pem }), /keyPairId must be a CloudFront public key ID/],
        [JSON.stringify({ keyPairId: 'K2ABCDEF' }), /privateKey must be a PEM private key/],
        [JSON.stringify({ keyPairId: 'K2ABCDEF', privateKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }), /privateKey must be a PEM private key/],
      ] as const) {
        expect(() => parseSigningKey(value, PARAMETER), value)
          .to.throw(SigningKeyError, message)
          .with.property('message')
          .that.includes(PARAMETER)
          .and.not.include(secretish);
      }
    });
  });

  describe('refreshingSigningKey', () => {
    const a: SigningKey = { keyPairId: 'KA0000', privateKey: 'a' };
    const b: SigningKey = { keyPairId: 'KB0000', privateKey: 'b' };

    it('loads once per TTL, concurrent callers sharing one load', async () => {
      let now = 0;
      let loads = 0;
      const source = refreshingSigningKey(async () => ((loads += 1), loads === 1 ? a : b), { ttlSeconds: 300, clock: () => now });
      expect(await Promise.all([source(), source()])).to.deep.equal([a, a]);
      now = 299_999;
      expect(await source()).to.equal(a);
      expect(loads).to.equal(1);
      now = 300_000;
      expect(await source()).to.equal(b);
      expect(loads).to.equal(2);
    });

    it('keeps the held key when a reload fails, and tries again on the next call', async () => {
      let now = 0;
      let fail = false;
      let loads = 0;
      const source = refreshingSigningKey(
        async () => {
          loads += 1;
          if (fail) throw new Error('ThrottlingException');
          return loads === 1 ? a : b;
        },
        { ttlSeconds: 60, clock: () => now },
      );
      expect(await source()).to.equal(a);
      now = 61_000;
      fail = true;
      expect(await source()).to.equal(a);
      fail = false;
      expect(await source()).to.equal(b);
      expect(loads).to.equal(3);
    });

    it('does not keep a failed first load', async () => {
      let calls = 0;
      const source = refreshingSigningKey(async () => {
        calls += 1;
        if (calls === 1) throw new Error('AccessDeniedException');
        return a;
      });
      expect(((await rejectionOf(source)) as Error).message).to.equal('AccessDeniedException');
      expect(await source()).to.equal(a);
    });

    it('defaults to five minutes', () => {
      expect(SIGNING_KEY_TTL_SECONDS).to.equal(300);
    });
  });

  describe('rotation through SSM (step 2: one put-parameter switches key and ID together)', () => {
    // Created in a hook, not at load: a prototype mock made while mocha loads files would leak into every other suite.
    const mockSsm = () => mockClient(SSMClient);
    let ssm: ReturnType<typeof mockSsm>;
    before(() => (ssm = mockSsm()));
    afterEach(() => ssm.reset());
    after(() => ssm.restore());

    it('signs with the old pair, then with the new pair once the TTL has passed, never mixing a key with the other ID', async () => {
      let value = stored('K1OLDKEY', oldKey.pem);
      let reads = 0;
      ssm.on(GetParameterCommand, { Name: PARAMETER, WithDecryption: true }).callsFake(() => ((reads += 1), { Parameter: { Value: value } }));
      let now = Date.parse('2030-01-01T00:00:10Z');
      const signingKey = cloudFrontSigningKey(async () => new SSMClient({ region: 'ap-southeast-2' }), { CLOUDFRONT_PRIVATE_KEY_PARAMETER: PARAMETER, CLOUDFRONT_KEY_PAIR_ID: '' }, { clock: () => now });
      const signer = cloudFrontMediaUrlSigner({ domain: 'media.example.com', ttlSeconds: 3600, windowSeconds: 60, signingKey, clock: () => new Date(now) });

      expect(verifiedKeyPairId((await signer.sign('derived/m1/v1/thumb.webp')).url, oldKey.publicKey)).to.equal('K1OLDKEY');

      // The operator switches the signer: one write of both halves.
      value = stored('K2NEWKEY', newKey.pem);
      now += 120_000; // a new URL window, but the key is still within its TTL: the old pair, still trusted.
      expect(verifiedKeyPairId((await signer.sign('derived/m2/v1/thumb.webp')).url, oldKey.publicKey)).to.equal('K1OLDKEY');

      now += SIGNING_KEY_TTL_SECONDS * 1000;
      expect(verifiedKeyPairId((await signer.sign('derived/m3/v1/thumb.webp')).url, newKey.publicKey)).to.equal('K2NEWKEY');
      expect(reads).to.equal(2);
    });

    it('an environment still holding a bare PEM key keeps signing with CLOUDFRONT_KEY_PAIR_ID', async () => {
      ssm.on(GetParameterCommand, { Name: PARAMETER, WithDecryption: true }).resolves({ Parameter: { Value: oldKey.pem } });
      const signingKey = cloudFrontSigningKey(async () => new SSMClient({ region: 'ap-southeast-2' }), { CLOUDFRONT_PRIVATE_KEY_PARAMETER: PARAMETER, CLOUDFRONT_KEY_PAIR_ID: 'K1LEGACY' });
      const signer = cloudFrontMediaUrlSigner({ domain: 'media.example.com', ttlSeconds: 3600, windowSeconds: 60, signingKey });
      expect(verifiedKeyPairId((await signer.sign('derived/m1/v1/thumb.webp')).url, oldKey.publicKey)).to.equal('K1LEGACY');
    });
  });
});
