import { expect } from 'chai';

import { boolean, ConfigError, integer, loadConfig, string } from '../../src/shared/config.js';
import { rejectionOf } from '../support/fixtures.js';

describe('loadConfig', () => {
  const spec = { TABLE_NAME: string(), BATCH: integer({ fallback: 10, min: 1, max: 10 }), DEBUG: boolean(false), STAGE: string('dev') };

  it('reads, converts and applies fallbacks', () => {
    const config = loadConfig(spec, { TABLE_NAME: ' media ', BATCH: '5', DEBUG: 'true' });
    expect(config).to.deep.equal({ TABLE_NAME: 'media', BATCH: 5, DEBUG: true, STAGE: 'dev' });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('names every missing or malformed variable at once', async () => {
    const error = await rejectionOf(() => loadConfig(spec, { BATCH: '11', DEBUG: 'maybe' }));
    expect(error).to.be.instanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).to.contain('TABLE_NAME is required');
    expect(message).to.contain('BATCH must be at most 10');
    expect(message).to.contain('DEBUG must be true or false');
  });

  it('rejects a non-integer', async () => {
    const error = await rejectionOf(() => loadConfig({ N: integer() }, { N: '1.5' }));
    expect((error as Error).message).to.contain('N must be an integer');
  });
});
