/**
 * Who is signed in, kept across reloads, refreshed silently before the ID token expires. When a
 * refresh is refused (the refresh token expired or was revoked) the session becomes `expired`:
 * the app asks for the password again over whatever is on screen, and every request waiting for a
 * token (the upload queue's included) resumes after the sign-in instead of failing.
 */
import type { WebConfig } from '../config.js';
import { createStore, type Store } from '../store.js';
import { claimsOf, CognitoError, refresh, revoke, signIn, type Tokens } from './cognito.js';

export type SessionState =
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly username: string; readonly tokens: Tokens }
  | { readonly status: 'expired'; readonly username: string; readonly tokens?: Tokens };

/** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class Session {
  readonly state: Store<SessionState>;
  private readonly storageKey: string;
  private refreshing: Promise<string> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private waiters: ((token: string) => void)[] = [];

  constructor(
    private readonly config: WebConfig,
    private readonly storage: Storage = localStorage,
    private readonly now: () => number = Date.now,
  ) {
    this.storageKey = `photo-album:session:${config.userPoolClientId}`;
    this.state = createStore<SessionState>(this.restore());
    this.scheduleRefresh();
  }

  async signIn(username: string, password: string): Promise<void> {
    const tokens = await signIn(this.config, username.trim(), password);
    const name = displayName(tokens, username.trim());
    this.adopt({ status: 'signed-in', username: name, tokens });
  }

  async signOut(): Promise<void> {
    const current = this.state.get();
    this.storage.removeItem(this.storageKey);
    clearTimeout(this.refreshTimer);
    this.state.set({ status: 'signed-out' });
    if (current.status !== 'signed-out' && current.tokens) await revoke(this.config, current.tokens.refreshToken);
  }

  /** A valid ID token, refreshed first when close to expiry; waits for a new sign-in when the session has expired. */
  async idToken(): Promise<string> {
    const current = this.state.get();
    if (current.status === 'signed-out') throw new CognitoError('NotSignedIn', 'You are signed out.');
    if (current.status === 'signed-in' && current.tokens.expiresAt - this.now() > 60_000) return current.tokens.idToken;
    if (current.status === 'expired') return this.nextSignIn();
    return this.refreshNow();
  }

  /** The API refused our token (revoked, or the clock was off): try one refresh, else ask to sign in again. */
  async tokenRejected(): Promise<string> {
    return this.refreshNow();
  }

  private refreshNow(): Promise<string> {
    this.refreshing ??= (async () => {
      const current = this.state.get();
      const tokens = current.status === 'signed-out' ? undefined : current.tokens;
      if (current.status === 'signed-out') throw new CognitoError('NotSignedIn', 'You are signed out.');
      if (!tokens) return this.expire(current.username);
      try {
        const next = await refresh(this.config, tokens.refreshToken);
        this.adopt({ status: 'signed-in', username: current.username, tokens: next });
        return next.idToken;
      } catch (error) {
        if (error instanceof CognitoError && error.code === 'NetworkError') throw error;
        return this.expire(current.username);
      }
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private expire(username: string): Promise<string> {
    clearTimeout(this.refreshTimer);
    this.state.set({ status: 'expired', username });
    this.storage.removeItem(this.storageKey);
    return this.nextSignIn();
  }

  private nextSignIn(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private adopt(state: Extract<SessionState, { status: 'signed-in' }>): void {
    this.storage.setItem(this.storageKey, JSON.stringify({ username: state.username, tokens: state.tokens }));
    this.state.set(state);
    this.scheduleRefresh();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resume of waiters) resume(state.tokens.idToken);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    const current = this.state.get();
    if (current.status !== 'signed-in') return;
    const delay = Math.max(0, current.tokens.expiresAt - REFRESH_MARGIN_MS - this.now());
    this.refreshTimer = setTimeout(() => void this.refreshNow().catch(() => this.scheduleRetry()), delay);
  }

  private scheduleRetry(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refreshNow().catch(() => this.scheduleRetry()), 30_000);
  }

  private restore(): SessionState {
    try {
      const saved = JSON.parse(this.storage.getItem(this.storageKey) ?? 'null') as { username?: unknown; tokens?: Tokens } | null;
      if (saved && typeof saved.username === 'string' && typeof saved.tokens?.refreshToken === 'string') {
        return { status: 'signed-in', username: saved.username, tokens: saved.tokens };
      }
    } catch {
      // A damaged record is the same as none: sign in again.
    }
    return { status: 'signed-out' };
  }
}

function displayName(tokens: Tokens, typed: string): string {
  const claims = claimsOf(tokens.idToken);
  for (const claim of ['email', 'cognito:username', 'preferred_username']) {
    if (typeof claims[claim] === 'string' && claims[claim]) return claims[claim] as string;
  }
  return typed;
}
