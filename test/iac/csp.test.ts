/**
 * The distribution's Content-Security-Policy, as Terraform builds it for each environment, against
 * every request the web app makes in AWS: /config.json and /api/* on its own origin, Cognito's
 * user pools API, the presigned upload POST exactly as the API signs it (regional or accelerated),
 * and the signed /derived/* renditions. And what it must refuse: inline and foreign code, and
 * connections to any other host.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';

import { loadApiConfig } from '../../src/api/config.js';
import { apiS3Clients } from '../../src/api/deps.js';
import { planUpload, presignUpload } from '../../src/api/uploads.js';
import { block, parseHcl } from '../support/hcl.js';
import { cspAllows, EVAL, INLINE, parseCsp, rootEvaluator, terraformCsp, type Csp } from '../support/csp.js';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
/** The *.cloudfront.net name stands in for the site when an environment has no custom domain. */
const DISTRIBUTION_DOMAIN = 'd111111abcdef8.cloudfront.net';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

const apiLocals = block(parseHcl('terraform/api.tf'), 'locals') as unknown as { api_environment: Record<string, unknown> };
const webConfigOutput = (block(parseHcl('terraform/outputs.tf'), 'output', 'web_config') as unknown as { value: Record<string, unknown> }).value;

/** The upload URL the API Lambda presigns in `env`: its S3 settings from api.tf's environment, the same client and POST code. */
async function presignedUploadUrl(env: string, accelerate?: boolean): Promise<string> {
  const root = rootEvaluator(env);
  const setting = (name: string) => String(root.evaluate(apiLocals.api_environment[name]));
  const config = loadApiConfig({
    TABLE_NAME: 'table',
    ORIGINALS_BUCKET: setting('ORIGINALS_BUCKET'),
    DERIVED_BUCKET: 'derived',
    ALBUM_DELETION_QUEUE_URL: 'https://sqs.ap-southeast-2.amazonaws.com/000000000000/album-deleter',
    S3_FORCE_PATH_STYLE: setting('S3_FORCE_PATH_STYLE'),
    S3_ACCELERATE_UPLOADS: accelerate === undefined ? setting('S3_ACCELERATE_UPLOADS') : String(accelerate),
    CURSOR_KEY: 'k'.repeat(40),
  });
  // Lambda runs in the environment's home Region.
  const { uploadS3 } = apiS3Clients(config, { region: String(root.variable('region')), credentials: CREDENTIALS });
  const plan = planUpload('01JTESTMEDIA0000000000000', { contentType: 'image/jpeg', bytes: 1234 }, { maxBytes: { image: config.IMAGE_MAX_BYTES, video: config.VIDEO_MAX_BYTES } });
  const { url } = await presignUpload(uploadS3 as S3Client, config.ORIGINALS_BUCKET, plan, 900);
  return url;
}

describe('IaC: the content security policy admits what the web app requests, and nothing else', function () {
  this.timeout(60_000);

  for (const env of ENVIRONMENTS) {
    describe(`${env} (environments/${env}.tfvars)`, () => {
      const root = rootEvaluator(env);
      const csp: Csp = terraformCsp(env);
      const domains = root.variable('cdn_domain_names') as string[];
      const site = `https://${domains[0] ?? DISTRIBUTION_DOMAIN}`;
      const allows = (directive: string, url: string) => cspAllows(csp, directive, url, site);
      const accelerated = root.variable('originals_transfer_acceleration') === true;

      it('connects to its own /config.json and /api/*', () => {
        expect(allows('connect-src', `${site}/config.json`)).to.equal(true);
        expect(allows('connect-src', '/config.json')).to.equal(true);
        expect(allows('connect-src', `${site}/api/albums`)).to.equal(true);
        expect(allows('connect-src', `${site}/api/albums/01JALBUM/uploads?cursor=abc`)).to.equal(true);
      });

      it('connects to the Cognito endpoint web_config names (InitiateAuth, SignUp, RevokeToken)', () => {
        const cognitoEndpoint = root.evaluate(webConfigOutput.cognitoEndpoint);
        expect(cognitoEndpoint).to.equal(`https://cognito-idp.${String(root.variable('region'))}.amazonaws.com/`);
        expect(allows('connect-src', String(cognitoEndpoint))).to.equal(true);
      });

      it(`POSTs uploads to the URL the API presigns (${accelerated ? 'Transfer Acceleration' : 'regional endpoint'})`, async () => {
        const url = await presignedUploadUrl(env);
        const bucket = String(root.moduleArgument('originals', 'bucket'));
        expect(url).to.equal(accelerated ? `https://${bucket}.s3-accelerate.amazonaws.com/` : `https://${bucket}.s3.${String(root.variable('region'))}.amazonaws.com/`);
        expect(allows('connect-src', url)).to.equal(true);
        // A POST from fetch is connect-src; a form posting it would be form-action, which the app does not use.
        expect(allows('form-action', url)).to.equal(false);
      });

      it(accelerated ? 'also allows the regional upload endpoint (the API signs for it when acceleration is turned off)' : 'does not allow the accelerated upload endpoint it does not use', async () => {
        const other = await presignedUploadUrl(env, !accelerated);
        expect(allows('connect-src', other)).to.equal(accelerated);
      });

      it('loads renditions from /derived/* on its own origin as images and video', () => {
        const signed = `${site}/derived/01JTESTMEDIA0000000000000/thumb.webp?Expires=1767225600&Signature=abc~def_&Key-Pair-Id=K2JCJMDEHXQW5F`;
        expect(allows('img-src', signed)).to.equal(true);
        expect(allows('media-src', `${site}/derived/01JTESTMEDIA0000000000000/web.mp4?Expires=1&Signature=x&Key-Pair-Id=K`)).to.equal(true);
        expect(allows('img-src', 'blob:https://example.invalid/3b1a')).to.equal(true);
        expect(allows('img-src', `https://${String(root.moduleArgument('derived', 'bucket'))}.s3.amazonaws.com/derived/x/thumb.webp`)).to.equal(false);
      });

      it("runs only its own scripts and styles: script-src and style-src are exactly 'self'", () => {
        expect(csp['script-src']).to.deep.equal(["'self'"]);
        expect(csp['style-src']).to.deep.equal(["'self'"]);
        expect(allows('script-src', `${site}/assets/main-4LASDLRH.js`)).to.equal(true);
        expect(allows('style-src', `${site}/assets/main-TPMN3IQQ.css`)).to.equal(true);
        expect(allows('script-src-elem', '/assets/chunk-ABC.js')).to.equal(true);
      });

      it('refuses inline code, eval, foreign scripts and styles, plugins and framing', () => {
        expect(allows('script-src', INLINE)).to.equal(false);
        expect(allows('script-src-attr', INLINE)).to.equal(false);
        expect(allows('style-src', INLINE)).to.equal(false);
        expect(allows('script-src', EVAL)).to.equal(false);
        expect(allows('script-src', 'https://cdn.example.com/lib.js')).to.equal(false);
        expect(allows('script-src', `http://${new URL(site).host}/assets/main.js`)).to.equal(false);
        expect(allows('style-src', 'https://fonts.googleapis.com/css2')).to.equal(false);
        expect(allows('script-src', 'data:text/javascript,alert(1)')).to.equal(false);
        expect(allows('object-src', `${site}/x.swf`)).to.equal(false);
        expect(csp['frame-ancestors']).to.deep.equal(["'none'"]);
      });

      it('refuses connections to any other host, and forms posting elsewhere', () => {
        expect(allows('connect-src', 'https://evil.example.com/collect')).to.equal(false);
        expect(allows('connect-src', 'https://cognito-idp.us-east-1.amazonaws.com/')).to.equal(false);
        expect(allows('connect-src', 'https://another-bucket.s3.ap-southeast-2.amazonaws.com/')).to.equal(false);
        expect(allows('connect-src', 'wss://evil.example.com/')).to.equal(false);
        expect(allows('form-action', 'https://evil.example.com/login')).to.equal(false);
        expect(allows('frame-src', 'https://evil.example.com/')).to.equal(false);
      });
    });
  }

  describe('cspAllows: CSP Level 3 source matching', () => {
    const page = 'https://photos.example.com';
    const policy = parseCsp(
      "default-src 'self'; img-src 'self' data: https://*.example.net; connect-src https://api.example.org:8443 https://cdn.example.org/static/ https://exact.example.org/one; script-src 'self' 'nonce-abc' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; form-action 'none'",
    );

    it("'self' matches the page's origin only (and its https upgrade)", () => {
      expect(cspAllows(policy, 'font-src', '/fonts/a.woff2', page)).to.equal(true);
      expect(cspAllows(policy, 'font-src', 'https://photos.example.com:444/a.woff2', page)).to.equal(false);
      expect(cspAllows(policy, 'font-src', 'https://sub.photos.example.com/a.woff2', page)).to.equal(false);
      expect(cspAllows(parseCsp("default-src 'self'"), 'connect-src', 'https://photos.example.com/x', 'http://photos.example.com')).to.equal(true);
      expect(cspAllows(parseCsp("default-src 'self'"), 'connect-src', 'http://photos.example.com/x', page)).to.equal(false);
    });

    it('falls back to default-src for fetch directives only', () => {
      expect(cspAllows(policy, 'media-src', `${page}/v.mp4`, page)).to.equal(true);
      expect(cspAllows(policy, 'media-src', 'https://other.example.com/v.mp4', page)).to.equal(false);
      expect(cspAllows(parseCsp("default-src 'none'"), 'base-uri', 'https://anywhere.example.com/', page)).to.equal(true);
      expect(cspAllows(parseCsp("default-src 'none'"), 'form-action', 'https://anywhere.example.com/', page)).to.equal(true);
      expect(cspAllows(policy, 'form-action', `${page}/`, page)).to.equal(false);
    });

    it('matches *. wildcards on subdomains only, scheme sources, ports and paths', () => {
      expect(cspAllows(policy, 'img-src', 'https://a.example.net/x.png', page)).to.equal(true);
      expect(cspAllows(policy, 'img-src', 'https://a.b.example.net/x.png', page)).to.equal(true);
      expect(cspAllows(policy, 'img-src', 'https://example.net/x.png', page)).to.equal(false);
      expect(cspAllows(policy, 'img-src', 'https://evilexample.net/x.png', page)).to.equal(false);
      expect(cspAllows(policy, 'img-src', 'data:image/png;base64,AAAA', page)).to.equal(true);
      expect(cspAllows(policy, 'img-src', 'blob:https://photos.example.com/1', page)).to.equal(false);
      expect(cspAllows(policy, 'connect-src', 'https://api.example.org:8443/v1', page)).to.equal(true);
      expect(cspAllows(policy, 'connect-src', 'https://api.example.org/v1', page)).to.equal(false);
      expect(cspAllows(policy, 'connect-src', 'https://cdn.example.org/static/a/b.json', page)).to.equal(true);
      expect(cspAllows(policy, 'connect-src', 'https://cdn.example.org/other.json', page)).to.equal(false);
      expect(cspAllows(policy, 'connect-src', 'https://exact.example.org/one', page)).to.equal(true);
      expect(cspAllows(policy, 'connect-src', 'https://exact.example.org/one/two', page)).to.equal(false);
      expect(cspAllows(parseCsp('connect-src example.org'), 'connect-src', 'https://example.org/', page)).to.equal(true);
      expect(cspAllows(parseCsp('connect-src http://example.org'), 'connect-src', 'https://example.org/', page)).to.equal(true);
      expect(cspAllows(parseCsp('connect-src https://example.org'), 'connect-src', 'http://example.org/', page)).to.equal(false);
      expect(cspAllows(parseCsp('connect-src *'), 'connect-src', 'https://anything.example/', page)).to.equal(true);
      expect(cspAllows(parseCsp('connect-src *'), 'connect-src', 'data:text/plain,x', page)).to.equal(false);
    });

    it("allows inline code only with 'unsafe-inline' and no nonce or hash beside it", () => {
      expect(cspAllows(policy, 'style-src', INLINE, page)).to.equal(true);
      expect(cspAllows(policy, 'script-src', INLINE, page)).to.equal(false);
      expect(cspAllows(parseCsp("default-src 'self'"), 'script-src', INLINE, page)).to.equal(false);
    });
  });
});
