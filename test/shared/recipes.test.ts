/**
 * A rendition's key carries its recipe's version, and caches keep a key for a year: a recipe that
 * changes under the same version would leave stale images at the edge and in browsers. Each
 * version's recipe is pinned here by its fingerprint, so changing a recipe fails this test until
 * RECIPE_VERSIONS goes up and the new version's fingerprint is added (the old ones stay).
 */
import { createHash } from 'node:crypto';

import { expect } from 'chai';

import { VARIANT_RECIPE } from '../../src/processors/image-variants/pipeline.js';
import { RECIPE_VERSIONS, renditionKey } from '../../src/shared/renditions.js';
import { POSTER_BOX, POSTER_POSITION, RENDITIONS } from '../../src/worker/video-transcode/renditions.js';

const fingerprint = (recipe: unknown): string => createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 16);

const PINNED: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'image-variants': { 1: 'd93af0fd19356167', 2: '351eddc76abef8fa' },
  'video-transcode': { 1: '55fb4d87106c2840' },
};

const current: Readonly<Record<string, unknown>> = {
  'image-variants': VARIANT_RECIPE,
  // The video's thumb is the photos' thumb, made from the poster.
  'video-transcode': { RENDITIONS, POSTER_BOX, POSTER_POSITION, thumb: VARIANT_RECIPE.find((v) => v.name === 'thumb') },
};

describe('rendition recipe versions', () => {
  for (const [processor, recipe] of Object.entries(current)) {
    it(`${processor}: the recipe is the one pinned for version ${RECIPE_VERSIONS[processor]}`, () => {
      const version = RECIPE_VERSIONS[processor]!;
      expect(PINNED[processor]![version], `version ${version} of ${processor} is not pinned: add its fingerprint ${fingerprint(recipe)}`).to.be.a('string');
      expect(fingerprint(recipe), `${processor}'s recipe changed: raise RECIPE_VERSIONS['${processor}'] and pin the new fingerprint`).to.equal(PINNED[processor]![version]);
    });
  }

  it('puts the version in every rendition key, so a new recipe never reuses a cached key', () => {
    expect(renditionKey('m-1', 3, 'web.jpg')).to.equal('derived/m-1/v3/web.jpg');
    expect(Object.keys(RECIPE_VERSIONS).sort()).to.deep.equal(Object.keys(current).sort());
  });
});
