import { createVerify, generateKeyPairSync } from 'node:crypto';

import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { cloudFrontMediaUrlSigner, s3MediaUrlSigner } from '../../src/api/media-urls.js';
import { ssmSecureString } from '../../src/api/secrets.js';

/** CloudFront's URL-safe base64: + → -, = → _, / → ~. */
const fromCloudFrontBase64 = (text: string): Buffer => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

describe('cloudFrontMediaUrlSigner', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const now = new Date('2030-01-01T00:00:00Z');

  // Created in a hook, not at load, and restored even when an assertion fails: a prototype mock
  // left behind would answer every other suite's SSM calls.
  const mockSsm = () => mockClient(SSMClient);
  let ssm: ReturnType<typeof mockSsm>;
  before(() => (ssm = mockSsm()));
  after(() => ssm.restore());

  it('signs a canned policy for the object with the key group key, expiring after the configured time', async () => {
    ssm.on(GetParameterCommand, { Name: '/album/cf-key', WithDecryption: true }).resolves({ Parameter: { Value: pem } });
    const signer = cloudFrontMediaUrlSigner({ domain: 'media.example.com', keyPairId: 'K2ABC', expiresInSeconds: 300, privateKey: ssmSecureString(new SSMClient({ region: 'ap-southeast-2' }), '/album/cf-key'), clock: () => now });

    const first = await signer.sign('derived/m-1/thumb.webp');
    await signer.sign('derived/m-2/web.jpg');
    expect(ssm.commandCalls(GetParameterCommand)).to.have.length(1); // read once per container

    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).to.equal('https://media.example.com/derived/m-1/thumb.webp');
    expect(first.expiresAt).to.equal('2030-01-01T00:05:00.000Z');
    const expires = Number(url.searchParams.get('Expires'));
    expect(expires).to.equal(Date.parse(first.expiresAt) / 1000);
    expect(url.searchParams.get('Key-Pair-Id')).to.equal('K2ABC');
    const policy = JSON.stringify({ Statement: [{ Resource: 'https://media.example.com/derived/m-1/thumb.webp', Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }] });
    const verifier = createVerify('RSA-SHA1').update(policy);
    expect(verifier.verify(publicKey, fromCloudFrontBase64(url.searchParams.get('Signature')!))).to.equal(true);
  });
});

describe('s3MediaUrlSigner', () => {
  it('presigns a GET of the derived object for the configured time', async () => {
    const s3 = new S3Client({ region: 'ap-southeast-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const signed = await s3MediaUrlSigner(s3, 'derived-bucket', 120, () => new Date('2030-01-01T00:00:00Z')).sign('derived/m-1/web.jpg');
    const url = new URL(signed.url);
    expect(url.pathname).to.include('derived/m-1/web.jpg');
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('120');
    expect(signed.expiresAt).to.equal('2030-01-01T00:02:00.000Z');
  });
});
