import { createVerify, generateKeyPairSync } from 'node:crypto';

import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { cloudFrontMediaUrlSigner, s3MediaUrlSigner, urlWindow, windowedMediaUrlSigner } from '../../src/api/media-urls.js';
import { type Secret, ssmSecureString } from '../../src/api/secrets.js';
import { rejectionOf } from '../support/fixtures.js';

/** CloudFront's URL-safe base64: + → -, = → _, / → ~. */
const fromCloudFrontBase64 = (text: string): Buffer => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

/** A clock the test moves. */
function testClock(start: string) {
  let now = Date.parse(start);
  return { clock: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000), at: (iso: string) => (now = Date.parse(iso)) };
}

const windowStartOf = (url: string): string => new URL(url).searchParams.get('X-Amz-Date')!;

describe('urlWindow', () => {
  it('floors the signing time to a window boundary aligned to the epoch, and expires a TTL after it', () => {
    const window = urlWindow(new Date('2030-01-01T00:14:59.999Z'), 3600, 900);
    expect(window.start.toISOString()).to.equal('2030-01-01T00:00:00.000Z');
    expect(window.expires.toISOString()).to.equal('2030-01-01T01:00:00.000Z');
    expect(urlWindow(new Date('2030-01-01T00:15:00.000Z'), 3600, 900).start.toISOString()).to.equal('2030-01-01T00:15:00.000Z');
  });
});

describe('cloudFrontMediaUrlSigner', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

  // Created in a hook, not at load, and restored even when an assertion fails: a prototype mock
  // left behind would answer every other suite's SSM calls.
  const mockSsm = () => mockClient(SSMClient);
  let ssm: ReturnType<typeof mockSsm>;
  before(() => (ssm = mockSsm()));
  after(() => ssm.restore());

  /**
   * The private key is fetched for every signature the SDK computes (and for nothing else), so
   * counting its reads counts RSA signatures.
   */
  function countingKey(): { key: Secret; signatures: () => number } {
    let reads = 0;
    return {
      key: async () => {
        reads += 1;
        return pem;
      },
      signatures: () => reads,
    };
  }

  it('signs a canned policy for the object with the key group key, expiring a TTL after the window start', async () => {
    ssm.on(GetParameterCommand, { Name: '/album/cf-key', WithDecryption: true }).resolves({ Parameter: { Value: pem } });
    const time = testClock('2030-01-01T00:01:40Z');
    const signer = cloudFrontMediaUrlSigner({
      domain: 'media.example.com',
      keyPairId: 'K2ABC',
      ttlSeconds: 300,
      windowSeconds: 60,
      privateKey: ssmSecureString(async () => new SSMClient({ region: 'ap-southeast-2' }), '/album/cf-key'),
      clock: time.clock,
    });

    const first = await signer.sign('derived/m-1/thumb.webp');
    await signer.sign('derived/m-2/web.jpg');
    expect(ssm.commandCalls(GetParameterCommand)).to.have.length(1); // read once per container

    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).to.equal('https://media.example.com/derived/m-1/thumb.webp');
    expect(first.expiresAt).to.equal('2030-01-01T00:06:00.000Z'); // window 00:01:00 + 300 s
    const expires = Number(url.searchParams.get('Expires'));
    expect(expires).to.equal(Date.parse(first.expiresAt) / 1000);
    expect(url.searchParams.get('Key-Pair-Id')).to.equal('K2ABC');
    const policy = JSON.stringify({ Statement: [{ Resource: 'https://media.example.com/derived/m-1/thumb.webp', Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }] });
    const verifier = createVerify('RSA-SHA1').update(policy);
    expect(verifier.verify(publicKey, fromCloudFrontBase64(url.searchParams.get('Signature')!))).to.equal(true);
  });

  it('gives a key the same URL within a window and a new one after the boundary, each valid at least TTL − window', async () => {
    const ttl = 3600;
    const window = 900;
    const time = testClock('2030-01-01T00:00:00Z');
    const signer = cloudFrontMediaUrlSigner({ domain: 'media.example.com', keyPairId: 'K2ABC', ttlSeconds: ttl, windowSeconds: window, privateKey: countingKey().key, clock: time.clock });

    const first = await signer.sign('derived/m-1/thumb.webp');
    time.advance(window - 1);
    const sameWindow = await signer.sign('derived/m-1/thumb.webp');
    expect(sameWindow).to.deep.equal(first);
    const handedOutAt = time.clock().getTime();
    expect(Date.parse(sameWindow.expiresAt) - handedOutAt).to.be.at.least((ttl - window) * 1000);

    time.advance(1);
    const nextWindow = await signer.sign('derived/m-1/thumb.webp');
    expect(nextWindow.url).to.not.equal(first.url);
    expect(Date.parse(nextWindow.expiresAt) - Date.parse(first.expiresAt)).to.equal(window * 1000);
  });

  it('signs the same URL in another container (nothing but key and window goes into it)', async () => {
    const make = () => cloudFrontMediaUrlSigner({ domain: 'media.example.com', keyPairId: 'K2ABC', ttlSeconds: 3600, windowSeconds: 900, privateKey: async () => pem, clock: () => new Date('2030-01-01T00:07:00Z') });
    expect(await make().sign('derived/m-1/thumb.webp')).to.deep.equal(await make().sign('derived/m-1/thumb.webp'));
  });

  it('computes no signature for a repeated 100-item page within the window', async () => {
    const key = countingKey();
    const time = testClock('2030-01-01T00:00:00Z');
    const signer = cloudFrontMediaUrlSigner({ domain: 'media.example.com', keyPairId: 'K2ABC', ttlSeconds: 3600, windowSeconds: 900, privateKey: key.key, clock: time.clock });
    const page = Array.from({ length: 100 }, (_, i) => ['thumb.webp', 'mobile.webp', 'web.jpg'].map((file) => `derived/m-${i}/${file}`)).flat();

    const first = await Promise.all(page.map((k) => signer.sign(k)));
    expect(key.signatures()).to.equal(300);
    time.advance(60);
    const again = await Promise.all(page.map((k) => signer.sign(k)));
    expect(key.signatures() - 300).to.equal(0);
    expect(again).to.deep.equal(first);
  });
});

describe('windowedMediaUrlSigner', () => {
  it('forgets the least recently used URLs past its capacity', async () => {
    const signed: string[] = [];
    const signer = windowedMediaUrlSigner({ ttlSeconds: 3600, windowSeconds: 900, cacheEntries: 2, clock: () => new Date('2030-01-01T00:00:00Z') }, async (key) => {
      signed.push(key);
      return `https://example.com/${key}`;
    });
    await signer.sign('a');
    await signer.sign('b');
    await signer.sign('a'); // a is now the most recently used
    await signer.sign('c'); // evicts b
    await signer.sign('a');
    await signer.sign('b');
    expect(signed).to.deep.equal(['a', 'b', 'c', 'b']);
  });

  it('signs again after a failed signature instead of caching the failure', async () => {
    let calls = 0;
    const signer = windowedMediaUrlSigner({ ttlSeconds: 3600, windowSeconds: 900 }, async (key) => {
      calls += 1;
      if (calls === 1) throw new Error('SSM throttled');
      return `https://example.com/${key}`;
    });
    expect(((await rejectionOf(() => signer.sign('a'))) as Error).message).to.equal('SSM throttled');
    expect((await signer.sign('a')).url).to.equal('https://example.com/a');
  });

  it('refuses a window that is not shorter than the TTL', async () => {
    for (const windowSeconds of [0, 3600, 7200]) {
      const error = (await rejectionOf(() => windowedMediaUrlSigner({ ttlSeconds: 3600, windowSeconds }, async () => 'u'))) as Error;
      expect(error.message, String(windowSeconds)).to.include('shorter than the TTL');
    }
  });
});

describe('s3MediaUrlSigner', () => {
  const s3 = new S3Client({ region: 'ap-southeast-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

  it('presigns a GET of the derived object at the window start for the TTL', async () => {
    const signed = await s3MediaUrlSigner(s3, 'derived-bucket', { ttlSeconds: 120, windowSeconds: 30, clock: () => new Date('2030-01-01T00:00:45Z') }).sign('derived/m-1/web.jpg');
    const url = new URL(signed.url);
    expect(url.pathname).to.include('derived/m-1/web.jpg');
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('120');
    expect(windowStartOf(signed.url)).to.equal('20300101T000030Z');
    expect(signed.expiresAt).to.equal('2030-01-01T00:02:30.000Z');
  });

  it('gives the same URL within a window, also from another signer, and a new one after the boundary', async () => {
    const time = testClock('2030-01-01T00:00:00Z');
    const windowing = { ttlSeconds: 3600, windowSeconds: 900, clock: time.clock };
    const first = await s3MediaUrlSigner(s3, 'derived-bucket', windowing).sign('derived/m-1/web.jpg');
    time.at('2030-01-01T00:14:59Z');
    const later = await s3MediaUrlSigner(s3, 'derived-bucket', windowing).sign('derived/m-1/web.jpg');
    expect(later).to.deep.equal(first);
    expect(Date.parse(later.expiresAt) - time.clock().getTime()).to.be.at.least((3600 - 900) * 1000);
    time.at('2030-01-01T00:15:00Z');
    const next = await s3MediaUrlSigner(s3, 'derived-bucket', windowing).sign('derived/m-1/web.jpg');
    expect(next.url).to.not.equal(first.url);
    expect(windowStartOf(next.url)).to.equal('20300101T001500Z');
  });
});
