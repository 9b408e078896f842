/**
 * Share links to one album: make one (how long it works, whether originals may be saved), copy
 * it, and see or revoke the ones made before. The API keeps only a hash of each token, so a link
 * is shown once, right after it is made; the list can say when each was made and how long it
 * lasts, never what it was.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import { problemMessage, unwrap, type Album, type CreatedShare, type Share } from '../api/client.js';
import { shareUrl } from '../api/shared.js';
import { BusyButton } from './BusyButton.js';
import { useServices } from './context.js';
import { Confirm, Modal } from './Modal.js';

const DAY_MS = 86_400_000;

type Expiry = 'never' | '1' | '7' | '30';
const EXPIRIES: readonly { readonly value: Expiry; readonly label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
];

const when = (iso: string): string => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

function lifetime(share: Share): string {
  if (share.expired) return 'Expired';
  return share.expiresAt ? `Expires ${when(share.expiresAt)}` : 'Never expires';
}

export function ShareDialog(props: { album: Album; onClose: () => void }) {
  const { api } = useServices();
  const albumId = props.album.albumId;
  const [expiry, setExpiry] = useState<Expiry>('7');
  const [allowDownload, setAllowDownload] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedShare | undefined>();
  const [copied, setCopied] = useState<string | undefined>();
  const [shares, setShares] = useState<Share[] | undefined>();
  const [listError, setListError] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<Share | undefined>();
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<string | undefined>();
  const linkField = useRef<HTMLInputElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  const load = async () => {
    try {
      setShares(unwrap(await api.GET('/api/albums/{albumId}/shares', { params: { path: { albumId } } })).items);
      setListError(undefined);
    } catch (failure) {
      setListError(problemMessage(failure));
    }
  };
  useEffect(() => void load(), [albumId]);

  // The new link takes focus, selected, so it can be copied at once even where Copy cannot; in the
  // commit that shows it, before paint, as every focus move in the app (Selection, Viewer).
  useLayoutEffect(() => {
    if (!created) return;
    linkField.current?.focus();
    linkField.current?.select();
  }, [created]);

  const create = async () => {
    setCreating(true);
    setCreateError(undefined);
    setCopied(undefined);
    try {
      const expiresAt = expiry === 'never' ? undefined : new Date(Date.now() + Number(expiry) * DAY_MS).toISOString();
      const share = unwrap(await api.POST('/api/albums/{albumId}/shares', { params: { path: { albumId } }, body: { allowDownload, ...(expiresAt ? { expiresAt } : {}) } }));
      setCreated(share);
      setShares((current) => [share, ...(current ?? []).filter((s) => s.shareId !== share.shareId)]);
    } catch (failure) {
      setCreateError(problemMessage(failure));
    } finally {
      setCreating(false);
    }
  };

  const link = created ? shareUrl(location.origin, created.token) : '';
  const copy = async () => {
    linkField.current?.select();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      // Insecure origins and some browsers have no clipboard, or refuse it without permission.
      setCopied('Copying is not available here: the link is selected, copy it with your device’s own Copy.');
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(undefined);
    try {
      unwrap(await api.DELETE('/api/albums/{albumId}/shares/{shareId}', { params: { path: { albumId, shareId: revoking.shareId } } }));
      const gone = revoking.shareId;
      setShares((current) => current?.filter((s) => s.shareId !== gone));
      if (created?.shareId === gone) setCreated(undefined);
      setRevoking(undefined);
      // Its Revoke button is gone with it: the list's heading keeps focus in the dialog.
      listHeading.current?.focus();
    } catch (failure) {
      setRevokeError(problemMessage(failure));
    } finally {
      setRevokeBusy(false);
    }
  };

  return (
    <Modal title={`Share “${props.album.name}”`} labelledBy="share-heading" onClose={() => !revoking && props.onClose()} class="share-dialog">
      <h2 id="share-heading">Share “{props.album.name}”</h2>
      <p class="dialog-lead">Anyone with a link can see this album’s photos and videos without signing in. They cannot change anything.</p>
      <form
        class="share-form"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <fieldset class="segmented share-expiry">
          <legend>Link expires</legend>
          {EXPIRIES.map((option) => (
            <label key={option.value}>
              <input type="radio" name="expiry" value={option.value} checked={expiry === option.value} onChange={() => setExpiry(option.value)} />
              <span>{option.label}</span>
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={allowDownload} onChange={(event) => setAllowDownload(event.currentTarget.checked)} />
          <span>Allow downloading originals</span>
        </label>
        {createError && (
          <p class="error" role="alert">
            {createError}
          </p>
        )}
        <BusyButton type="submit" busy={creating}>
          {creating ? 'Creating link…' : 'Create link'}
        </BusyButton>
      </form>
      {created && (
        <section class="new-link" aria-labelledby="new-link-label">
          <label id="new-link-label" for="new-link" class="new-link-label">
            New link
          </label>
          <div class="new-link-row">
            <input ref={linkField} id="new-link" type="text" readOnly value={link} aria-describedby="new-link-note" onFocus={(event) => event.currentTarget.select()} />
            <button type="button" class="small" onClick={() => void copy()}>
              Copy
            </button>
          </div>
          <p id="new-link-note" class="field-help">
            This link is shown only once: copy it now. If it is lost, make a new one.
          </p>
        </section>
      )}
      {/* Always there, so a copy's outcome is read out. */}
      <p class="notice" role="status">
        {copied}
      </p>
      <section class="share-list" aria-labelledby="share-list-heading">
        <h3 id="share-list-heading" ref={listHeading} tabIndex={-1}>
          Links to this album
        </h3>
        {listError && (
          <p class="error" role="alert">
            {listError}
          </p>
        )}
        {shares === undefined && !listError && <p class="loading">Loading…</p>}
        {shares?.length === 0 && <p class="share-none">No links yet.</p>}
        {shares && shares.length > 0 && (
          <ul class="shares">
            {shares.map((share) => (
              <li key={share.shareId} class={share.expired ? 'expired' : undefined}>
                <div class="share-text">
                  <span class="share-created">Created {when(share.createdAt)}</span>
                  <span class="share-meta">
                    <span class={share.expired ? 'share-expired' : undefined}>{lifetime(share)}</span>
                    <span aria-hidden="true"> · </span>
                    <span>{share.allowDownload ? 'Downloads allowed' : 'No downloads'}</span>
                  </span>
                </div>
                <button type="button" class="danger-outline small" onClick={() => (setRevokeError(undefined), setRevoking(share))}>
                  Revoke<span class="visually-hidden"> the link created {when(share.createdAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onClose}>
          Done
        </button>
      </div>
      {revoking && (
        <Confirm
          title="Revoke this link?"
          message="Anyone who has it will no longer see the album. This cannot be undone; you can make a new link."
          confirmLabel="Revoke link"
          busyLabel="Revoking…"
          busy={revokeBusy}
          error={revokeError}
          onConfirm={() => void revoke()}
          onCancel={() => setRevoking(undefined)}
        />
      )}
    </Modal>
  );
}
