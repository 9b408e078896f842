import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { ssmSecureString } from '../../src/api/secrets.js';
import { cachedOnce } from '../../src/shared/cached-once.js';
import { rejectionOf } from '../support/fixtures.js';

describe('cachedOnce', () => {
  it('loads once for any number of callers, concurrent or later', async () => {
    let calls = 0;
    const secret = cachedOnce(async () => `value-${(calls += 1)}`);
    expect(await Promise.all([secret(), secret()])).to.deep.equal(['value-1', 'value-1']);
    expect(await secret()).to.equal('value-1');
    expect(calls).to.equal(1);
  });

  it('retries after a failed load instead of caching the error for the container', async () => {
    let calls = 0;
    const secret = cachedOnce(async () => {
      calls += 1;
      if (calls === 1) throw new Error('throttled');
      return 'pem';
    });
    expect(((await rejectionOf(secret)) as Error).message).to.equal('throttled');
    expect(await secret()).to.equal('pem');
    expect(await secret()).to.equal('pem');
    expect(calls).to.equal(2);
  });
});

describe('ssmSecureString', () => {
  // Created in a hook, not at load: a prototype mock made while mocha loads files would leak into every other suite.
  const mockSsm = () => mockClient(SSMClient);
  let ssm: ReturnType<typeof mockSsm>;
  before(() => (ssm = mockSsm()));
  afterEach(() => ssm.reset());
  after(() => ssm.restore());

  it('reads the parameter decrypted, once', async () => {
    ssm.on(GetParameterCommand, { Name: '/album/cursor-key', WithDecryption: true }).resolves({ Parameter: { Value: 'k'.repeat(40) } });
    const secret = ssmSecureString(async () => new SSMClient({ region: 'ap-southeast-2' }), '/album/cursor-key');
    expect(await secret()).to.equal('k'.repeat(40));
    expect(await secret()).to.equal('k'.repeat(40));
    expect(ssm.commandCalls(GetParameterCommand)).to.have.length(1);
  });

  it('fails with the parameter name when it has no value', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: {} });
    const error = (await rejectionOf(ssmSecureString(async () => new SSMClient({ region: 'ap-southeast-2' }), '/album/empty'))) as Error;
    expect(error.message).to.equal('SSM parameter /album/empty has no value');
  });
});
