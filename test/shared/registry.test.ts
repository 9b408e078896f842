import { expect } from 'chai';

import { consumedFileName, registry, RegistryError, requiredProcessors, validateRegistry, type Registry } from '../../src/shared/registry.js';
import { rejectionOf } from '../support/fixtures.js';

const withProcessor = (changes: Record<string, unknown>): Registry => ({
  ...registry,
  processors: registry.processors.map((p, i) => (i === 0 ? ({ ...p, ...changes } as typeof p) : p)),
});

const withJob = (name: string, changes: Record<string, unknown>): Registry => ({
  ...registry,
  jobs: registry.jobs.map((j) => (j.name === name ? ({ ...j, ...changes } as typeof j) : j)),
});

describe('processor registry', () => {
  for (const [rule, job, changes, expected] of [
    ['a schedule of whole minutes, at most a day', 'sweeper', { trigger: { kind: 'schedule', everyMinutes: 0.5 } }, 'everyMinutes must be a whole number'],
    ['a queue-fed job\'s visibility at least 6x its timeout', 'album-deleter', { visibilityTimeoutSeconds: 100 }, 'at least 6 x timeoutSeconds'],
    ['one namespace for processors and jobs', 'sweeper', { name: 'image-variants' }, 'duplicate name'],
    ['a known trigger', 'sweeper', { trigger: { kind: 'cron' } }, 'trigger.kind must be'],
  ] as const) {
    it(`rejects a job breaking: ${rule}`, async () => {
      const error = await rejectionOf(() => validateRegistry(withJob(job, changes)));
      expect(error).to.be.instanceOf(RegistryError);
      expect((error as Error).message).to.contain(expected);
    });
  }

  it('the committed registry is valid and covers both media classes', () => {
    expect(validateRegistry(registry)).to.equal(registry);
    expect(registry.processors.some((p) => p.consumes.source === 'originals' && p.consumes.mediaClass === 'image')).to.equal(true);
    expect(registry.processors.some((p) => p.consumes.source === 'originals' && p.consumes.mediaClass === 'video')).to.equal(true);
  });

  for (const [rule, changes, expected] of [
    ['visibility at least 6x the Lambda timeout', { timeoutSeconds: 100, visibilityTimeoutSeconds: 500 }, 'at least 6 x timeoutSeconds'],
    ['receive limit at least 5', { receiveLimit: 2 }, 'receiveLimit must be at least 5'],
    ['maximum concurrency 2-1000', { maxConcurrency: 1 }, 'maxConcurrency must be 2-1000'],
    ['kebab-case names', { name: 'Image_Variants' }, 'kebab-case'],
    ['known media class', { consumes: { source: 'originals', mediaClass: 'audio' } }, 'unknown media class'],
  ] as const) {
    it(`rejects an entry breaking: ${rule}`, async () => {
      const error = await rejectionOf(() => validateRegistry(withProcessor(changes)));
      expect(error).to.be.instanceOf(RegistryError);
      expect((error as Error).message).to.contain(expected);
    });
  }

  it('lists the required processors of a class, following derived outputs back to their class', () => {
    expect(requiredProcessors('image')).to.deep.equal(['image-variants']);
    expect(requiredProcessors('video')).to.deep.equal(['video-transcode']);
  });

  it('names the file a derived-output consumer reads', () => {
    expect(consumedFileName('image-labels')).to.equal('web.jpg');
    expect(consumedFileName('image-moderation')).to.equal('web.jpg');
    expect(consumedFileName('poster-moderation')).to.equal('poster.jpg');
  });
});
