import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import { BusyButton } from './BusyButton.js';

/**
 * A modal on the native <dialog>: the browser traps focus, closes it on Escape and returns focus
 * to what opened it, which hand-written overlays usually get wrong.
 */
export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; class?: string; labelledBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={`modal ${props.class ?? ''}`}
      aria-label={props.labelledBy ? undefined : props.title}
      aria-labelledby={props.labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      {props.children}
    </dialog>
  );
}

/** A dialog's error, if any, then Cancel beside its one action. */
export function DialogActions(props: { busy?: boolean | undefined; error?: string | undefined; onCancel: () => void; children: ComponentChildren }) {
  return (
    <>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <div class="actions">
        <BusyButton type="button" class="secondary" onClick={props.onCancel} busy={props.busy === true}>
          Cancel
        </BusyButton>
        {props.children}
      </div>
    </>
  );
}

/** Asks before something that cannot be undone; `busy` while the action runs, `error` when it failed. */
export function Confirm(props: {
  title: string;
  message: string;
  confirmLabel: string;
  busy?: boolean;
  busyLabel?: string;
  error?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    // Escape while the action runs would leave it running unseen.
    <Modal title={props.title} onClose={() => !props.busy && props.onCancel()}>
      <h2>{props.title}</h2>
      <p>{props.message}</p>
      <DialogActions busy={props.busy} error={props.error} onCancel={props.onCancel}>
        <BusyButton type="button" class="danger" onClick={props.onConfirm} busy={props.busy === true}>
          {props.busy ? (props.busyLabel ?? 'Working…') : props.confirmLabel}
        </BusyButton>
      </DialogActions>
    </Modal>
  );
}

/** One text field in a dialog (album name): Enter submits, the field is focused and selected. */
export function PromptDialog(props: {
  title: string;
  label: string;
  initial?: string;
  submitLabel: string;
  maxLength: number;
  busy?: boolean;
  error?: string | undefined;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(props.initial ?? '');
  useEffect(() => input.current?.select(), []);
  return (
    <Modal title={props.title} onClose={props.onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) props.onSubmit(value.trim());
        }}
      >
        <h2>{props.title}</h2>
        <label class="field">
          <span>{props.label}</span>
          <input ref={input} name="name" required maxLength={props.maxLength} value={value} onInput={(event) => setValue(event.currentTarget.value)} autoComplete="off" />
        </label>
        <DialogActions busy={props.busy} error={props.error} onCancel={props.onCancel}>
          <BusyButton type="submit" busy={props.busy === true}>
            {props.busy ? 'Saving…' : props.submitLabel}
          </BusyButton>
        </DialogActions>
      </form>
    </Modal>
  );
}
