import { expect } from 'chai';

import { parseDerivedKey, parseOriginalKey } from '../../src/shared/media-keys.js';

describe('parseOriginalKey', () => {
  it('claims keys only under the originals prefixes, with their media class and id', () => {
    expect(parseOriginalKey('originals/image/abcdef12.jpg')).to.deep.equal({ mediaClass: 'image', mediaId: 'abcdef12' });
    expect(parseOriginalKey('originals/video/abcdef12.mp4')).to.deep.equal({ mediaClass: 'video', mediaId: 'abcdef12' });
    expect(parseOriginalKey('derived/abcdef12/web.jpg')).to.equal(undefined);
    expect(parseOriginalKey('originals/imagex/abcdef12.jpg')).to.equal(undefined);
    expect(parseOriginalKey('originals/image/x y ü.jpg')).to.equal(undefined);
  });
});

describe('parseDerivedKey', () => {
  it('reads the media id and file name of a rendition', () => {
    expect(parseDerivedKey('derived/abcdef12/web.jpg')).to.deep.equal({ mediaId: 'abcdef12', fileName: 'web.jpg' });
    expect(parseDerivedKey('derived/abcdef12/v12/web.jpg')).to.deep.equal({ mediaId: 'abcdef12', fileName: 'web.jpg', recipeVersion: 12 });
    expect(parseDerivedKey('derived/abcdef12/v0/web.jpg'), 'versions start at 1').to.equal(undefined);
    expect(parseDerivedKey('derived/abcdef12/v1/v2/web.jpg')).to.equal(undefined);
    expect(parseDerivedKey('originals/image/abcdef12.jpg')).to.equal(undefined);
  });
});
