/**
 * Local identity: a Cognito user pool and app client in moto, users with real ID tokens, and the
 * verifier the local API adapter runs before it builds an event (what API Gateway's JWT
 * authorizer does in AWS): RS256 signature against the pool's JWKS, issuer, client and expiry.
 */
import { randomBytes } from 'node:crypto';

import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UsernameExistsException,
  type PasswordPolicyType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

import type { JwtClaims, TokenVerifier } from './api-server.js';
import { LOCAL_CREDENTIALS, type LocalAws } from './clients.js';

export interface LocalUserPool {
  readonly userPoolId: string;
  readonly clientId: string;
}

export const cognitoClient = ({ endpoint, region }: LocalAws): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });

/** The pool `<prefix>-users` and its web client (no secret), created once and found again after. */
export async function provisionUserPool(cognito: CognitoIdentityProviderClient, prefix: string): Promise<LocalUserPool> {
  const poolName = `${prefix}-users`;
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = UserPools.find((p) => p.Name === poolName)?.Id;
  if (!userPoolId) {
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: poolName,
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: false } },
      }),
    );
    userPoolId = UserPool?.Id;
  }
  if (!userPoolId) throw new Error(`no id for user pool ${poolName}`);
  const clientName = `${prefix}-web`;
  const { UserPoolClients = [] } = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = UserPoolClients.find((c) => c.ClientName === clientName)?.ClientId;
  if (!clientId) {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: clientName,
        GenerateSecret: false,
        // The browser signs in with USER_PASSWORD_AUTH: moto does not verify SRP proofs, so the
        // password flow is the one that actually checks passwords locally.
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error(`no id for user pool client ${clientName}`);
  return { userPoolId, clientId };
}

export interface LocalUser {
  readonly username: string;
  readonly sub: string;
  readonly idToken: string;
  readonly accessToken: string;
}

/** Creates the user (or resets an existing one's password) and signs in: fresh tokens every time. */
export async function createLocalUser(cognito: CognitoIdentityProviderClient, pool: LocalUserPool, username: string): Promise<LocalUser> {
  const password = `Local-${randomBytes(12).toString('base64url')}1a`;
  try {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS', TemporaryPassword: password }));
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
  }
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: username, Password: password, Permanent: true }));
  const { AuthenticationResult } = await cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const idToken = AuthenticationResult?.IdToken;
  const accessToken = AuthenticationResult?.AccessToken;
  if (!idToken || !accessToken) throw new Error(`Cognito issued no tokens for ${username}`);
  const sub = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')).sub as string;
  return { username, sub, idToken, accessToken };
}

/** Cognito's "special characters" for RequireSymbols. */
const COGNITO_SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/** What keeps `password` from the pool's policy, as sentences for a person; empty when it fits. */
export function passwordProblems(policy: PasswordPolicyType, password: string): string[] {
  const problems: string[] = [];
  const minimum = policy.MinimumLength ?? 8;
  if ([...password].length < minimum) problems.push(`it must be at least ${minimum} characters long`);
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) problems.push('it must contain an upper-case letter');
  if (policy.RequireLowercase && !/[a-z]/.test(password)) problems.push('it must contain a lower-case letter');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) problems.push('it must contain a digit');
  if (policy.RequireSymbols && ![...password].some((c) => COGNITO_SYMBOLS.has(c))) problems.push('it must contain a symbol such as ! or -');
  return problems;
}

export async function passwordPolicyOf(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<PasswordPolicyType> {
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  return UserPool?.Policies?.PasswordPolicy ?? {};
}

/**
 * Creates the user with this permanent password, or gives an existing one this password, then
 * signs in the way the browser does (USER_PASSWORD_AUTH with the web client) to prove it works.
 */
export async function setLocalUserPassword(cognito: CognitoIdentityProviderClient, pool: LocalUserPool, username: string, password: string): Promise<{ readonly created: boolean }> {
  let created = true;
  try {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS', TemporaryPassword: password }));
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
    created = false;
  }
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: username, Password: password, Permanent: true }));
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  if (!AuthenticationResult?.IdToken) throw new Error(`${username} cannot sign in with the new password: Cognito issued no tokens`);
  return { created };
}

export const issuerOf = (region: string, userPoolId: string): string => `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

export interface VerifierOptions extends LocalUserPool {
  readonly region: string;
  /** Where the pool's JWKS is served: moto answers `/{userPoolId}/.well-known/jwks.json`. */
  readonly jwksUrl: string;
  /** Overrides the key lookup (tests); by default the JWKS is fetched and cached. */
  readonly keys?: JWTVerifyGetKey;
}

/**
 * The claims of a valid `Bearer` token of this pool and client, else undefined. Like API Gateway's
 * JWT authorizer it takes ID tokens (`aud`) and access tokens (`client_id`).
 */
export function cognitoTokenVerifier(options: VerifierOptions): TokenVerifier {
  const keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl));
  const issuer = issuerOf(options.region, options.userPoolId);
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'], requiredClaims: ['sub', 'exp', 'token_use'] });
      const client = payload.token_use === 'access' ? payload.client_id : payload.token_use === 'id' ? payload.aud : undefined;
      if (client !== options.clientId) return undefined;
      return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== null && typeof v !== 'object' || Array.isArray(v))) as JwtClaims;
    } catch {
      return undefined;
    }
  };
}

export const motoJwksUrl = (endpoint: string, userPoolId: string): string => `${endpoint}/${userPoolId}/.well-known/jwks.json`;
