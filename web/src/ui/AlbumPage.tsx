import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';

import { ApiProblem, problemMessage, unwrap, type Album, type Media } from '../api/client.js';
import { filesFromDrop } from '../upload/drop.js';
import { AlbumCounts, itemCount } from './AlbumsPage.js';
import { useServices } from './context.js';
import { MediaGrid } from './MediaGrid.js';
import { Confirm, PromptDialog } from './Modal.js';
import { pageQuery } from '../api/paging.js';
import { isGone } from '../media/bulk.js';
import { SelectionBar, useSelection } from './Selection.js';
import { ShareDialog } from './ShareDialog.js';
import { useMediaList } from './useMediaList.js';
import { Viewer } from './Viewer.js';

const ACCEPT = 'image/*,video/*,.heic,.heif,.mov,.mkv,.webm';

type Sort = 'uploaded' | 'taken';
const SORTS: readonly { readonly value: Sort; readonly label: string }[] = [
  { value: 'uploaded', label: 'Uploaded' },
  { value: 'taken', label: 'Taken' },
];

/**
 * The album's counts with one item added (+1) or taken away (-1) as it is now, as the API counts
 * it: by class, and among those the failed. Kept here so the header follows what the person does
 * at once, without reading the album again.
 */
function counted(album: Album, media: Media, sign: 1 | -1): Album {
  const counts = { ...album.counts };
  if (media.mediaClass === 'video') counts.videos = Math.max(0, counts.videos + sign);
  else counts.photos = Math.max(0, counts.photos + sign);
  if (media.status === 'failed') counts.failed = Math.max(0, counts.failed + sign);
  return { ...album, counts, mediaCount: Math.max(0, album.mediaCount + sign) };
}

export function AlbumPage() {
  const { params, query } = useRoute();
  const albumId = params.albumId ?? '';
  const sort: Sort = query.sort === 'taken' ? 'taken' : 'uploaded';
  const { api, uploads } = useServices();
  const { route, path } = useLocation();
  const [album, setAlbum] = useState<Album | undefined>();
  const [missing, setMissing] = useState<string | undefined>();
  const [dialog, setDialog] = useState<'rename' | 'delete' | 'share' | undefined>();
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | undefined>();
  const [viewing, setViewing] = useState<string | undefined>();
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();

  const adjust = (before: Media | undefined, after: Media | undefined) =>
    setAlbum((current) => {
      if (!current) return current;
      const without = before ? counted(current, before, -1) : current;
      return after ? counted(without, after, 1) : without;
    });

  const media = useMediaList(
    async (cursor) => unwrap(await api.GET('/api/albums/{albumId}/media', { params: { path: { albumId }, query: { ...pageQuery(cursor), ...(sort === 'taken' ? { sort } : {}) } } })),
    `${albumId}:${sort}`,
    adjust,
  );

  // The album's name and count come after its first page of media: the count reads the album's
  // whole index, and the grid is what a person is waiting to see.
  const firstPageSettled = media.items !== undefined || media.error !== undefined;
  useEffect(() => {
    if (!firstPageSettled) return;
    void (async () => {
      try {
        setAlbum(unwrap(await api.GET('/api/albums/{albumId}', { params: { path: { albumId } } })));
      } catch (failure) {
        setMissing(failure instanceof ApiProblem && failure.status === 404 ? 'This album does not exist, or it was deleted.' : problemMessage(failure));
      }
    })();
  }, [albumId, firstPageSettled]);

  useEffect(() => {
    setAlbum(undefined);
    setMissing(undefined);
    setNotice(undefined);
  }, [albumId]);

  const items = media.items ?? [];
  const selection = useSelection(items, `${albumId}:${sort}`);

  useEffect(
    () =>
      uploads.onUploaded((item) => {
        if (item.albumId !== albumId || !item.mediaId) return;
        const mediaId = item.mediaId;
        void api.GET('/api/media/{mediaId}', { params: { path: { mediaId } } }).then(({ data }) => {
          // The bytes are in S3 even if the processors have not said so yet: it is processing now.
          if (!data) return;
          const arrived: Media = data.status === 'uploading' ? { ...data, status: 'processing' } : data;
          media.add(arrived);
          adjust(undefined, arrived);
        });
      }),
    [albumId],
  );

  const addFiles = (files: File[]) => {
    if (files.length > 0) uploads.add(albumId, files);
  };

  const rename = async (name: string) => {
    setBusy(true);
    setDialogError(undefined);
    try {
      setAlbum(unwrap(await api.PATCH('/api/albums/{albumId}', { params: { path: { albumId } }, body: { name } })));
      setDialog(undefined);
    } catch (failure) {
      setDialogError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setDialogError(undefined);
    try {
      unwrap(await api.DELETE('/api/albums/{albumId}', { params: { path: { albumId } } }));
      setDialog(undefined);
      route('/', true);
    } catch (failure) {
      setDialogError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  if (missing) {
    return (
      <section class="page">
        <h1>Album not found</h1>
        <p>{missing}</p>
        <a href="/">Back to your albums</a>
      </section>
    );
  }

  const count = album?.mediaCount ?? items.length;
  const chooseSort = (next: Sort) => route(next === 'uploaded' ? path : `${path}?sort=${next}`, true);
  return (
    <section
      class={`page album-page ${dragging ? 'dragging' : ''} ${selection.active ? 'selecting' : ''}`}
      aria-labelledby="album-heading"
      onDragOver={(event) => {
        if (!event.dataTransfer?.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (event.dataTransfer) void filesFromDrop(event.dataTransfer).then(addFiles);
      }}
    >
      <header class="page-header">
        <div>
          <a href="/" class="back">
            Albums
          </a>
          <h1 id="album-heading">{album?.name ?? 'Loading…'}</h1>
          {/* Always there, so the grid below never moves when the counts arrive. */}
          {album ? <AlbumCounts album={album} as="p" /> : <p class="album-meta">{'\u00a0'}</p>}
        </div>
        {/* While choosing items the selection bar has the actions: an album's own would be a slip away. */}
        {!selection.active && (
          <div class="toolbar">
            <label class="button upload-button">
              <input
                type="file"
                multiple
                accept={ACCEPT}
                aria-label="Upload"
                class="visually-hidden"
                onChange={(event) => {
                  addFiles([...(event.currentTarget.files ?? [])]);
                  event.currentTarget.value = '';
                }}
              />
              <span aria-hidden="true">Upload</span>
            </label>
            {items.length > 0 && (
              <button type="button" class="secondary" ref={selection.selectButton} onClick={() => (setNotice(undefined), selection.start())}>
                Select
              </button>
            )}
            <button type="button" class="secondary" disabled={!album} onClick={() => setDialog('share')}>
              Share…
            </button>
            <button type="button" class="secondary" disabled={!album} onClick={() => (setDialogError(undefined), setDialog('rename'))}>
              Rename
            </button>
            <button type="button" class="danger-outline" disabled={!album} onClick={() => (setDialogError(undefined), setDialog('delete'))}>
              Delete
            </button>
          </div>
        )}
      </header>
      {selection.active && (
        <SelectionBar
          selection={selection}
          loaded={items}
          from={album}
          onApplied={(run) => {
            // Moved (to another album), deleted or already gone: none of them is in this album now.
            const gone = new Set(run.results.filter((result) => isGone(result) || result.outcome === 'unchanged').map((result) => result.mediaId));
            for (const item of items) if (gone.has(item.mediaId)) adjust(item, undefined);
            media.removeAll(gone);
          }}
          onFinished={setNotice}
        />
      )}
      {count > 1 && !selection.active && (
        <fieldset class="segmented sort-control">
          <legend>Sort by</legend>
          {SORTS.map((option) => (
            <label key={option.value}>
              <input type="radio" name="sort" value={option.value} checked={sort === option.value} onChange={() => chooseSort(option.value)} />
              <span>{option.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      {/* Always there, so what a finished action says is read out: a live region must exist before it speaks. */}
      <p class="notice" role="status">
        {notice}
      </p>
      {media.error && (
        <p class="error" role="alert">
          {media.error}
        </p>
      )}
      {media.items === undefined && !media.error && <p class="loading" role="status">Loading…</p>}
      {media.items?.length === 0 && (
        <div class="empty drop-hint">
          <h2>This album is empty</h2>
          <p>Drag photos, videos or a whole folder here, or choose Upload. iPhone HEIC photos and MOV videos are welcome.</p>
        </div>
      )}
      {items.length > 0 && (
        <MediaGrid items={items} label={`${album?.name ?? 'Album'} photos and videos`} onOpen={setViewing} onNearEnd={media.loadMore} selection={selection.active ? { selected: selection.selected, onToggle: selection.toggle } : undefined} />
      )}
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          Drop photos and videos to upload them to {album?.name}
        </div>
      )}
      {viewing !== undefined && (
        <Viewer
          items={items}
          mediaId={viewing}
          onShow={setViewing}
          onClose={() => setViewing(undefined)}
          onDeleted={(mediaId) => {
            adjust(items.find((m) => m.mediaId === mediaId), undefined);
            media.remove(mediaId);
          }}
          onChanged={(changed) => {
            adjust(items.find((m) => m.mediaId === changed.mediaId), changed);
            media.update(changed);
          }}
          album={
            album && {
              album,
              onAlbumChanged: setAlbum,
              onMovedOut: (moved, to) => {
                adjust(items.find((m) => m.mediaId === moved.mediaId), undefined);
                media.remove(moved.mediaId);
                setNotice(`Moved ${moved.fileName} to ${to.name}.`);
              },
            }
          }
        />
      )}
      {dialog === 'rename' && album && (
        <PromptDialog title="Rename album" label="Album name" initial={album.name} submitLabel="Save" maxLength={200} busy={busy} error={dialogError} onSubmit={(name) => void rename(name)} onCancel={() => setDialog(undefined)} />
      )}
      {dialog === 'share' && album && <ShareDialog album={album} onClose={() => setDialog(undefined)} />}
      {dialog === 'delete' && album && (
        <Confirm
          title={`Delete “${album.name}”?`}
          message={count === 0 ? 'The album is empty. This cannot be undone.' : `Its ${itemCount(count)} will be deleted with it: every photo, video and copy. This cannot be undone.`}
          confirmLabel="Delete album"
          busy={busy}
          error={dialogError}
          onConfirm={() => void remove()}
          onCancel={() => setDialog(undefined)}
        />
      )}
    </section>
  );
}
