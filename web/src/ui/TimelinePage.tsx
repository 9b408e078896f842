/**
 * Every photo and video across albums, newest taken first, under month headings, with a list of
 * the months to jump to. A jump is a link (`/timeline?month=2008-05`), so Back returns to where
 * the person was and a month can be bookmarked; it asks for the media taken before the next
 * month began, and paging carries on into older months from there.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';

import { problemMessage, unwrap, type Media, type MonthCount } from '../api/client.js';
import { pageQuery } from '../api/paging.js';
import { isGone } from '../media/bulk.js';
import { monthLabel, monthOf, nextMonthStart } from '../media/format.js';
import { itemCount } from './AlbumsPage.js';
import { useServices } from './context.js';
import { MediaGrid } from './MediaGrid.js';
import { SelectionBar, useSelection } from './Selection.js';
import { useMediaList } from './useMediaList.js';
import { Viewer } from './Viewer.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface MonthGroup {
  readonly month: string;
  readonly items: Media[];
}

/**
 * Newest taken first, whatever order the pages came in: an item that finishes processing takes its
 * camera's time and moves to its month, the way the next load would show it.
 */
function byMonth(items: readonly Media[]): { sorted: Media[]; groups: MonthGroup[] } {
  const sorted = [...items].sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : 0));
  const groups: MonthGroup[] = [];
  for (const media of sorted) {
    const month = monthOf(media);
    const last = groups[groups.length - 1];
    if (last?.month === month) last.items.push(media);
    else groups.push({ month, items: [media] });
  }
  return { sorted, groups };
}

export function TimelinePage() {
  const { query } = useRoute();
  const month = query.month && MONTH.test(query.month) ? query.month : undefined;
  const { api } = useServices();
  const [viewing, setViewing] = useState<string | undefined>();
  const [months, setMonths] = useState<MonthCount[] | undefined>();
  const [monthsError, setMonthsError] = useState<string | undefined>();
  const [jumpOpen, setJumpOpen] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const firstHeading = useRef<HTMLHeadingElement>(null);

  const media = useMediaList(
    async (cursor) => unwrap(await api.GET('/api/media', { params: { query: { ...pageQuery(cursor), ...(month ? { to: nextMonthStart(month) } : {}) } } })),
    month ?? 'newest',
  );

  useEffect(() => {
    void (async () => {
      try {
        setMonths(unwrap(await api.GET('/api/media/months')).months);
      } catch (failure) {
        setMonthsError(problemMessage(failure));
      }
    })();
  }, []);

  // A jump starts at the top of the chosen month, with focus on its heading so a screen reader
  // says where it landed; the phone's jump list folds away again.
  const jumped = useRef(false);
  useEffect(() => {
    setViewing(undefined);
    setJumpOpen(false);
    if (!month) return;
    window.scrollTo(0, 0);
    jumped.current = true;
  }, [month]);
  // The month's own items, not the previous list still drawn in the render that changed the month;
  // before paint, so focus never rests on the page behind for a frame.
  useLayoutEffect(() => {
    if (media.items === undefined || !jumped.current) return;
    jumped.current = false;
    firstHeading.current?.focus();
  }, [media.items]);

  const { sorted, groups } = useMemo(() => byMonth(media.items ?? []), [media.items]);
  const counts = useMemo(() => new Map((months ?? []).map((m) => [m.month, m.count])), [months]);
  const total = months?.reduce((sum, m) => sum + m.count, 0);
  const selection = useSelection(sorted, month ?? 'newest');
  const gridSelection = selection.active ? { selected: selection.selected, onToggle: selection.toggle } : undefined;

  const forget = (gone: Media) =>
    setMonths((current) => current?.map((m) => (m.month === monthOf(gone) ? { ...m, count: m.count - 1 } : m)).filter((m) => m.count > 0));

  return (
    <section class={`page timeline-page ${selection.active ? 'selecting' : ''}`} aria-labelledby="timeline-heading">
      <header class="page-header">
        <div>
          <h1 id="timeline-heading">Timeline</h1>
          <p class="album-meta">{total === undefined ? '\u00a0' : `${itemCount(total)}, newest taken first`}</p>
        </div>
        {sorted.length > 0 && !selection.active && (
          <div class="toolbar">
            <button type="button" class="secondary" ref={selection.selectButton} onClick={() => (setNotice(undefined), selection.start())}>
              Select
            </button>
          </div>
        )}
      </header>
      <div class="timeline-layout">
        <nav class={`month-nav ${jumpOpen ? 'open' : ''}`} aria-label="Months">
          <button type="button" class="secondary small month-nav-toggle" aria-expanded={jumpOpen} aria-controls="month-list" onClick={() => setJumpOpen((open) => !open)}>
            Jump to a month
          </button>
          <div id="month-list" class="month-list">
            {monthsError && (
              <p class="error" role="alert">
                {monthsError}
              </p>
            )}
            {months && months.length > 0 && <MonthList months={months} current={month} />}
          </div>
        </nav>
        <div class="timeline-main">
          {/* In the grid's column, so the month list beside it stays in view. */}
          {selection.active && (
            <SelectionBar
              selection={selection}
              loaded={sorted}
              onApplied={(run, target) => {
                const byId = new Map(sorted.map((m) => [m.mediaId, m]));
                const gone: string[] = [];
                for (const result of run.results) {
                  const item = byId.get(result.mediaId);
                  if (!item) continue;
                  // A moved item is still on the timeline, in its new album.
                  if (result.outcome === 'moved' && target) media.update({ ...item, albumId: target.albumId });
                  else if (isGone(result)) {
                    forget(item);
                    gone.push(item.mediaId);
                  }
                }
                media.removeAll(gone);
              }}
              onFinished={setNotice}
            />
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
          {media.items === undefined && !media.error && (
            <p class="loading" role="status">
              Loading…
            </p>
          )}
          {media.items?.length === 0 && (
            <div class="empty">
              <h2>{month ? `Nothing taken in ${monthLabel(month)} or before` : 'Nothing here yet'}</h2>
              <p>
                Photos and videos you add to your <a href="/">albums</a> appear here, in the order they were taken.
              </p>
            </div>
          )}
          {month && media.items !== undefined && (
            <p class="timeline-newer">
              <a href="/timeline">Back to the newest</a>
            </p>
          )}
          {groups.map((group, at) => {
            const label = monthLabel(group.month);
            const count = counts.get(group.month);
            return (
              <section key={group.month} class="month-section" aria-labelledby={`month-${group.month}`}>
                <h2 id={`month-${group.month}`} ref={at === 0 ? firstHeading : undefined} tabIndex={-1} class="month-heading">
                  {label}
                  {count !== undefined && <span class="month-count"> {itemCount(count)}</span>}
                </h2>
                <MediaGrid items={group.items} label={`Photos and videos from ${label}`} onOpen={setViewing} onNearEnd={at === groups.length - 1 ? media.loadMore : undefined} selection={gridSelection} />
              </section>
            );
          })}
        </div>
      </div>
      {viewing !== undefined && (
        <Viewer
          items={sorted}
          mediaId={viewing}
          onShow={setViewing}
          onClose={() => setViewing(undefined)}
          onDeleted={(mediaId) => {
            const gone = sorted.find((m) => m.mediaId === mediaId);
            if (gone) forget(gone);
            media.remove(mediaId);
          }}
          onChanged={media.update}
        />
      )}
    </section>
  );
}

/** The months that have media, by year: a year opens to its months, the current one open at first. */
function MonthList(props: { months: readonly MonthCount[]; current: string | undefined }) {
  const years = useMemo(() => {
    const byYear = new Map<string, MonthCount[]>();
    for (const m of props.months) {
      const year = m.month.slice(0, 4);
      byYear.set(year, [...(byYear.get(year) ?? []), m]);
    }
    return [...byYear.entries()];
  }, [props.months]);
  const currentYear = props.current?.slice(0, 4) ?? years[0]?.[0];
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(currentYear ? [currentYear] : []));
  useEffect(() => {
    if (currentYear) setOpen((previous) => (previous.has(currentYear) ? previous : new Set([...previous, currentYear])));
  }, [currentYear]);

  return (
    <ul class="month-years">
      <li>
        <a class="month-link newest" href="/timeline" aria-current={props.current ? undefined : 'true'}>
          Newest
        </a>
      </li>
      {years.map(([year, months]) => {
        const expanded = open.has(year);
        const count = months.reduce((sum, m) => sum + m.count, 0);
        return (
          <li key={year}>
            <button
              type="button"
              class="year-toggle"
              aria-expanded={expanded}
              aria-controls={`months-${year}`}
              onClick={() =>
                setOpen((previous) => {
                  const next = new Set(previous);
                  if (!next.delete(year)) next.add(year);
                  return next;
                })
              }
            >
              <span>{year}</span>{' '}
              <span class="month-count">
                {count}
                <span class="visually-hidden"> {count === 1 ? 'item' : 'items'}</span>
              </span>
            </button>
            <ul id={`months-${year}`} class="months" hidden={!expanded}>
              {months.map((m) => (
                <li key={m.month}>
                  <a class="month-link" href={`/timeline?month=${m.month}`} aria-current={props.current === m.month ? 'true' : undefined}>
                    <span>
                      {monthLabel(m.month, 'month-only')}
                      <span class="visually-hidden"> {year}</span>
                    </span>{' '}
                    <span class="month-count">
                      {m.count}
                      <span class="visually-hidden"> {m.count === 1 ? 'item' : 'items'}</span>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}
