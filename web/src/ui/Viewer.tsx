/**
 * The full-screen viewer: one item at a time, ← and → (or a swipe) to move, Escape to close.
 * Photos come in the largest rendition the screen needs; videos play their MP4 renditions with
 * the poster frame shown first.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

import { problemMessage, unwrap, type Media } from '../api/client.js';
import { failureHeadline } from '../media/failure.js';
import { useServices } from './context.js';
import { altText } from './MediaGrid.js';
import { Confirm, Modal } from './Modal.js';

const SWIPE_PX = 50;

/**
 * The viewer follows an item, not a position: uploads landing at the top of the list while it is
 * open must not swap the photo under the person looking at it.
 */
export function Viewer(props: { items: readonly Media[]; mediaId: string; onShow: (mediaId: string) => void; onClose: () => void; onDeleted: (mediaId: string) => void }) {
  const { api } = useServices();
  const index = props.items.findIndex((m) => m.mediaId === props.mediaId);
  const media = props.items[index];
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const swipeStart = useRef<number | undefined>(undefined);
  const hasPrevious = index > 0;
  const hasNext = index >= 0 && index < props.items.length - 1;
  // Keys can come faster than renders: each step starts from the item the previous step asked
  // for, not from the one a render last drew.
  const latest = useRef({ props, index, confirming });
  latest.current = { props, index, confirming };
  const go = (delta: number) => {
    const { props: current, index: at } = latest.current;
    const next = current.items[at + delta];
    if (at < 0 || !next) return;
    latest.current = { ...latest.current, index: at + delta };
    current.onShow(next.mediaId);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (latest.current.confirming || event.defaultPrevented) return;
      if (event.key === 'ArrowRight') go(1);
      else if (event.key === 'ArrowLeft') go(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!media) return null;
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      unwrap(await api.DELETE('/api/media/{mediaId}', { params: { path: { mediaId: media.mediaId } } }));
      setConfirming(false);
      const neighbour = props.items[index + 1] ?? props.items[index - 1];
      props.onDeleted(media.mediaId);
      if (neighbour) props.onShow(neighbour.mediaId);
      else props.onClose();
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const { web, mobile, poster } = media.variants;
  return (
    <Modal title={`${media.fileName} (${index + 1} of ${props.items.length})`} onClose={props.onClose} class="viewer">
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
        {media.status === 'ready' && media.mediaClass === 'image' && (web || mobile) && (
          <img
            key={media.mediaId}
            src={(web ?? mobile)!.url}
            srcset={[mobile && `${mobile.url} ${mobile.width ?? 1080}w`, web && `${web.url} ${web.width ?? 2048}w`].filter(Boolean).join(', ')}
            sizes="100vw"
            width={web?.width ?? mobile?.width}
            height={web?.height ?? mobile?.height}
            alt={altText(media)}
            draggable={false}
          />
        )}
        {media.status === 'ready' && media.mediaClass === 'video' && (
          <video key={media.mediaId} controls playsInline preload="metadata" poster={poster?.url} width={web?.width} height={web?.height} aria-label={altText(media)}>
            {web && <source src={web.url} type="video/mp4" media="(min-width: 700px)" />}
            {mobile && <source src={mobile.url} type="video/mp4" />}
            {web && <source src={web.url} type="video/mp4" />}
          </video>
        )}
        {media.status === 'failed' && (
          <div class="viewer-message" role="alert">
            <h2>{failureHeadline(media.failureReason, media.mediaClass)}</h2>
            {media.failureReason && <p>{media.failureReason}</p>}
          </div>
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
          <h2 class="viewer-title">{media.fileName}</h2>
          <p class="viewer-position">
            {index + 1} of {props.items.length}
          </p>
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
        </div>
        <button type="button" class="danger-outline" onClick={() => setConfirming(true)}>
          Delete
        </button>
        <button type="button" class="icon" onClick={() => go(1)} disabled={!hasNext} aria-label="Next">
          ›
        </button>
        <button type="button" class="icon close" onClick={props.onClose} aria-label="Close">
          ×
        </button>
      </div>
      {confirming && (
        <Confirm
          title={`Delete ${media.fileName}?`}
          message="The photo or video and all its copies will be deleted. This cannot be undone."
          confirmLabel="Delete item"
          busy={busy}
          error={error}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </Modal>
  );
}
