import { useEffect } from 'preact/hooks';

import { isSavingFile } from '../media/download.js';
import { type ExistingMedia, formatBytes, type UploadItem } from '../upload/queue.js';
import { useServices } from './context.js';
import { useStore } from '../store.js';

const statusText: Record<UploadItem['status'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  uploaded: 'Uploaded',
  duplicate: 'Already uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A file the owner already has: where it is, and the offer to bring that item here instead. */
function Duplicate(props: { item: UploadItem; existing: ExistingMedia }) {
  const { uploads } = useServices();
  const { item, existing } = props;
  const here = existing.albumId === item.albumId;
  return (
    <>
      <span class="upload-note" role="status">
        {here ? 'Already in this album: not uploaded again.' : `You already have this file in “${existing.albumName}”: not uploaded again.`}
      </span>
      {item.message && (
        <span class="upload-message" role="alert">
          {item.message}
        </span>
      )}
      {!here && (
        <button type="button" class="small" onClick={() => void uploads.moveHere(item.id)} aria-label={`Move here: ${item.fileName}, from ${existing.albumName}`}>
          Move here
        </button>
      )}
      <button type="button" class="secondary small" onClick={() => uploads.dismiss(item.id)} aria-label={`Dismiss ${item.fileName}`}>
        Dismiss
      </button>
    </>
  );
}

/** Every file being uploaded, with its own progress and the total; stays across pages. */
export function UploadPanel() {
  const { uploads } = useServices();
  const items = useStore(uploads.items);
  const active = items.some((item) => item.status === 'queued' || item.status === 'uploading');

  useEffect(() => {
    if (!active) return;
    // Closing the tab would drop the files still waiting: the browser asks first.
    const warn = (event: BeforeUnloadEvent) => {
      if (isSavingFile()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);

  if (items.length === 0) return null;
  const counted = items.filter((item) => item.status !== 'cancelled' && item.status !== 'failed' && item.status !== 'duplicate');
  const total = counted.reduce((sum, item) => sum + item.bytes, 0);
  const loaded = counted.reduce((sum, item) => sum + (item.status === 'uploaded' ? item.bytes : item.loaded), 0);
  const done = items.filter((item) => item.status === 'uploaded').length;
  const failed = items.filter((item) => item.status === 'failed').length;
  const duplicates = items.filter((item) => item.status === 'duplicate').length;
  const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;

  return (
    <section class="upload-panel" aria-label="Uploads">
      <header>
        <h2>
          {[
            active ? `Uploading ${done} of ${items.length - items.filter((i) => i.status === 'cancelled').length}` : done > 0 || duplicates === 0 ? `${done} uploaded` : undefined,
            duplicates > 0 ? `${duplicates} already uploaded` : undefined,
            failed > 0 ? `${failed} failed` : undefined,
          ]
            .filter(Boolean)
            .join(', ')}
        </h2>
        <progress max={100} value={percent} aria-label="Overall upload progress">
          {percent}%
        </progress>
        <span class="upload-total">{total > 0 && `${formatBytes(loaded)} of ${formatBytes(total)}`}</span>
        {active ? (
          <button type="button" class="secondary small" onClick={() => uploads.cancelAll()}>
            Cancel all
          </button>
        ) : (
          <button type="button" class="secondary small" onClick={() => uploads.clearFinished()}>
            Clear
          </button>
        )}
      </header>
      <ul class="upload-list">
        {items.map((item) => (
          <li key={item.id} class={`upload upload-${item.status}`}>
            <span class="upload-name">{item.fileName}</span>
            <progress max={item.bytes || 1} value={item.status === 'uploaded' ? item.bytes : item.loaded} aria-label={`${item.fileName} upload progress`} />
            <span class="upload-status">
              {item.checking ? 'Checking' : statusText[item.status]}
              {item.status === 'uploading' && !item.checking && ` ${Math.floor((item.loaded / (item.bytes || 1)) * 100)}%`}
            </span>
            {item.status === 'duplicate' && item.existing && <Duplicate item={item} existing={item.existing} />}
            {item.status === 'uploaded' && item.message && (
              <span class="upload-note" role="status">
                {item.message}
              </span>
            )}
            {item.message && item.status === 'failed' && (
              <span class="upload-message" role="alert">
                {item.message}
              </span>
            )}
            {(item.status === 'queued' || item.status === 'uploading') && (
              <button type="button" class="secondary small" onClick={() => uploads.cancel(item.id)} aria-label={`Cancel ${item.fileName}`}>
                Cancel
              </button>
            )}
            {(item.status === 'failed' || item.status === 'cancelled') && (
              <>
                {item.retryable && (
                  <button type="button" class="secondary small" onClick={() => uploads.retry(item.id)} aria-label={`Retry ${item.fileName}`}>
                    Retry
                  </button>
                )}
                <button type="button" class="secondary small" onClick={() => uploads.dismiss(item.id)} aria-label={`Dismiss ${item.fileName}`}>
                  Dismiss
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
