import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';

import { problemMessage, unwrap, type LabelCount } from '../api/client.js';
import { itemCount } from './AlbumsPage.js';
import { useServices } from './context.js';
import { MediaGrid } from './MediaGrid.js';
import { pageQuery } from '../api/paging.js';
import { useMediaList } from './useMediaList.js';
import { Viewer } from './Viewer.js';

export function LabelsPage() {
  const { api } = useServices();
  const [labels, setLabels] = useState<LabelCount[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = async (cursor?: string) => {
    try {
      const page = unwrap(await api.GET('/api/labels', { params: { query: pageQuery(cursor) } }));
      setLabels((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
      setNext(page.nextCursor);
    } catch (failure) {
      setError(problemMessage(failure));
    }
  };
  useEffect(() => void load(), []);
  return (
    <section class="page" aria-labelledby="labels-heading">
      <header class="page-header">
        <h1 id="labels-heading">Labels</h1>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {labels === undefined && !error && <p class="loading" role="status">Loading labels…</p>}
      {labels?.length === 0 && (
        <div class="empty">
          <h2>No labels yet</h2>
          <p>Once your photos are processed, what is in them (beaches, dogs, cars…) appears here, so you can find every photo of it at once.</p>
        </div>
      )}
      {labels && labels.length > 0 && (
        <ul class="label-cloud">
          {labels.map((label) => (
            <li key={label.label}>
              <a href={`/labels/${encodeURIComponent(label.label)}`}>
                {label.displayName} <span class="count">{itemCount(label.count)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" class="secondary more" onClick={() => void load(next)}>
          Show more labels
        </button>
      )}
    </section>
  );
}

export function LabelPage() {
  const { params } = useRoute();
  const label = params.label ?? '';
  const { api } = useServices();
  const [viewing, setViewing] = useState<string | undefined>();
  const media = useMediaList(async (cursor) => unwrap(await api.GET('/api/labels/{label}/media', { params: { path: { label }, query: pageQuery(cursor) } })), label);
  const items = media.items ?? [];
  const title = items[0]?.labels?.find((l) => l.toLowerCase() === label) ?? label;
  return (
    <section class="page" aria-labelledby="label-heading">
      <header class="page-header">
        <div>
          <a href="/labels" class="back">
            Labels
          </a>
          <h1 id="label-heading">{title}</h1>
        </div>
      </header>
      {media.error && (
        <p class="error" role="alert">
          {media.error}
        </p>
      )}
      {media.items === undefined && !media.error && <p class="loading" role="status">Loading…</p>}
      {media.items?.length === 0 && <p class="empty">Nothing carries this label any more.</p>}
      {items.length > 0 && <MediaGrid items={items} label={`Photos labelled ${title}`} onOpen={setViewing} onNearEnd={media.loadMore} />}
      {viewing !== undefined && (
        <Viewer items={items} mediaId={viewing} onShow={setViewing} onClose={() => setViewing(undefined)} onDeleted={media.remove} onChanged={media.update} />
      )}
    </section>
  );
}
