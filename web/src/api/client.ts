/**
 * The API, typed from src/api/openapi.json (schema.d.ts is generated from it), with the session's
 * ID token on every call. A 401 gets one silent refresh and one retry; after that the session asks
 * the person to sign in again and the call waits for it rather than failing.
 */
import createClient, { type Client } from 'openapi-fetch';

import type { Session } from '../auth/session.js';
import type { components, paths } from './schema.js';

export type Album = components['schemas']['Album'];
export type AlbumCounts = components['schemas']['AlbumCounts'];
export type MonthCount = components['schemas']['MonthCount'];
export type Media = components['schemas']['Media'];
export type Variant = components['schemas']['Variant'];
export type UploadResponse = components['schemas']['UploadResponse'];
export type DuplicateUpload = components['schemas']['DuplicateUpload'];
export type LabelCount = components['schemas']['LabelPage']['items'][number];
export type BulkAction = components['schemas']['BulkMediaRequest']['action'];
export type BulkResult = components['schemas']['BulkMediaResult']['results'][number];
export type Share = components['schemas']['Share'];
export type CreatedShare = components['schemas']['CreatedShare'];
export type SharedAlbum = components['schemas']['SharedAlbum'];
export type SharedMedia = components['schemas']['SharedMedia'];
export type ApiClient = Client<paths>;

/** A refusal from the API, carrying its own message (shown to the person as is). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createApiClient(baseUrl: string, session: Session): ApiClient {
  const authorised = async (request: Request, token: string) => {
    const attempt = request.clone();
    attempt.headers.set('authorization', `Bearer ${token}`);
    return fetch(attempt);
  };
  return createClient<paths>({
    baseUrl: baseUrl || location.origin,
    fetch: async (request) => {
      const response = await authorised(request, await session.idToken());
      if (response.status !== 401) return response;
      return authorised(request, await session.tokenRejected());
    },
  });
}

type ErrorBody = components['schemas']['Error'];

/** The data of a successful call, or an ApiProblem with the API's code and message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error === undefined && result.response.ok) return result.data as T;
  const body = result.error as Partial<ErrorBody> | undefined;
  const status = result.response.status;
  throw new ApiProblem(status, body?.error?.code ?? `http_${status}`, body?.error?.message ?? `The server answered ${status}. Please try again.`);
}

export const problemMessage = (error: unknown): string =>
  error instanceof ApiProblem ? error.message : error instanceof TypeError ? 'The album service cannot be reached. Check your connection and try again.' : 'Something went wrong. Please try again.';
