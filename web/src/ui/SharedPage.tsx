/**
 * An album opened from a share link (`/shared#<token>`), for anyone: no sign-in, none of the
 * app's navigation, nothing but what the link shows (the album's name and description and its
 * ready items, with their captions and dates). Every way a link can stop working (unknown,
 * revoked, expired, album deleted) reads the same, as the API answers them the same.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import { ApiProblem, problemMessage, type SharedAlbum, type SharedMedia, type Variant } from '../api/client.js';
import { createSharedApi, tokenFromHash, type SharedApi } from '../api/shared.js';
import { saveFromUrl } from '../media/download.js';
import { durationMachine, durationText, takenTime } from '../media/format.js';
import { useServices } from './context.js';
import { Modal } from './Modal.js';
import { Logo } from './SignIn.js';

const NOT_WORKING = 'This link does not work. It may have expired or been revoked.';
const THROTTLED = 'There have been too many requests for this link. Please try again in a minute.';
const SWIPE_PX = 50;

const sharedProblem = (failure: unknown): string =>
  failure instanceof ApiProblem && failure.status === 404 ? NOT_WORKING : failure instanceof ApiProblem && failure.status === 429 ? THROTTLED : problemMessage(failure);

/** What a person is told of an item that has no file name to go by: what it is, when it was taken. */
function describe(media: SharedMedia): string {
  const taken = takenTime({ takenAt: media.takenAt });
  const kind = media.mediaClass === 'video' ? 'Video' : 'Photo';
  const base = taken ? `${kind} taken ${taken.text}` : kind;
  return media.caption ? `${base}: ${media.caption}` : base;
}

function useHashToken(): string | undefined {
  const [token, setToken] = useState(() => tokenFromHash(location.hash));
  useEffect(() => {
    // A second link pasted over the first in the address bar changes only the fragment.
    const onHash = () => setToken(tokenFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return token;
}

export function SharedPage() {
  const { config } = useServices();
  const token = useHashToken();
  const api = useMemo(() => (token ? createSharedApi(config.apiBase, token) : undefined), [token]);
  const [album, setAlbum] = useState<SharedAlbum | undefined>();
  const [items, setItems] = useState<SharedMedia[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>(token ? undefined : NOT_WORKING);
  const [moreError, setMoreError] = useState<string | undefined>();
  const [viewing, setViewing] = useState<string | undefined>();
  const next = useRef<string | undefined>(undefined);
  const loading = useRef(false);
  const [hasMore, setHasMore] = useState(false);

  useEffect(() => {
    setAlbum(undefined);
    setItems(undefined);
    setViewing(undefined);
    setMoreError(undefined);
    if (!api) return setProblem(NOT_WORKING);
    setProblem(undefined);
    let current = true;
    void (async () => {
      try {
        const [shown, page] = await Promise.all([api.album(), api.media()]);
        if (!current) return;
        setAlbum(shown);
        setItems(page.items);
        next.current = page.nextCursor;
        setHasMore(page.nextCursor !== undefined);
      } catch (failure) {
        if (current) setProblem(sharedProblem(failure));
      }
    })();
    return () => {
      current = false;
    };
  }, [api]);

  useEffect(() => {
    document.title = album ? `${album.name} · Shared album` : 'Shared album';
  }, [album]);

  const loadMore = async () => {
    if (!api || loading.current || next.current === undefined) return;
    loading.current = true;
    setMoreError(undefined);
    try {
      const page = await api.media(next.current);
      next.current = page.nextCursor;
      setHasMore(page.nextCursor !== undefined);
      setItems((previous) => {
        const seen = new Set((previous ?? []).map((m) => m.mediaId));
        return [...(previous ?? []), ...page.items.filter((m) => !seen.has(m.mediaId))];
      });
    } catch (failure) {
      const message = sharedProblem(failure);
      if (message === NOT_WORKING) setProblem(message);
      else setMoreError(message);
    } finally {
      loading.current = false;
    }
  };

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header shared-header">
        <span class="brand">
          <Logo />
          <span>Shared album</span>
        </span>
        {album && (
          <span class="shared-header-name" aria-hidden="true">
            {album.name}
          </span>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <section class="page shared-page" aria-labelledby="shared-heading">
          {problem ? (
            <div class="shared-problem">
              <h1 id="shared-heading">Shared album</h1>
              <p class="error" role="alert">
                {problem}
              </p>
              <p>Ask the person who sent it for a new link.</p>
            </div>
          ) : (
            <>
              <header class="page-header shared-intro">
                <div>
                  <h1 id="shared-heading">{album?.name ?? 'Loading…'}</h1>
                  {album?.description && <p class="shared-description">{album.description}</p>}
                  {items && <p class="album-meta">{items.length === 1 && !hasMore ? '1 item' : `${items.length}${hasMore ? '+' : ''} items`}</p>}
                </div>
              </header>
              {items === undefined && <p class="loading" role="status">Loading…</p>}
              {items?.length === 0 && (
                <div class="empty">
                  <h2>Nothing to see yet</h2>
                  <p>This album has no photos or videos yet.</p>
                </div>
              )}
              {items && items.length > 0 && <SharedGrid items={items} label={`${album?.name ?? 'Album'} photos and videos`} onOpen={setViewing} onNearEnd={hasMore && !moreError ? () => void loadMore() : undefined} />}
              {moreError && (
                <div class="shared-more-error">
                  <p class="error" role="alert">
                    {moreError}
                  </p>
                  <button type="button" class="secondary" onClick={() => void loadMore()}>
                    Try again
                  </button>
                </div>
              )}
            </>
          )}
        </section>
      </main>
      {viewing !== undefined && items && api && album && (
        <SharedViewer items={items} mediaId={viewing} allowDownload={album.allowDownload} api={api} onShow={setViewing} onClose={() => setViewing(undefined)} />
      )}
    </>
  );
}

/** The shared items as square tiles, the album grid's look; the next page comes as its end nears the screen. */
function SharedGrid(props: { items: readonly SharedMedia[]; label: string; onOpen: (mediaId: string) => void; onNearEnd: (() => void) | undefined }) {
  const end = useRef<HTMLDivElement>(null);
  const nearEnd = useRef(props.onNearEnd);
  nearEnd.current = props.onNearEnd;
  useEffect(() => {
    const element = end.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && nearEnd.current?.(), { rootMargin: '800px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [props.items.length, props.onNearEnd === undefined]);
  return (
    <>
      <ul class="shared-grid" aria-label={props.label}>
        {props.items.map((media) => {
          const thumb = media.variants.thumb;
          return (
            <li key={media.mediaId} class="shared-tile">
              <button type="button" class="tile-button" onClick={() => props.onOpen(media.mediaId)}>
                {thumb ? <img src={thumb.url} alt={describe(media)} loading="lazy" decoding="async" width={thumb.width ?? 320} height={thumb.height ?? 320} /> : <span class="tile-pending">{describe(media)}</span>}
                {media.mediaClass === 'video' && (
                  <span class="badge" aria-hidden="true">
                    ▶
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <div ref={end} class="shared-grid-end" aria-hidden="true" />
    </>
  );
}

const widths = (variants: readonly (Variant | undefined)[]): string => variants.flatMap((v) => (v?.width ? [`${v.url} ${v.width}w`] : [])).join(', ');

/** One item at a time, ← → or a swipe to move, Escape to close: the album viewer's look, with nothing to change. */
function SharedViewer(props: { items: readonly SharedMedia[]; mediaId: string; allowDownload: boolean; api: SharedApi; onShow: (mediaId: string) => void; onClose: () => void }) {
  const index = props.items.findIndex((m) => m.mediaId === props.mediaId);
  const media = props.items[index];
  const swipeStart = useRef<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Keys can come faster than renders: each step starts from the item the last one asked for.
  const latest = useRef({ props, index });
  latest.current = { props, index };
  const go = (delta: number) => {
    const { props: current, index: at } = latest.current;
    const target = current.items[at + delta];
    if (at < 0 || !target) return;
    latest.current = { ...latest.current, index: at + delta };
    current.onShow(target.mediaId);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'ArrowRight') go(1);
      else if (event.key === 'ArrowLeft') go(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    setNotice(undefined);
    setError(undefined);
  }, [props.mediaId]);

  if (!media) return null;
  const taken = takenTime({ takenAt: media.takenAt });
  const kind = media.mediaClass === 'video' ? 'Video' : 'Photo';
  const { web, mobile, poster, 'web-webp': webWebp } = media.variants;

  const download = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const original = await props.api.original(media.mediaId);
      saveFromUrl(original.url, original.fileName);
      setNotice(`Downloading ${original.fileName}.`);
    } catch (failure) {
      setError(sharedProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`${kind} ${index + 1} of ${props.items.length}`} onClose={props.onClose} class="viewer shared-viewer">
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
        {media.mediaClass === 'image' && (web || mobile) && (
          <picture key={media.mediaId}>
            {(mobile || webWebp) && <source type="image/webp" srcset={widths([mobile, webWebp])} sizes="100vw" />}
            <img src={(web ?? mobile)!.url} srcset={web ? widths([web]) : undefined} sizes="100vw" width={web?.width ?? mobile?.width} height={web?.height ?? mobile?.height} alt={describe(media)} draggable={false} />
          </picture>
        )}
        {media.mediaClass === 'video' && (
          <video key={media.mediaId} controls playsInline preload="metadata" poster={poster?.url} width={web?.width} height={web?.height} aria-label={describe(media)}>
            {web && <source src={web.url} type="video/mp4" media="(min-width: 700px)" />}
            {mobile && <source src={mobile.url} type="video/mp4" />}
            {web && <source src={web.url} type="video/mp4" />}
          </video>
        )}
      </div>
      <div class="viewer-bar">
        <button type="button" class="icon" onClick={() => go(-1)} disabled={index <= 0} aria-label="Previous">
          ‹
        </button>
        <div class="viewer-info">
          <h2 class="viewer-title">
            {kind} {index + 1} of {props.items.length}
          </h2>
          <p class="viewer-subtitle">
            {taken && <time dateTime={taken.machine}>{taken.text}</time>}
            {media.durationSeconds !== undefined && (
              <>
                <span aria-hidden="true"> · </span>
                <time dateTime={durationMachine(media.durationSeconds)}>{durationText(media.durationSeconds)}</time>
              </>
            )}
          </p>
          {media.caption && <p class="viewer-caption-line shared-caption">{media.caption}</p>}
          {error && (
            <p class="viewer-error" role="alert">
              {error}
            </p>
          )}
          <p class="viewer-notice" role="status">
            {notice}
          </p>
        </div>
        {props.allowDownload && (
          <button type="button" class="secondary small shared-download" onClick={() => void download()} aria-busy={busy}>
            {busy ? 'Preparing download…' : 'Download original'}
          </button>
        )}
        <button type="button" class="icon" onClick={() => go(1)} disabled={index >= props.items.length - 1} aria-label="Next">
          ›
        </button>
        <button type="button" class="icon close" onClick={props.onClose} aria-label="Close">
          ×
        </button>
      </div>
    </Modal>
  );
}
