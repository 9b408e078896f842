/**
 * What the web app does from a browser against moto, checked with plain fetch against a real moto:
 * Cognito sign-in and refresh (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) and the CORS answers a
 * browser on the local web app's origin needs from Cognito and S3.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { expect } from 'chai';

import { localClients } from '../../src/local/clients.js';
import { cognitoClient, provisionUserPool, setLocalUserPassword, type LocalUserPool } from '../../src/local/cognito.js';
import { startMoto, type MotoServer } from '../../src/local/moto.js';
import { provision, type LocalClients } from '../../src/local/provision.js';
import { topologyFor, type Topology } from '../../src/shared/topology.js';

const REGION = 'ap-southeast-2';
const WEB_ORIGIN = 'http://127.0.0.1:3000';
const PASSWORD = 'Correct-Horse-Battery-1';
/** What the browser's sign-in request carries beyond the CORS-safelisted headers. */
const COGNITO_HEADERS = ['content-type', 'x-amz-target'];

interface CognitoReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { AuthenticationResult?: { IdToken?: string; AccessToken?: string; RefreshToken?: string }; __type?: string };
}

describe('the browser against moto: Cognito sign-in and CORS for Cognito and S3', function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let pool: LocalUserPool;
  let clients: LocalClients;
  let topology: Topology;

  /** The request the web app sends with fetch: no SDK, no signature. */
  const initiateAuth = async (authFlow: string, authParameters: Record<string, string>): Promise<CognitoReply> => {
    const response = await fetch(`${moto.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', origin: WEB_ORIGIN },
      body: JSON.stringify({ AuthFlow: authFlow, ClientId: pool.clientId, AuthParameters: authParameters }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as CognitoReply['body'] };
  };

  const preflight = (url: string, method: string, headers: readonly string[]) =>
    fetch(url, { method: 'OPTIONS', headers: { origin: WEB_ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers.join(',') } });

  const allowed = (list: string | null): string[] => (list ?? '').split(',').map((item) => item.trim().toLowerCase());

  before(async () => {
    moto = await startMoto();
    const aws = { endpoint: moto.endpoint, region: REGION };
    pool = await provisionUserPool(cognitoClient(aws), 'browser-auth');
    await setLocalUserPassword(cognitoClient(aws), pool, 'alice', PASSWORD);
    clients = localClients(aws);
    topology = topologyFor('browser-auth');
    await provision(clients, topology);
  });
  after(() => moto?.stop());

  it('signs in with USER_PASSWORD_AUTH and the right password, readable from the web origin', async () => {
    const reply = await initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'alice', PASSWORD });
    expect(reply.status).to.equal(200);
    expect(reply.body.AuthenticationResult?.IdToken).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(reply.body.AuthenticationResult?.AccessToken).to.be.a('string');
    expect(reply.body.AuthenticationResult?.RefreshToken).to.be.a('string');
    expect(reply.headers.get('access-control-allow-origin')).to.be.oneOf([WEB_ORIGIN, '*']);
  });

  it('refuses a wrong password with NotAuthorizedException, still readable from the web origin', async () => {
    const reply = await initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'alice', PASSWORD: 'Wrong-Horse-Battery-1' });
    expect(reply.status).to.equal(400);
    expect(reply.body.__type).to.equal('NotAuthorizedException');
    expect(reply.body.AuthenticationResult).to.equal(undefined);
    expect(reply.headers.get('access-control-allow-origin')).to.be.oneOf([WEB_ORIGIN, '*']);
  });

  it('refreshes with REFRESH_TOKEN_AUTH', async () => {
    const signIn = await initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'alice', PASSWORD });
    const refreshed = await initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: signIn.body.AuthenticationResult!.RefreshToken! });
    expect(refreshed.status).to.equal(200);
    expect(refreshed.body.AuthenticationResult?.IdToken).to.be.a('string');
    expect(refreshed.body.AuthenticationResult?.AccessToken).to.be.a('string');
  });

  it('answers the preflight of the sign-in request from the web origin', async () => {
    const response = await preflight(`${moto.endpoint}/`, 'POST', COGNITO_HEADERS);
    expect(response.ok).to.equal(true);
    expect(response.headers.get('access-control-allow-origin')).to.be.oneOf([WEB_ORIGIN, '*']);
    expect(allowed(response.headers.get('access-control-allow-methods'))).to.include('post');
    expect(allowed(response.headers.get('access-control-allow-headers'))).to.include.members(COGNITO_HEADERS);
  });

  it('answers the preflight of an upload POST to the originals bucket, and the upload itself, from the web origin', async () => {
    const bucketUrl = `${moto.endpoint}/${topology.buckets.originals}`;
    const check = await preflight(bucketUrl, 'POST', ['content-type']);
    expect(check.status).to.equal(200);
    expect(check.headers.get('access-control-allow-origin')).to.equal(WEB_ORIGIN);
    expect(allowed(check.headers.get('access-control-allow-methods'))).to.include('post');

    const post = await createPresignedPost(clients.s3, { Bucket: topology.buckets.originals, Key: 'originals/image/browser-auth.jpg', Conditions: [['content-length-range', 1, 1024]], Expires: 600 });
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array([0xff, 0xd8, 0xff])]), 'browser-auth.jpg');
    const upload = await fetch(post.url, { method: 'POST', body: form, headers: { origin: WEB_ORIGIN } });
    expect(upload.status).to.be.within(200, 204);
    expect(upload.headers.get('access-control-allow-origin')).to.equal(WEB_ORIGIN);
  });

  it('serves a presigned GET from the derived bucket (a thumbnail) with a CORS header for the web origin', async () => {
    const key = 'derived/m1/thumb.webp';
    await clients.s3.send(new PutObjectCommand({ Bucket: topology.buckets.derived, Key: key, Body: Buffer.from('RIFF'), ContentType: 'image/webp' }));
    const url = await getSignedUrl(clients.s3, new GetObjectCommand({ Bucket: topology.buckets.derived, Key: key }), { expiresIn: 300 });
    const response = await fetch(url, { headers: { origin: WEB_ORIGIN } });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('image/webp');
    expect(response.headers.get('access-control-allow-origin')).to.be.oneOf([WEB_ORIGIN, '*']);
  });
});
