import { useEffect, useState } from 'preact/hooks';

import { problemMessage, unwrap, type Album, type Media } from '../api/client.js';
import { countsParts } from '../media/format.js';
import { BusyButton } from './BusyButton.js';
import { useServices } from './context.js';
import { DialogActions, Modal } from './Modal.js';

const ALBUMS_PER_PAGE = 50;

/** Chooses another of the person's albums for an item and moves it there. */
export function MoveDialog(props: { media: Media; onMoved: (media: Media, to: Album) => void; onCancel: () => void }) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const move = async (target: Album) => {
    setBusy(true);
    setError(undefined);
    try {
      const moved = unwrap(await api.PATCH('/api/media/{mediaId}', { params: { path: { mediaId: props.media.mediaId } }, body: { albumId: target.albumId } }));
      props.onMoved(moved, target);
    } catch (failure) {
      setError(problemMessage(failure));
      setBusy(false);
    }
  };

  return (
    <AlbumChoiceDialog
      currentAlbumId={props.media.albumId}
      lead={(current) => `Choose the album ${props.media.fileName} moves to${current ? `; it leaves ${current.name}` : ''}.`}
      noOtherAlbum="You have no other album. Create one on the Albums page, then move this item there."
      busy={busy}
      busyLabel="Moving…"
      error={error}
      onChoose={(target) => void move(target)}
      onCancel={props.onCancel}
    />
  );
}

/**
 * The "Move to album" dialog: the person's albums (but the one the items are in) to choose from,
 * and a button that names the choice. What a move does is the caller's: one item or many.
 */
export function AlbumChoiceDialog(props: {
  /** The album the items are in: not offered, and named in the lead. */
  currentAlbumId?: string | undefined;
  lead: (current: Album | undefined) => string;
  noOtherAlbum: string;
  busy: boolean;
  busyLabel: string;
  error?: string | undefined;
  onChoose: (target: Album) => void;
  onCancel: () => void;
}) {
  const { api } = useServices();
  const [albums, setAlbums] = useState<Album[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();

  const load = async (cursor?: string) => {
    try {
      const page = unwrap(await api.GET('/api/albums', { params: { query: { limit: ALBUMS_PER_PAGE, ...(cursor ? { cursor } : {}) } } }));
      setAlbums((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
      setNext(page.nextCursor);
    } catch (failure) {
      setLoadError(problemMessage(failure));
    }
  };
  useEffect(() => void load(), []);

  const others = (albums ?? []).filter((album) => album.albumId !== props.currentAlbumId);
  const current = albums?.find((album) => album.albumId === props.currentAlbumId);
  const target = others.find((album) => album.albumId === chosen);

  return (
    // Escape while the move runs would leave it running unseen.
    <Modal title="Move to album" onClose={() => !props.busy && props.onCancel()} class="move-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (target && !props.busy) props.onChoose(target);
        }}
      >
        <h2>Move to album</h2>
        <p class="dialog-lead">{props.lead(current)}</p>
        {loadError && (
          <p class="error" role="alert">
            {loadError}
          </p>
        )}
        {albums === undefined && !loadError && (
          <p class="loading" role="status">
            Loading your albums…
          </p>
        )}
        {albums !== undefined && others.length === 0 && !next && <p>{props.noOtherAlbum}</p>}
        {others.length > 0 && (
          <fieldset class="album-choices" disabled={props.busy}>
            <legend class="visually-hidden">Albums</legend>
            {others.map((album) => {
              const counts = countsParts(album.counts);
              return (
                <label key={album.albumId} class="album-choice">
                  <input type="radio" name="album" value={album.albumId} checked={chosen === album.albumId} onChange={() => setChosen(album.albumId)} />
                  <span class="cover">{album.cover ? <img src={album.cover.url} alt="" width={48} height={48} loading="lazy" decoding="async" /> : <span class="cover-placeholder" aria-hidden="true" />}</span>
                  <span class="album-choice-text">
                    <span class="album-name">{album.name}</span>
                    <span class="album-meta">{counts.text}</span>
                  </span>
                </label>
              );
            })}
          </fieldset>
        )}
        {next && (
          <button type="button" class="secondary small more" onClick={() => void load(next)}>
            Show more albums
          </button>
        )}
        <DialogActions busy={props.busy} error={props.error} onCancel={props.onCancel}>
          <BusyButton type="submit" busy={props.busy === true} disabled={!target}>
            {props.busy ? props.busyLabel : target ? `Move to ${target.name}` : 'Move'}
          </BusyButton>
        </DialogActions>
      </form>
    </Modal>
  );
}
