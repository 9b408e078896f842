/**
 * The album grid, windowed: only the rows near the viewport exist in the DOM, so an album of
 * 5,000 items scrolls like one of 50. Tiles are squares of a size known before any image loads,
 * so nothing moves while thumbnails arrive.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import type { Media } from '../api/client.js';
import { failureHeadline, failureLabel } from '../media/failure.js';
import { categoryList, isBlurred, revealedMedia } from '../media/moderation.js';
import { useStore } from '../store.js';

const GAP_PX = 4;
const OVERSCAN_ROWS = 3;
const FIRST_SCREEN_WAIT_MS = 1500;

export const altText = (media: Media): string =>
  media.labels && media.labels.length > 0 ? `${media.fileName}: ${media.labels.slice(0, 5).join(', ')}` : media.fileName;

function columnsFor(width: number): number {
  const target = width < 480 ? 100 : width < 900 ? 150 : 190;
  return Math.max(2, Math.floor((width + GAP_PX) / (target + GAP_PX)));
}

/** While a page is choosing items: tiles are checkboxes, and a click toggles instead of opening. */
export interface GridSelection {
  readonly selected: ReadonlySet<string>;
  /** `range`: Shift was held, to take in everything from the item toggled last. */
  readonly onToggle: (mediaId: string, range: boolean) => void;
}

export function MediaGrid(props: { items: readonly Media[]; onOpen: (mediaId: string) => void; onNearEnd?: () => void; label: string; selection?: GridSelection | undefined }) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const revealed = useStore(revealedMedia);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      const top = element.getBoundingClientRect().top + window.scrollY;
      setViewport({ top: window.scrollY - top, height: window.innerHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    window.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    };
  }, []);

  const columns = columnsFor(width || 360);
  const tile = width > 0 ? (width - GAP_PX * (columns - 1)) / columns : 0;
  const rowHeight = tile + GAP_PX;
  const rows = Math.ceil(props.items.length / columns);
  const firstRow = rowHeight > 0 ? Math.max(0, Math.floor(viewport.top / rowHeight) - OVERSCAN_ROWS) : 0;
  const lastRow = rowHeight > 0 ? Math.min(rows - 1, Math.ceil((viewport.top + viewport.height) / rowHeight) + OVERSCAN_ROWS) : Math.min(rows - 1, 8);

  // The next page waits for the first screen's thumbnails (or a moment): on a phone's connection its
  // hundred items would compete with the pictures the person is waiting for. Scrolling ends the wait.
  const [firstScreenShown, setFirstScreenShown] = useState(false);
  const laidOut = width > 0;
  useEffect(() => {
    const element = container.current;
    if (!element || !laidOut || firstScreenShown) return;
    const loading = [...element.querySelectorAll('img')].filter((image) => !image.complete && image.getBoundingClientRect().top < window.innerHeight);
    let left = loading.length;
    const shown = () => setFirstScreenShown(true);
    const settled = () => {
      left -= 1;
      if (left === 0) shown();
    };
    if (left === 0) return shown();
    for (const image of loading) {
      image.addEventListener('load', settled, { once: true });
      image.addEventListener('error', settled, { once: true });
    }
    const timer = setTimeout(shown, FIRST_SCREEN_WAIT_MS);
    return () => {
      clearTimeout(timer);
      for (const image of loading) {
        image.removeEventListener('load', settled);
        image.removeEventListener('error', settled);
      }
    };
  }, [laidOut]);
  const mayLoadMore = firstScreenShown || viewport.top > 0;

  useEffect(() => {
    if (mayLoadMore && props.onNearEnd && lastRow >= rows - OVERSCAN_ROWS - 1) props.onNearEnd();
  }, [lastRow, rows, mayLoadMore]);

  const visible: preact.JSX.Element[] = [];
  for (let row = firstRow; row <= lastRow; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const index = row * columns + column;
      const media = props.items[index];
      if (!media) break;
      const onScreen = row * rowHeight < viewport.top + viewport.height && (row + 1) * rowHeight > viewport.top;
      const selection = props.selection;
      visible.push(
        <Tile
          key={media.mediaId}
          media={media}
          size={tile}
          top={row * rowHeight}
          left={column * (tile + GAP_PX)}
          onActivate={(range) => (selection ? selection.onToggle(media.mediaId, range) : props.onOpen(media.mediaId))}
          selected={selection ? selection.selected.has(media.mediaId) : undefined}
          position={index + 1}
          total={props.items.length}
          onScreen={onScreen}
          blurred={isBlurred(media, revealed)}
        />,
      );
    }
  }
  return (
    <div ref={container} class={`media-grid ${props.selection ? 'selecting' : ''}`} role="list" aria-label={props.label} style={{ height: `${Math.max(0, rows * rowHeight - GAP_PX)}px` }}>
      {visible}
    </div>
  );
}

/** `selected` is undefined outside selection mode. */
function Tile(props: { media: Media; size: number; top: number; left: number; onActivate: (range: boolean) => void; selected: boolean | undefined; position: number; total: number; onScreen: boolean; blurred: boolean }) {
  const { media, size } = props;
  const thumb = media.variants.thumb;
  const mobile = media.variants.mobile;
  const srcset = [thumb && `${thumb.url} ${thumb.width ?? 320}w`, media.mediaClass === 'image' && mobile && `${mobile.url} ${mobile.width ?? 1080}w`].filter(Boolean).join(', ');
  return (
    <div role="listitem" class="tile" aria-setsize={props.total} aria-posinset={props.position} style={{ width: `${size}px`, height: `${size}px`, transform: `translate(${props.left}px, ${props.top}px)` }}>
      <button
        type="button"
        class={`tile-button status-${media.status}`}
        onClick={(event) => props.onActivate(event.shiftKey)}
        // A native button, so Space and Enter toggle it like a click; the checkbox role says it is one.
        role={props.selected === undefined ? undefined : 'checkbox'}
        aria-checked={props.selected}
        // A ready tile shows only its picture, so it is named; the others are named by the words they show.
        aria-label={
          media.status === 'ready' ? `${media.mediaClass === 'video' ? 'Video' : 'Photo'} ${media.fileName}${props.blurred ? `, Sensitive: flagged for ${categoryList(media.moderation.categories)}` : ''}` : undefined
        }
      >
        {media.status === 'ready' && thumb ? (
          <img class={props.blurred ? 'blurred' : undefined} src={thumb.url} srcset={srcset} sizes={`${Math.ceil(size)}px`} width={Math.round(size)} height={Math.round(size)} alt={altText(media)} loading="lazy" decoding="async" fetchpriority={props.onScreen ? 'high' : 'low'} />
        ) : media.status === 'failed' ? (
          <span class="tile-failed">
            {/* Short on the tile, whole to a screen reader and in the viewer. */}
            <strong aria-hidden="true">{failureLabel(media.failureReason, media.mediaClass)}</strong>
            <span class="visually-hidden">{failureHeadline(media.failureReason, media.mediaClass)}</span>
            <span class="tile-name">{media.fileName}</span>
          </span>
        ) : (
          <span class="tile-pending" role="status">
            <span class="spinner" aria-hidden="true" />
            <span>{media.status === 'uploading' ? 'Uploading' : 'Processing'}</span>
            <span class="tile-name">{media.fileName}</span>
          </span>
        )}
        {media.mediaClass === 'video' && media.status === 'ready' && <span class="badge" aria-hidden="true">▶</span>}
        {props.blurred && media.status === 'ready' && (
          <span class="tile-flag" aria-hidden="true">
            Sensitive
          </span>
        )}
        {props.selected !== undefined && (
          <span class="tile-check" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="16" height="16" focusable="false">
              <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
            </svg>
          </span>
        )}
      </button>
    </div>
  );
}
