import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { expect } from 'chai';

import { requireOriginSecret } from '../../src/api/origin-verify.js';
import type { ApiEvent, ApiResult } from '../../src/api/router.js';
import { projectRoot } from '../../src/local/paths.js';
import { apiEvent } from './api-events.js';

const SECRET = 'a'.repeat(20) + 'B'.repeat(20);
const withHeader = (value?: string): ApiEvent => {
  const event = apiEvent('GET', '/api/health');
  return { ...event, headers: { ...event.headers, ...(value === undefined ? {} : { 'x-origin-verify': value }) } };
};

describe('only the distribution reaches the API: the x-origin-verify secret', () => {
  const answered: ApiEvent[] = [];
  const route = async (event: ApiEvent): Promise<ApiResult> => {
    answered.push(event);
    return { statusCode: 200, body: '{"status":"ok"}' };
  };

  it('refuses a request without the header, or with another value (shorter, longer, same length), before any route runs', async () => {
    const guarded = requireOriginSecret(SECRET, route);
    for (const value of [undefined, '', SECRET.slice(1), `${SECRET}x`, SECRET.replace('a', 'b')]) {
      const result = await guarded(withHeader(value));
      expect(result.statusCode, String(value)).to.equal(403);
      expect(JSON.parse(String(result.body)).error.code).to.equal('forbidden');
    }
    expect(answered).to.deep.equal([]);
    expect((await guarded(withHeader(SECRET))).statusCode).to.equal(200);
    expect(answered).to.have.length(1);
  });

  it('checks nothing when no secret is configured (the local stack)', async () => {
    expect((await requireOriginSecret('', route)(withHeader())).statusCode).to.equal(200);
  });

  it('is applied by the Lambda entry when ORIGIN_VERIFY_SECRET is set (a fresh process, as Lambda loads it)', () => {
    const probe = `
      const { handler } = await import(${JSON.stringify(join(projectRoot, 'src/api/handler.ts'))});
      const { apiEvent } = await import(${JSON.stringify(join(projectRoot, 'test/api/api-events.ts'))});
      const event = apiEvent('GET', '/api/health');
      const context = { functionName: 'api', awsRequestId: 'test', getRemainingTimeInMillis: () => 1000 };
      const without = await handler(event, context);
      const withSecret = await handler({ ...event, headers: { ...event.headers, 'x-origin-verify': process.env.ORIGIN_VERIFY_SECRET } }, context);
      process.stdout.write(JSON.stringify([without.statusCode, withSecret.statusCode]));
    `;
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'ap-southeast-2',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      TABLE_NAME: 'table',
      ORIGINALS_BUCKET: 'originals',
      DERIVED_BUCKET: 'derived',
      ALBUM_DELETION_QUEUE_URL: 'https://sqs.ap-southeast-2.amazonaws.com/000000000000/album-deleter',
      CURSOR_KEY: 'c'.repeat(40),
      ORIGIN_VERIFY_SECRET: SECRET,
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: projectRoot, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal([403, 200]);
  });
});
