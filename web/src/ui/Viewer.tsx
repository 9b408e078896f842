/**
 * The full-screen viewer: one item at a time, ← and → (or a swipe) to move, Escape to close.
 * Photos come in the largest rendition the screen needs; videos play their MP4 renditions with
 * the poster frame shown first. Its details (when and with what it was taken, the caption, labels)
 * and what can be done with it sit beside the picture on a wide screen and, on a phone, under it
 * behind Details, so the picture keeps the screen.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import { problemMessage, unwrap, type Album, type Media, type Variant } from '../api/client.js';
import { saveFromUrl } from '../media/download.js';
import { failureHeadline } from '../media/failure.js';
import { durationMachine, durationText, takenTime } from '../media/format.js';
import { categoryList, isBlurred, reveal, revealedMedia, sharingNote } from '../media/moderation.js';
import { useStore } from '../store.js';
import { BusyButton } from './BusyButton.js';
import { useServices } from './context.js';
import { altText } from './MediaGrid.js';
import { Confirm, Modal } from './Modal.js';
import { MoveDialog } from './MoveDialog.js';

const SWIPE_PX = 50;
const CAPTION_MAX = 2000;
/** Wide enough for the picture and the details side by side; the stylesheet uses the same width. */
const SIDE_BY_SIDE = '(min-width: 900px)';

/** The viewer opened from an album's page: the item can become its cover, and leaves the page when moved. */
export interface AlbumScope {
  readonly album: Album;
  readonly onAlbumChanged: (album: Album) => void;
  readonly onMovedOut: (media: Media, to: Album) => void;
}

export interface ViewerProps {
  readonly items: readonly Media[];
  readonly mediaId: string;
  readonly onShow: (mediaId: string) => void;
  readonly onClose: () => void;
  readonly onDeleted: (mediaId: string) => void;
  /** The item as the API returned it after a change made here (a caption, a retry, a move elsewhere). */
  readonly onChanged: (media: Media) => void;
  readonly album?: AlbumScope | undefined;
}

/**
 * The viewer follows an item, not a position: uploads landing at the top of the list while it is
 * open must not swap the photo under the person looking at it.
 */
/** A srcset of renditions by their widths, leaving out those not made. */
const widths = (variants: readonly (Variant | undefined)[]): string =>
  variants.flatMap((v) => (v?.width ? [`${v.url} ${v.width}w`] : [])).join(', ');

export function Viewer(props: ViewerProps) {
  const index = props.items.findIndex((m) => m.mediaId === props.mediaId);
  const media = props.items[index];
  const [detailsOpen, setDetailsOpen] = useState(() => window.matchMedia(SIDE_BY_SIDE).matches);
  const revealed = useStore(revealedMedia);
  const swipeStart = useRef<number | undefined>(undefined);
  const title = useRef<HTMLHeadingElement>(null);
  // When the control that was used goes away with what it acted on (a retry, a delete, a move out
  // of the album), focus moves to the name of what is shown now, not to the page behind.
  const focusTitle = useRef(false);
  const refocus = () => (focusTitle.current = true);
  // Before the browser paints: the control is gone in this very commit, and focus must not rest on
  // the page behind for a frame (a screen reader would announce it, a key press would go there).
  useLayoutEffect(() => {
    if (!focusTitle.current) return;
    focusTitle.current = false;
    title.current?.focus();
  });
  // Names of albums other than the page's own, fetched once per viewer for the Album line.
  const albumNames = useRef(new Map<string, string>());
  const hasPrevious = index > 0;
  const hasNext = index >= 0 && index < props.items.length - 1;
  // Keys can come faster than renders: each step starts from the item the previous step asked
  // for, not from the one a render last drew.
  const latest = useRef({ props, index });
  latest.current = { props, index };
  const go = (delta: number) => {
    const { props: current, index: at } = latest.current;
    const next = current.items[at + delta];
    if (at < 0 || !next) return;
    latest.current = { ...latest.current, index: at + delta };
    current.onShow(next.mediaId);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      // Arrows belong to the caption being typed, and to a dialog opened over the viewer.
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (document.querySelectorAll('dialog[open]').length > 1) return;
      if (event.key === 'ArrowRight') go(1);
      else if (event.key === 'ArrowLeft') go(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!media) return null;

  /** The item is gone from this list (deleted, or moved out of the album): show its neighbour. */
  const leave = () => {
    refocus();
    const neighbour = props.items[index + 1] ?? props.items[index - 1];
    if (neighbour) props.onShow(neighbour.mediaId);
    else props.onClose();
  };

  const taken = takenTime(media);
  const { web, mobile, poster, 'web-webp': webWebp } = media.variants;
  const hidden = media.status === 'ready' && isBlurred(media, revealed);
  const sizes = detailsOpen ? '(min-width: 900px) calc(100vw - 22rem), 100vw' : '100vw';
  return (
    <Modal title={`${media.fileName} (${index + 1} of ${props.items.length})`} onClose={props.onClose} class={`viewer ${detailsOpen ? 'with-details' : ''}`}>
      <div
        class="viewer-stage"
        onPointerDown={(event) => (swipeStart.current = event.clientX)}
        onPointerUp={(event) => {
          const start = swipeStart.current;
          swipeStart.current = undefined;
          if (start === undefined) return;
          const moved = event.clientX - start;
          if (Math.abs(moved) > SWIPE_PX) go(moved < 0 ? 1 : -1);
        }}
      >
        {hidden && (
          <>
            {/* The smallest picture, blurred: enough to show something is there, nothing more. */}
            {(media.variants.thumb ?? poster) && <img class="blurred" src={(media.variants.thumb ?? poster)!.url} alt="" draggable={false} />}
            <div class="viewer-message flagged-message">
              <p>
                Moderation flagged this {media.mediaClass === 'video' ? 'video' : 'photo'} for {categoryList(media.moderation.categories)}.
              </p>
              <button type="button" onClick={() => reveal(media.mediaId)}>
                Show {media.mediaClass === 'video' ? 'video' : 'photo'}
              </button>
            </div>
          </>
        )}
        {!hidden && media.status === 'ready' && media.mediaClass === 'image' && (web || mobile) && (
          // WebP for every browser that takes it (mobile and web-webp), the web JPEG for any other.
          <picture key={media.mediaId}>
            {(mobile || webWebp) && <source type="image/webp" srcset={widths([mobile, webWebp])} sizes={sizes} />}
            <img
              src={(web ?? mobile)!.url}
              srcset={web ? widths([web]) : undefined}
              sizes={sizes}
              width={web?.width ?? mobile?.width}
              height={web?.height ?? mobile?.height}
              alt={altText(media)}
              draggable={false}
            />
          </picture>
        )}
        {!hidden && media.status === 'ready' && media.mediaClass === 'video' && (
          <video key={media.mediaId} controls playsInline preload="metadata" poster={poster?.url} width={web?.width} height={web?.height} aria-label={altText(media)}>
            {web && <source src={web.url} type="video/mp4" media="(min-width: 700px)" />}
            {mobile && <source src={mobile.url} type="video/mp4" />}
            {web && <source src={web.url} type="video/mp4" />}
          </video>
        )}
        {media.status === 'failed' && (
          <FailedMessage
            key={media.mediaId}
            media={media}
            onRetried={(retried) => {
              refocus();
              props.onChanged(retried);
            }}
          />
        )}
        {(media.status === 'uploading' || media.status === 'processing') && (
          <div class="viewer-message" role="status">
            <span class="spinner" aria-hidden="true" />
            <p>Still processing {media.fileName}…</p>
          </div>
        )}
      </div>
      <div class="viewer-bar">
        <button type="button" class="icon" onClick={() => go(-1)} disabled={!hasPrevious} aria-label="Previous">
          ‹
        </button>
        <div class="viewer-info">
          <h2 class="viewer-title" ref={title} tabIndex={-1}>
            {media.fileName}
          </h2>
          <p class="viewer-subtitle">
            <span class="viewer-position">
              {index + 1} of {props.items.length}
            </span>
            {taken && (
              <>
                <span aria-hidden="true"> · </span>
                <time dateTime={taken.machine}>{taken.text}</time>
              </>
            )}
          </p>
          {!detailsOpen && media.caption && <p class="viewer-caption-line">{media.caption}</p>}
        </div>
        <button type="button" class="secondary small details-toggle" aria-expanded={detailsOpen} aria-controls="viewer-details" onClick={() => setDetailsOpen((open) => !open)}>
          Details
        </button>
        <button type="button" class="icon" onClick={() => go(1)} disabled={!hasNext} aria-label="Next">
          ›
        </button>
        <button type="button" class="icon close" onClick={props.onClose} aria-label="Close">
          ×
        </button>
      </div>
      <section id="viewer-details" class="viewer-details" aria-label={`Details of ${media.fileName}`} hidden={!detailsOpen}>
        <ItemDetails
          key={media.mediaId}
          media={media}
          scope={props.album}
          albumNames={albumNames.current}
          onChanged={props.onChanged}
          onClose={props.onClose}
          onDeleted={() => {
            leave();
            props.onDeleted(media.mediaId);
          }}
          onMoved={(moved, to) => {
            if (props.album) {
              leave();
              props.album.onMovedOut(moved, to);
            } else {
              props.onChanged(moved);
            }
          }}
        />
      </section>
    </Modal>
  );
}

/** Why the item failed, and either a Retry or why retrying would not help. */
function FailedMessage(props: { media: Media; onRetried: (media: Media) => void }) {
  const { api } = useServices();
  const { media } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const retry = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onRetried(unwrap(await api.POST('/api/media/{mediaId}/retry', { params: { path: { mediaId: media.mediaId } } })));
    } catch (failure) {
      setError(problemMessage(failure));
      setBusy(false);
    }
  };
  return (
    <div class="viewer-message">
      <div role="alert">
        <h2>{failureHeadline(media.failureReason, media.mediaClass)}</h2>
        {media.failureReason && <p>{media.failureReason}</p>}
      </div>
      {media.retryable ? (
        <>
          <p class="viewer-hint">Nothing is wrong with the file itself: processing it again may well work.</p>
          <BusyButton type="button" onClick={() => void retry()} busy={busy}>
            {busy ? 'Retrying…' : 'Retry'}
          </BusyButton>
          {error && (
            <p class="viewer-error" role="alert">
              {error}
            </p>
          )}
        </>
      ) : (
        <p class="viewer-hint">The problem is in the file itself, so trying again will not help. If you have another copy of it, upload that one instead.</p>
      )}
    </div>
  );
}

interface DetailsProps {
  readonly media: Media;
  readonly scope: AlbumScope | undefined;
  readonly albumNames: Map<string, string>;
  readonly onChanged: (media: Media) => void;
  readonly onMoved: (media: Media, to: Album) => void;
  readonly onDeleted: () => void;
  readonly onClose: () => void;
}

/** One item's facts and actions; keyed by the item, so a half-typed caption never follows the next photo. */
function ItemDetails(props: DetailsProps) {
  const { api } = useServices();
  const { media, scope } = props;
  const [dialog, setDialog] = useState<'move' | 'delete' | undefined>();
  const [busy, setBusy] = useState<'download' | 'cover' | 'delete' | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [albumName, setAlbumName] = useState(() => (scope ? scope.album.name : props.albumNames.get(media.albumId)));

  useEffect(() => {
    if (scope || albumName !== undefined) return;
    void api.GET('/api/albums/{albumId}', { params: { path: { albumId: media.albumId } } }).then(({ data }) => {
      if (!data) return;
      props.albumNames.set(data.albumId, data.name);
      setAlbumName(data.name);
    });
  }, [media.albumId]);

  // Buttons stay enabled while they work (disabling the focused one would drop focus); a second
  // press meanwhile does nothing.
  const run = async (action: 'download' | 'cover' | 'delete', work: () => Promise<string | undefined>) => {
    if (busy) return;
    setBusy(action);
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await work());
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(undefined);
    }
  };

  const download = () =>
    run('download', async () => {
      const original = unwrap(await api.GET('/api/media/{mediaId}/original', { params: { path: { mediaId: media.mediaId } } }));
      saveFromUrl(original.url, original.fileName);
      return `Downloading ${original.fileName}.`;
    });

  const setCover = (coverMediaId: string | null) =>
    run('cover', async () => {
      if (!scope) return undefined;
      const album = unwrap(await api.PATCH('/api/albums/{albumId}', { params: { path: { albumId: scope.album.albumId } }, body: { coverMediaId } }));
      scope.onAlbumChanged(album);
      return coverMediaId ? 'Album cover set.' : 'The album’s cover is chosen automatically again: its newest photo.';
    });

  const remove = async () => {
    setBusy('delete');
    setError(undefined);
    try {
      unwrap(await api.DELETE('/api/media/{mediaId}', { params: { path: { mediaId: media.mediaId } } }));
      setDialog(undefined);
      props.onDeleted();
    } catch (failure) {
      setError(problemMessage(failure));
      setBusy(undefined);
    }
  };

  const taken = takenTime(media);
  const isCover = scope?.album.coverMediaId === media.mediaId;
  return (
    <>
      <dl class="facts">
        {taken && (
          <div>
            {/* Without a camera time, takenAt is when the file was uploaded: say so. */}
            <dt>{media.capturedAt ? 'Taken' : 'Added'}</dt>
            <dd>
              <time dateTime={taken.machine}>{taken.text}</time>
            </dd>
          </div>
        )}
        {media.camera && (
          <div>
            <dt>Camera</dt>
            <dd>{media.camera}</dd>
          </div>
        )}
        {media.durationSeconds !== undefined && (
          <div>
            <dt>Length</dt>
            <dd>
              <time dateTime={durationMachine(media.durationSeconds)}>{durationText(media.durationSeconds)}</time>
            </dd>
          </div>
        )}
        {media.width !== undefined && media.height !== undefined && (
          <div>
            <dt>Size</dt>
            <dd>
              {media.width} × {media.height}
            </dd>
          </div>
        )}
        {!scope && albumName !== undefined && (
          <div>
            <dt>Album</dt>
            <dd>
              <a href={`/albums/${encodeURIComponent(media.albumId)}`} onClick={props.onClose}>
                {albumName}
              </a>
            </dd>
          </div>
        )}
      </dl>
      <Caption media={media} onSaved={props.onChanged} />
      <SharingNote media={media} onChanged={props.onChanged} />
      {media.labels && media.labels.length > 0 && (
        <ul class="labels" aria-label="Labels">
          {media.labels.map((label) => (
            <li key={label}>
              <a href={`/labels/${encodeURIComponent(label.toLowerCase())}`} onClick={props.onClose}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      )}
      <div class="viewer-actions">
        {media.status !== 'uploading' && (
          <button type="button" class="secondary small" onClick={() => void download()} aria-busy={busy === 'download'}>
            {busy === 'download' ? 'Preparing download…' : 'Download original'}
          </button>
        )}
        <button type="button" class="secondary small" onClick={() => (setError(undefined), setNotice(undefined), setDialog('move'))}>
          Move to album…
        </button>
        {/* One button that flips, so focus stays on it when the cover changes. */}
        {scope && (media.status === 'ready' || isCover) && (
          <button type="button" class="secondary small" onClick={() => void setCover(isCover ? null : media.mediaId)} aria-busy={busy === 'cover'}>
            {isCover ? 'Use automatic cover' : 'Set as album cover'}
          </button>
        )}
        <button type="button" class="danger-outline small" onClick={() => (setError(undefined), setNotice(undefined), setDialog('delete'))}>
          Delete
        </button>
      </div>
      {isCover && <p class="cover-note">This is the album’s cover.</p>}
      {notice && (
        <p class="viewer-notice" role="status">
          {notice}
        </p>
      )}
      {error && dialog === undefined && (
        <p class="viewer-error" role="alert">
          {error}
        </p>
      )}
      {dialog === 'move' && (
        <MoveDialog
          media={media}
          onCancel={() => setDialog(undefined)}
          onMoved={(moved, to) => {
            setDialog(undefined);
            props.albumNames.set(to.albumId, to.name);
            setAlbumName(to.name);
            setNotice(`Moved to ${to.name}.`);
            props.onMoved(moved, to);
          }}
        />
      )}
      {dialog === 'delete' && (
        <Confirm
          title={`Delete ${media.fileName}?`}
          message="The photo or video and all its copies will be deleted. This cannot be undone."
          confirmLabel="Delete item"
          busy={busy === 'delete'}
          error={error}
          onConfirm={() => void remove()}
          onCancel={() => setDialog(undefined)}
        />
      )}
    </>
  );
}

/** Why share links leave the item out, and the owner's choice to let them show it (or not). */
function SharingNote(props: { media: Media; onChanged: (media: Media) => void }) {
  const { api } = useServices();
  const { media } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const note = sharingNote(media);
  if (!note) return null;
  const decidable = media.moderation.state === 'flagged' || media.moderation.state === 'unchecked';
  const decide = async (allowInShares: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onChanged(unwrap(await api.PATCH('/api/media/{mediaId}', { params: { path: { mediaId: media.mediaId } }, body: { allowInShares } })));
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="sharing-note" aria-labelledby="sharing-note-heading">
      <h3 id="sharing-note-heading">Sharing</h3>
      <p role="status">{note}</p>
      {decidable && (
        <button type="button" class="secondary small" onClick={() => void decide(!media.moderation.allowed)} aria-busy={busy}>
          {media.moderation.allowed ? 'Hide from share links' : 'Show in share links'}
        </button>
      )}
      {error && (
        <p class="viewer-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The caption, and an inline form to write or change it; an empty caption removes it. */
function Caption(props: { media: Media; onSaved: (media: Media) => void }) {
  const { api } = useServices();
  const { media } = props;
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(media.caption ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const field = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // Focus goes into the form when it opens and back to its button when it closes, never to <body>
  // (before paint, in the commit that swaps them).
  const wasEditing = useRef(false);
  useLayoutEffect(() => {
    if (editing) field.current?.focus();
    else if (wasEditing.current) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const cancel = () => {
    setEditing(false);
    setError(undefined);
    setValue(media.caption ?? '');
  };
  const save = async () => {
    const caption = value.trim();
    if (caption === (media.caption ?? '')) return cancel();
    setBusy(true);
    setError(undefined);
    try {
      const saved = unwrap(await api.PATCH('/api/media/{mediaId}', { params: { path: { mediaId: media.mediaId } }, body: { caption } }));
      props.onSaved(saved);
      setValue(saved.caption ?? '');
      setEditing(false);
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="caption" aria-labelledby="caption-heading">
      <h3 id="caption-heading">Caption</h3>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <textarea
            ref={field}
            aria-labelledby="caption-heading"
            aria-describedby="caption-help"
            maxLength={CAPTION_MAX}
            rows={3}
            value={value}
            onInput={(event) => setValue(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Escape leaves the caption, not the whole viewer.
              if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                cancel();
              }
            }}
          />
          <p id="caption-help" class="field-help">
            {value.length > CAPTION_MAX - 200 ? `${CAPTION_MAX - value.length} characters left. ` : ''}Leave it empty to remove the caption.
          </p>
          {error && (
            <p class="viewer-error" role="alert">
              {error}
            </p>
          )}
          <div class="caption-actions">
            <BusyButton type="button" class="secondary small" onClick={cancel} busy={busy}>
              Cancel
            </BusyButton>
            <BusyButton type="submit" class="small" busy={busy}>
              {busy ? 'Saving…' : 'Save caption'}
            </BusyButton>
          </div>
        </form>
      ) : (
        <>
          {media.caption ? <p class="caption-text">{media.caption}</p> : <p class="caption-empty">No caption yet.</p>}
          <button ref={editButton} type="button" class="secondary small" onClick={() => setEditing(true)}>
            {media.caption ? 'Edit caption' : 'Add a caption'}
          </button>
        </>
      )}
    </section>
  );
}
