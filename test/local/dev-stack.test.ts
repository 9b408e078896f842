import { existsSync, readFileSync } from 'node:fs';

import { expect } from 'chai';

import { parseWebConfig } from '../../src/shared/web-config.js';
import { isAlive, startDevStack, type DevStack } from '../support/dev-stack.js';

describe('startDevStack (the whole local stack for browser tests)', function () {
  this.timeout(300_000);
  let dev: DevStack | undefined;

  after(() => dev?.stop());

  it('serves the API, /config.json and the web app on one origin, then stops leaving no process behind', async () => {
    dev = await startDevStack();
    const { webUrl, apiUrl, stack, pids } = dev;
    expect(webUrl).to.equal(`${apiUrl}/`);
    expect(stack.webUrl).to.equal(webUrl);
    expect(JSON.parse(readFileSync(dev.stackFile, 'utf8'))).to.deep.equal(stack);
    expect(stack.userPool?.userPoolId).to.be.a('string');

    const health = await fetch(`${apiUrl}/api/health`);
    expect(await health.json()).to.deep.equal({ status: 'ok' });

    const config: unknown = await (await fetch(new URL('/config.json', webUrl))).json();
    const parsed = parseWebConfig(config);
    expect(parsed, JSON.stringify(parsed)).to.have.property('config');
    expect(config).to.deep.equal(stack.webConfig);
    expect(stack.webConfig?.userPoolClientId).to.equal(stack.userPool?.clientId);
    expect(stack.webConfig?.cognitoEndpoint).to.equal(`${stack.endpoint}/`);

    const route = await fetch(new URL('/albums/x', webUrl));
    expect(route.status).to.equal(200);
    expect(route.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(await route.text()).to.equal(await (await fetch(webUrl)).text());

    expect(Object.keys(pids)).to.include.members(['moto', 'api']);
    expect(Object.values(pids).every(isAlive)).to.equal(true);
    await dev.stop();
    expect(Object.values(pids).filter(isAlive), dev.output()).to.deep.equal([]);
    expect(await fetch(`${stack.endpoint}/moto-api/`).then(() => 'answered', () => 'refused')).to.equal('refused');
    expect(await fetch(`${apiUrl}/api/health`).then(() => 'answered', () => 'refused')).to.equal('refused');
    expect(existsSync(dev.stackFile)).to.equal(false);
  });
});
