/**
 * The few Cognito user pool calls the browser makes, as plain JSON requests: no signature is
 * needed for them and the SDK would triple the app's initial JavaScript. The same calls reach moto
 * locally and cognito-idp in AWS; only the endpoint in the runtime config differs.
 */
import type { WebConfig } from '../config.js';

export interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds after which the ID token is refused. */
  readonly expiresAt: number;
}

/** A refusal Cognito gave, with its exception name (NotAuthorizedException, UsernameExistsException...). */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

async function call(config: WebConfig, action: string, body: Json, signal?: AbortSignal): Promise<Json> {
  let response: Response;
  try {
    response = await fetch(config.cognitoEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch {
    throw new CognitoError('NetworkError', 'The sign-in service cannot be reached. Check your connection and try again.');
  }
  const payload = (await response.json().catch(() => ({}))) as Json;
  if (!response.ok) {
    const code = String(payload.__type ?? 'UnknownError').split('#').pop() ?? 'UnknownError';
    throw new CognitoError(code, typeof payload.message === 'string' ? payload.message : code);
  }
  return payload;
}

function tokensOf(payload: Json, previousRefreshToken?: string): Tokens {
  const result = (payload.AuthenticationResult ?? {}) as Json;
  const idToken = result.IdToken;
  const accessToken = result.AccessToken;
  const refreshToken = result.RefreshToken ?? previousRefreshToken;
  if (typeof idToken !== 'string' || typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
    const challenge = typeof payload.ChallengeName === 'string' ? payload.ChallengeName : 'none';
    throw new CognitoError('UnsupportedChallenge', `This account needs a step the web app does not offer yet (${challenge}). Ask an administrator.`);
  }
  return { idToken, accessToken, refreshToken, expiresAt: expiryOf(idToken) };
}

/** A JWT's claims, unverified: the API checks the signature, the app only reads the expiry and the name. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const base64 = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export const expiryOf = (jwt: string): number => Number(claimsOf(jwt).exp ?? 0) * 1000;

export async function signIn(config: WebConfig, username: string, password: string): Promise<Tokens> {
  const payload = await call(config, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: config.userPoolClientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return tokensOf(payload);
}

export async function refresh(config: WebConfig, refreshToken: string): Promise<Tokens> {
  const payload = await call(config, 'InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: config.userPoolClientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  return tokensOf(payload, refreshToken);
}

export async function signUp(config: WebConfig, email: string, password: string): Promise<void> {
  await call(config, 'SignUp', { ClientId: config.userPoolClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
}

export async function confirmSignUp(config: WebConfig, email: string, code: string): Promise<void> {
  await call(config, 'ConfirmSignUp', { ClientId: config.userPoolClientId, Username: email, ConfirmationCode: code });
}

/** Ends the refresh token's life at Cognito; best effort, the local session is gone either way. */
export async function revoke(config: WebConfig, refreshToken: string): Promise<void> {
  await call(config, 'RevokeToken', { ClientId: config.userPoolClientId, Token: refreshToken }).catch(() => undefined);
}

/** What to tell a person about a refused sign-in, in plain words. */
export function signInMessage(error: unknown): string {
  if (!(error instanceof CognitoError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return 'That username and password do not match. Check them and try again.';
    case 'UserNotConfirmedException':
      return 'This account is not confirmed yet: enter the code we emailed you.';
    case 'PasswordResetRequiredException':
      return 'This account needs a new password. Ask an administrator to reset it.';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return 'Too many attempts. Wait a minute, then try again.';
    case 'UsernameExistsException':
      return 'An account with this email already exists. Sign in instead.';
    case 'InvalidPasswordException':
      return `That password is too weak: ${error.message.replace(/^Password does not conform to policy: /, '')}`;
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return 'That code is wrong or has expired.';
    default:
      return error.message;
  }
}
