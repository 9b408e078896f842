import { expect } from 'chai';

import { ApiError } from '../../src/api/http.js';
import { validateBody } from '../../src/api/openapi.js';
import { contentTypeOf, formatOutcome, formatSummary, listSmokeFiles, runSmoke, type Outcome, type SmokeFile } from '../../src/cli/smoke.js';
import { expectDocumented } from '../api/documented-response.js';
import { fixture } from '../support/fixtures.js';

const API = 'http://api.test';
const S3 = 'http://s3.test/originals';

interface Media {
  readonly fileName: string;
  polls: number;
}

/**
 * The album API and S3 in memory, answering as the real ones do (every reply is checked against
 * openapi.json, every upload request body against its schema). How a media item ends depends on
 * its file name: `bad*` fails, `stuck*` never leaves `uploading`, anything else is ready after a poll.
 */
function fakeStack(albums: { albumId: string; name: string }[] = []) {
  const media = new Map<string, Media>();
  const posts: { fields: [string, string][]; file: { name: string; type: string; bytes: number } }[] = [];
  const calls: string[] = [];
  let ids = 0;
  const reply = (method: string, path: string, status: number, body?: unknown): Response => {
    expectDocumented({ method, path, status, contentType: body === undefined ? undefined : 'application/json', body });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  };
  const fetchStub = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const path = url.pathname;
    calls.push(`${method} ${path}`);
    if (url.origin === new URL(S3).origin) {
      const form = init.body as FormData;
      const entries = [...form.entries()];
      const file = entries.at(-1)![1] as File;
      posts.push({ fields: entries.slice(0, -1).map(([k, v]) => [k, String(v)]), file: { name: file.name, type: file.type, bytes: file.size } });
      return new Response(null, { status: 204 });
    }
    expect(new Headers(init.headers).get('authorization')).to.equal('Bearer token-1');
    const body = init.body === undefined ? undefined : (JSON.parse(String(init.body)) as Record<string, unknown>);
    if (method === 'GET' && path === '/api/albums') return reply(method, path, 200, { items: albums.map((a) => ({ ...a, mediaCount: 0, counts: { photos: 0, videos: 0, failed: 0 }, createdAt: 't', updatedAt: 't' })) });
    if (method === 'POST' && path === '/api/albums') {
      const album = { albumId: `album-${(ids += 1)}`, name: String(body!.name) };
      albums.push(album);
      return reply(method, path, 201, { ...album, mediaCount: 0, counts: { photos: 0, videos: 0, failed: 0 }, createdAt: 't', updatedAt: 't' });
    }
    const upload = /^\/api\/albums\/([^/]+)\/uploads$/.exec(path);
    if (method === 'POST' && upload) {
      // The API's own validation answers, 415 for a type outside the document's enum included.
      try {
        validateBody('POST', '/api/albums/{albumId}/uploads', body);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return reply(method, path, error.status, { error: { code: error.code, message: error.message } });
      }
      const contentType = String(body!.contentType);
      const mediaId = `media-${(ids += 1)}`;
      media.set(mediaId, { fileName: String(body!.fileName), polls: 0 });
      return reply(method, path, 201, { mediaId, upload: { url: S3, fields: { key: `originals/image/${mediaId}.jpg`, 'Content-Type': contentType, Policy: 'cG9saWN5' }, expiresAt: 't' } });
    }
    const get = /^\/api\/media\/([^/]+)$/.exec(path);
    if (method === 'GET' && get && media.has(get[1]!)) {
      const item = media.get(get[1]!)!;
      item.polls += 1;
      const base = { mediaId: get[1], albumId: 'album', mediaClass: 'image', fileName: item.fileName, contentType: 'image/jpeg', createdAt: 't', takenAt: 't', moderation: { state: 'pending', categories: [], allowed: false } };
      if (item.fileName.startsWith('stuck') || item.polls < 2) return reply(method, path, 200, { ...base, status: 'uploading', variants: {} });
      if (item.fileName.startsWith('bad')) return reply(method, path, 200, { ...base, status: 'failed', failureReason: 'The JPEG file is damaged.', variants: {} });
      const variant = (width: number, height: number) => ({ url: 'http://s3.test/derived', expiresAt: 't', width, height, format: 'webp', bytes: 10 });
      return reply(method, path, 200, { ...base, status: 'ready', variants: { web: variant(600, 450), thumb: variant(320, 320), mobile: variant(600, 450) } });
    }
    return reply(method, path, 404, { error: { code: 'not_found', message: 'not found' } });
  };
  return { fetch: fetchStub as typeof fetch, albums, posts, calls };
}

const files = (...names: string[]): SmokeFile[] => names.map((name) => ({ name, path: `/dir/${name}`, bytes: name.length }));

/** A clock that moves only when the smoke command sleeps: no real waiting, no timing in the assertions. */
function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

async function smoke(stack: ReturnType<typeof fakeStack>, names: string[], timeoutMs = 10_000) {
  const printed: string[] = [];
  const result = await runSmoke({
    apiUrl: API,
    token: 'token-1',
    files: files(...names),
    readFile: async (path) => Buffer.from(path.replace('/dir/', '')),
    fetch: stack.fetch,
    timeoutMs,
    ...fakeClock(),
    onOutcome: (o) => printed.push(formatOutcome(o)),
  });
  return { ...result, printed };
}

describe('smoke command', () => {
  it('reports each file ready, failed or lost, and counts them', async () => {
    const stack = fakeStack();
    const { outcomes, summary, printed } = await smoke(stack, ['a.jpg', 'bad.jpg', 'stuck.png', 'notes.txt', 'b.heic']);
    expect(outcomes.map((o) => [o.name, o.result])).to.deep.equal([
      ['a.jpg', 'ready'],
      ['bad.jpg', 'failed'],
      ['stuck.png', 'lost'],
      ['notes.txt', 'failed'],
      ['b.heic', 'ready'],
    ]);
    expect(summary).to.deep.equal({ ready: 2, failed: 2, lost: 1 });
    expect(formatSummary(summary)).to.equal('2 ready, 2 failed, 1 lost');
    expect(printed).to.include.members([
      'ready   a.jpg  600x450  mobile,thumb,web',
      'failed  bad.jpg  The JPEG file is damaged.',
      'failed  notes.txt  content type application/octet-stream is not accepted',
      'lost    stuck.png  still uploading after 10 s',
    ]);
    expect(printed).to.have.length(5);
  });

  it('waits for a slow file as long as the timeout allows and no longer', async () => {
    const stack = fakeStack();
    const { summary } = await smoke(stack, ['stuck.jpg'], 3000);
    expect(summary.lost).to.equal(1);
    const polls = stack.calls.filter((c) => c.startsWith('GET /api/media/')).length;
    expect(polls).to.equal(3000 / 500 + 1); // every 500 ms from 0 up to and including the deadline
  });

  it('posts the presigned fields first and the file last, typed as the policy pins it', async () => {
    const stack = fakeStack();
    await smoke(stack, ['photos/IMG_1.HEIC']);
    expect(stack.posts).to.have.length(1);
    const [post] = stack.posts;
    expect(post!.fields.map(([k]) => k)).to.deep.equal(['key', 'Content-Type', 'Policy']);
    expect(post!.file).to.deep.equal({ name: 'IMG_1.HEIC', type: 'image/heic', bytes: 'photos/IMG_1.HEIC'.length });
  });

  it('creates the smoke album once and reuses it after', async () => {
    const fresh = fakeStack();
    await smoke(fresh, ['a.jpg']);
    await smoke(fresh, ['a.jpg']);
    expect(fresh.albums.map((a) => a.name)).to.deep.equal(['smoke']);
    expect(fresh.calls.filter((c) => c === 'POST /api/albums')).to.have.length(1);

    const existing = fakeStack([{ albumId: 'mine', name: 'holidays' }, { albumId: 'old-smoke', name: 'smoke' }]);
    await smoke(existing, ['a.jpg']);
    expect(existing.calls).to.include('POST /api/albums/old-smoke/uploads').and.not.include('POST /api/albums');
  });

  it('guesses content types from extensions, case-insensitively', () => {
    expect(['a.JPG', 'b.jpeg', 'c.tif', 'd.HEIC', 'e.mov', 'f.mkv', 'README', 'g.svg'].map(contentTypeOf)).to.deep.equal([
      'image/jpeg',
      'image/jpeg',
      'image/tiff',
      'image/heic',
      'video/quicktime',
      'video/x-matroska',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });

  it('lists every file of the fixtures folder recursively, sorted, with sizes', () => {
    const listed = listSmokeFiles(fixture('images'));
    expect(listed.map((f) => f.name)).to.include.members(['exif/Canon_40D.jpg', 'pngsuite/PngSuite.README', 'pngsuite/basn0g01.png']);
    expect(listed.map((f) => f.name)).to.deep.equal([...listed.map((f) => f.name)].sort());
    expect(listed.every((f) => f.bytes > 0)).to.equal(true);
  });

  it('formats each outcome on one line', () => {
    const lost: Outcome = { name: 'x.jpg', result: 'lost', reason: 'still uploading after 120 s' };
    expect(formatOutcome(lost)).to.equal('lost    x.jpg  still uploading after 120 s');
  });
});
