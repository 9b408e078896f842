import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { ALLOWED_TYPES, contentTypeForFile, mediaClassOf } from '../../src/shared/media-types.js';

describe('media types shared with the browser', () => {
  it('takes the browser type when it is one the API accepts, in any case', () => {
    expect(contentTypeForFile('IMG_0001.jpg', 'image/jpeg')).to.equal('image/jpeg');
    expect(contentTypeForFile('clip', 'Video/QuickTime')).to.equal('video/quicktime');
  });

  it('falls back to the extension when the browser gives no type or one we do not take', () => {
    const expected: Record<string, string> = {
      'a.jpg': 'image/jpeg',
      'a.JPEG': 'image/jpeg',
      'a.png': 'image/png',
      'a.webp': 'image/webp',
      'a.gif': 'image/gif',
      'a.tif': 'image/tiff',
      'a.tiff': 'image/tiff',
      'a.avif': 'image/avif',
      'IMG_0001.HEIC': 'image/heic',
      'a.heif': 'image/heif',
      'a.mp4': 'video/mp4',
      'a.m4v': 'video/mp4',
      'a.mov': 'video/quicktime',
      'a.webm': 'video/webm',
      'holiday.2024.mkv': 'video/x-matroska',
    };
    for (const [name, type] of Object.entries(expected)) {
      expect(contentTypeForFile(name, ''), name).to.equal(type);
      expect(ALLOWED_TYPES[type], `${type} must be one the API accepts`).to.not.equal(undefined);
    }
    expect(contentTypeForFile('a.m4v', 'video/x-m4v')).to.equal('video/mp4');
    expect(contentTypeForFile('a.mov', 'application/octet-stream')).to.equal('video/quicktime');
  });

  it('gives undefined for files the API would refuse', () => {
    expect(contentTypeForFile('notes.pdf', 'application/pdf')).to.equal(undefined);
    expect(contentTypeForFile('README', '')).to.equal(undefined);
    expect(contentTypeForFile('drawing.svg', 'image/svg+xml')).to.equal(undefined);
    expect(contentTypeForFile('trailing.', '')).to.equal(undefined);
  });

  it('names the media class of an accepted type, and none for another', () => {
    expect(mediaClassOf('image/heic')).to.equal('image');
    expect(mediaClassOf(' Video/MP4 ')).to.equal('video');
    expect(mediaClassOf('application/pdf')).to.equal(undefined);
    expect(mediaClassOf('')).to.equal(undefined);
  });

  it('imports nothing the browser bundle cannot carry (AWS SDK, Node built-ins) at run time', () => {
    const source = readFileSync(new URL('../../src/shared/media-types.ts', import.meta.url), 'utf8');
    const runtimeImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(runtimeImports).to.deep.equal([]);
  });
});
