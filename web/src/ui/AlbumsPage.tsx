import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';

import { problemMessage, unwrap, type Album } from '../api/client.js';
import { countsParts } from '../media/format.js';
import { useServices } from './context.js';
import { PromptDialog } from './Modal.js';

export const itemCount = (count: number): string => `${count} ${count === 1 ? 'item' : 'items'}`;

/** What an album holds: "12 photos · 3 videos", and how many failed when any did. */
export function AlbumCounts(props: { album: Album; as?: 'span' | 'p' }) {
  const counts = countsParts(props.album.counts);
  const Tag = props.as ?? 'span';
  return (
    <Tag class="album-meta">
      {counts.text}
      {counts.failed && (
        <>
          {' · '}
          <span class="failed-count">{counts.failed}</span>
        </>
      )}
    </Tag>
  );
}

export function AlbumsPage() {
  const { api } = useServices();
  const { route } = useLocation();
  const [albums, setAlbums] = useState<Album[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string | undefined>();

  const load = async (cursor?: string) => {
    try {
      const page = unwrap(await api.GET('/api/albums', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } }));
      setAlbums((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
      setNext(page.nextCursor);
    } catch (failure) {
      setError(problemMessage(failure));
    }
  };
  useEffect(() => void load(), []);

  const create = async (name: string) => {
    setBusy(true);
    setCreateError(undefined);
    try {
      const album = unwrap(await api.POST('/api/albums', { body: { name } }));
      setCreating(false);
      route(`/albums/${encodeURIComponent(album.albumId)}`);
    } catch (failure) {
      setCreateError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page" aria-labelledby="albums-heading">
      <header class="page-header">
        <h1 id="albums-heading">Albums</h1>
        <button type="button" onClick={() => setCreating(true)}>
          New album
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {albums === undefined && !error && <p class="loading" role="status">Loading your albums…</p>}
      {albums?.length === 0 && (
        <div class="empty">
          <h2>No albums yet</h2>
          <p>Create an album, then drop photos and videos into it. We make thumbnails and phone-sized copies, and tag what is in each picture.</p>
          <button type="button" onClick={() => setCreating(true)}>
            Create your first album
          </button>
        </div>
      )}
      {albums && albums.length > 0 && (
        <ul class="album-list">
          {albums.map((album) => (
            <li key={album.albumId}>
              <a class="album-card" href={`/albums/${encodeURIComponent(album.albumId)}`}>
                <span class="cover">
                  {album.cover ? <img src={album.cover.url} alt="" width={160} height={160} loading="lazy" decoding="async" /> : <span class="cover-placeholder" aria-hidden="true" />}
                </span>
                <span class="album-name">{album.name}</span>
                <AlbumCounts album={album} />
              </a>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" class="secondary more" onClick={() => void load(next)}>
          Show more albums
        </button>
      )}
      {creating && <PromptDialog title="New album" label="Album name" submitLabel="Create" maxLength={200} busy={busy} error={createError} onSubmit={(name) => void create(name)} onCancel={() => setCreating(false)} />}
    </section>
  );
}
