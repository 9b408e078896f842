import { useState } from 'preact/hooks';

import { confirmSignUp, signInMessage, signUp } from '../auth/cognito.js';
import { BusyButton } from './BusyButton.js';
import { useServices } from './context.js';
import { Modal } from './Modal.js';

type Mode = 'sign-in' | 'sign-up' | 'confirm';

/** The sign-in form: a page of its own when signed out, a dialog over the app when the session expired. */
export function SignInForm(props: { username?: string; intro?: string }) {
  const { session, config } = useServices();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [username, setUsername] = useState(props.username ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'sign-up') {
        await signUp(config, username.trim(), password);
        setMode('confirm');
        setNotice(`We emailed a code to ${username.trim()}. Enter it to finish creating your account.`);
      } else if (mode === 'confirm') {
        await confirmSignUp(config, username.trim(), code.trim());
        await session.signIn(username, password);
      } else {
        await session.signIn(username, password);
      }
    } catch (failure) {
      setError(signInMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const heading = mode === 'sign-in' ? 'Sign in' : mode === 'sign-up' ? 'Create an account' : 'Confirm your email';
  return (
    <form class="sign-in" onSubmit={(event) => void submit(event)}>
      <h1>{heading}</h1>
      {props.intro && <p>{props.intro}</p>}
      {notice && <p class="notice">{notice}</p>}
      {mode !== 'confirm' && (
        <>
          <label class="field">
            <span>{mode === 'sign-up' ? 'Email' : 'Username'}</span>
            {mode === 'sign-up' ? (
              <input name="username" type="email" autoComplete="username" required value={username} onInput={(event) => setUsername(event.currentTarget.value)} />
            ) : (
              <input
                name="username"
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                spellcheck={false}
                required
                value={username}
                readOnly={props.username !== undefined}
                onInput={(event) => setUsername(event.currentTarget.value)}
              />
            )}
          </label>
          <label class="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
              required
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          </label>
        </>
      )}
      {mode === 'confirm' && (
        <label class="field">
          <span>Confirmation code</span>
          <input name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onInput={(event) => setCode(event.currentTarget.value)} />
        </label>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <BusyButton type="submit" busy={busy}>
        {busy ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : mode === 'sign-up' ? 'Create account' : 'Confirm'}
      </BusyButton>
      {config.selfSignUp && props.username === undefined && (
        <p class="switch">
          {mode === 'sign-in' ? (
            <button type="button" class="link" onClick={() => (setMode('sign-up'), setError(undefined))}>
              New here? Create an account
            </button>
          ) : (
            <button type="button" class="link" onClick={() => (setMode('sign-in'), setError(undefined), setNotice(undefined))}>
              Already have an account? Sign in
            </button>
          )}
        </p>
      )}
    </form>
  );
}

export function SignInPage() {
  return (
    <main class="sign-in-page" id="main">
      <div class="brand-large" aria-hidden="true">
        <Logo />
        <span>Photo album</span>
      </div>
      <SignInForm />
    </main>
  );
}

/** Over whatever is on screen, so nothing (the upload queue above all) is lost while signing in again. */
export function SessionExpiredDialog(props: { username: string }) {
  const { session } = useServices();
  return (
    <Modal title="Your session has expired" onClose={() => void session.signOut()}>
      <SignInForm username={props.username} intro="Your session has expired. Sign in again to carry on: your uploads are waiting and will continue." />
    </Modal>
  );
}

export function Logo() {
  return (
    <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <rect x="2" y="4" width="20" height="16" rx="3" fill="currentColor" opacity="0.18" />
      <path d="M4 17l5-6 4 4 3-3 4 5z" fill="currentColor" />
      <circle cx="16" cy="8.5" r="1.8" fill="currentColor" />
    </svg>
  );
}
