/**
 * Only the CloudFront distribution may call the API. API Gateway's execute-api endpoint is public,
 * so a caller could otherwise skip the distribution and its WAF; CloudFront adds a secret header
 * to every request it forwards (Terraform: delivery.tf) and the API refuses requests without it.
 */
import { timingSafeEqual } from 'node:crypto';

import { errorResponse, ApiError } from './http.js';
import type { ApiEvent, ApiResult } from './router.js';

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

const sameSecret = (given: string | undefined, secret: Buffer): boolean => {
  if (given === undefined) return false;
  const candidate = Buffer.from(given);
  // timingSafeEqual needs equal lengths; the length itself is no secret worth hiding.
  return candidate.length === secret.length && timingSafeEqual(candidate, secret);
};

/** The route, behind the header check; without a secret (the local stack) every request passes. */
export function requireOriginSecret(secret: string, route: (event: ApiEvent) => Promise<ApiResult>): (event: ApiEvent) => Promise<ApiResult> {
  if (!secret) return route;
  const expected = Buffer.from(secret);
  return async (event) => {
    // API Gateway's payload 2.0 gives header names in lower case.
    if (!sameSecret(event.headers?.[ORIGIN_VERIFY_HEADER], expected)) {
      return errorResponse(new ApiError(403, 'forbidden', 'this API answers only through the site\'s own address'));
    }
    return route(event);
  };
}
