/**
 * Choosing many items at once and deleting or moving them together: "Select" turns the grid's
 * tiles into checkboxes, and a bar with the count and the actions takes the page's own actions'
 * place (at the bottom of a phone's screen, where a thumb reaches). The work goes to the API a
 * page of ids a call; items that could not be done stay selected for another try.
 */
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import type { Album, Media } from '../api/client.js';
import { BULK_PAGE_SIZE, runBulk, summarise, type BulkRun } from '../media/bulk.js';
import { useServices } from './context.js';
import { Confirm } from './Modal.js';
import { AlbumChoiceDialog } from './MoveDialog.js';

export interface Selection {
  readonly active: boolean;
  readonly selected: ReadonlySet<string>;
  /** The Select button, which focus returns to when the bar that replaced it goes. */
  readonly selectButton: RefObject<HTMLButtonElement | null>;
  start(): void;
  stop(): void;
  /** `range`: from the item toggled last to this one, all taking this one's new state (Shift+click). */
  toggle(mediaId: string, range: boolean): void;
  replace(mediaIds: Iterable<string>): void;
}

/** `order` is the grid's order, for ranges; `key` changes when the page shows another list. */
export function useSelection(order: readonly Media[], key: string): Selection {
  const [active, setActive] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | undefined>(undefined);
  const ordered = useRef(order);
  ordered.current = order;
  const selectButton = useRef<HTMLButtonElement>(null);

  const stop = () => {
    setActive(false);
    setSelected(new Set());
    anchor.current = undefined;
  };
  useEffect(stop, [key]);

  const wasActive = useRef(false);
  // Before the next paint, so no key press lands on the page's body in between.
  useLayoutEffect(() => {
    // Cancel, or the bar going after a finished action, took focus with it.
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (wasActive.current && !active && lost) selectButton.current?.focus();
    wasActive.current = active;
  }, [active]);

  return {
    active,
    selected,
    selectButton,
    start: () => setActive(true),
    stop,
    toggle: (mediaId, range) => {
      const from = range && anchor.current !== undefined ? ordered.current.findIndex((m) => m.mediaId === anchor.current) : -1;
      const to = ordered.current.findIndex((m) => m.mediaId === mediaId);
      anchor.current = mediaId;
      setSelected((previous) => {
        const next = new Set(previous);
        const on = !previous.has(mediaId);
        const span = from >= 0 && to >= 0 ? ordered.current.slice(Math.min(from, to), Math.max(from, to) + 1).map((m) => m.mediaId) : [mediaId];
        for (const id of span) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
    },
    replace: (mediaIds) => setSelected(new Set(mediaIds)),
  };
}

type Dialog = 'move' | 'delete';

const counted = (count: number): string => `${count} ${count === 1 ? 'item' : 'items'}`;

/**
 * The count, "Select all loaded", the actions and Cancel; Escape leaves too. `onApplied` gets every
 * item's outcome to update the page (the grid, the counts); `onFinished` the words for the page's
 * status line when everything was done and the selection ends.
 */
export function SelectionBar(props: {
  selection: Selection;
  /** Every item loaded, in the grid's order. */
  loaded: readonly Media[];
  /** The album page's album: not offered as a target, and named as the one the items leave. */
  from?: Album | undefined;
  onApplied: (run: BulkRun, target: Album | undefined) => void;
  onFinished: (message: string) => void;
}) {
  const { api } = useServices();
  const { selection } = props;
  const chosen = props.loaded.filter((m) => selection.selected.has(m.mediaId));
  const count = chosen.length;
  const allSelected = count > 0 && count === props.loaded.length;
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState(0);
  const [dialogError, setDialogError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ readonly text: string; readonly reasons: readonly string[] } | undefined>();
  const bar = useRef<HTMLElement>(null);
  const countLine = useRef<HTMLParagraphElement>(null);
  const actionButtons = { move: useRef<HTMLButtonElement>(null), delete: useRef<HTMLButtonElement>(null) };

  // The Select button this bar replaces had focus: the count takes it, and says where it is.
  useLayoutEffect(() => countLine.current?.focus(), []);

  // A closing dialog hands focus back to the button that opened it, but that button was disabled
  // while the work ran and the dialog goes first: without this, focus would fall to the page's body.
  const lastDialog = useRef<Dialog | undefined>(undefined);
  useLayoutEffect(() => {
    const closed = lastDialog.current;
    lastDialog.current = dialog;
    if (dialog || !closed) return;
    if (document.activeElement === null || document.activeElement === document.body) actionButtons[closed].current?.focus();
  }, [dialog]);

  const quiet = useRef({ dialog, busy });
  quiet.current = { dialog, busy };
  useEffect(() => {
    const leave = (event: KeyboardEvent) => {
      // A dialog's own Escape closes the dialog only.
      if (event.key === 'Escape' && !quiet.current.dialog && !quiet.current.busy) selection.stop();
    };
    document.addEventListener('keydown', leave);
    return () => document.removeEventListener('keydown', leave);
  }, []);

  // On a phone the bar is fixed over the page's foot: the page and the uploads panel keep clear of it.
  useLayoutEffect(() => {
    const element = bar.current;
    if (!element) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--selection-bar-height', `${element.offsetHeight}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--selection-bar-height');
    };
  }, []);

  const open = (next: Dialog) => {
    setDialogError(undefined);
    setDialog(next);
  };

  // A ref, not `busy`: a double click lands before the render that disables the button.
  const running = useRef(false);
  const run = async (action: Dialog, target?: Album) => {
    if (running.current || count === 0) return;
    running.current = true;
    setBusy(true);
    setProgress(0);
    setDialogError(undefined);
    setOutcome(undefined);
    const done = await runBulk(api, action, chosen.map((m) => m.mediaId), target?.albumId, setProgress);
    running.current = false;
    setBusy(false);
    if (done.results.length === 0 && done.refusal) {
      // Nothing happened: the dialog stays, with the API's reason, for another album or Cancel.
      setDialogError(done.refusal);
      return;
    }
    setDialog(undefined);
    props.onApplied(done, target);
    const summary = summarise(done, target?.name);
    if (summary.retry.length === 0) {
      props.onFinished(summary.done ?? '');
      selection.stop();
      return;
    }
    selection.replace(summary.retry);
    setOutcome({ text: [summary.done, summary.problem].filter(Boolean).join(' '), reasons: summary.reasons });
  };

  const working = (verb: string) => (count > BULK_PAGE_SIZE ? `${verb} ${progress} of ${count}…` : `${verb}…`);
  // Items from one album (the album page, or a timeline choice from one album) are not offered that album.
  const albumIds = new Set(chosen.map((m) => m.albumId));
  const currentAlbumId = props.from?.albumId ?? (albumIds.size === 1 ? [...albumIds][0] : undefined);
  const only = count === 1 ? chosen[0] : undefined;

  return (
    <>
      <section ref={bar} class="selection-bar" aria-label="Selection">
        {outcome && (
          <div class="selection-outcome" role="alert">
            <p>{outcome.text}</p>
            {outcome.reasons.map((reason) => (
              <p key={reason} class="selection-reason">
                {reason}
              </p>
            ))}
          </div>
        )}
        <div class="selection-row">
          {/* A close mark beside the count, as photo apps have it; its name is still Cancel. */}
          <button type="button" class="icon selection-cancel" disabled={busy} onClick={selection.stop} title="Leave selection (Esc)">
            <span aria-hidden="true">×</span>
            <span class="visually-hidden">Cancel</span>
          </button>
          <p ref={countLine} class="selection-count" tabIndex={-1} role="status">
            {count} selected
          </p>
          {/* One button that flips, so focus stays on it. */}
          <button type="button" class="secondary small" disabled={busy} onClick={() => (allSelected ? selection.replace([]) : selection.replace(props.loaded.map((m) => m.mediaId)))}>
            {allSelected ? 'Select none' : 'Select all loaded'}
          </button>
        </div>
        <div class="selection-actions">
          <button type="button" class="secondary" ref={actionButtons.move} disabled={busy || count === 0} onClick={() => open('move')}>
            Move to album…
          </button>
          <button type="button" class="danger-outline" ref={actionButtons.delete} disabled={busy || count === 0} onClick={() => open('delete')}>
            Delete…
          </button>
        </div>
      </section>
      {dialog === 'move' && (
        <AlbumChoiceDialog
          currentAlbumId={currentAlbumId}
          lead={(current) => `Choose the album ${only ? only.fileName : `the ${counted(count)}`} ${count === 1 ? 'moves' : 'move'} to${current ? `; ${count === 1 ? 'it leaves' : 'they leave'} ${current.name}` : ''}.`}
          noOtherAlbum={`You have no other album. Create one on the Albums page, then move ${count === 1 ? 'this item' : 'these items'} there.`}
          busy={busy}
          busyLabel={working('Moving')}
          error={dialogError}
          onChoose={(target) => void run('move', target)}
          onCancel={() => setDialog(undefined)}
        />
      )}
      {dialog === 'delete' && (
        <Confirm
          title={only ? `Delete ${only.fileName}?` : `Delete ${counted(count)}?`}
          message={`${only ? 'The photo or video and all its copies' : `These ${count} photos and videos, and all their copies,`} will be deleted. This cannot be undone.`}
          confirmLabel={only ? 'Delete item' : `Delete ${counted(count)}`}
          busy={busy}
          busyLabel={working('Deleting')}
          error={dialogError}
          onConfirm={() => void run('delete')}
          onCancel={() => setDialog(undefined)}
        />
      )}
    </>
  );
}
