/**
 * The web app's runtime configuration, served as `/config.json` next to `index.html`. One build
 * serves every environment: `make dev` writes it from the local stack, `make deploy-web` from the
 * environment's Terraform outputs. Pure, so the browser bundle, the local server and the deploy
 * command share one definition.
 */
import type { MediaClass } from './registry.js';

export interface WebConfig {
  /** Where `/api/*` lives; empty for the page's own origin (CloudFront, and the local server). */
  readonly apiBase: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** The Cognito user pools endpoint the browser calls: `https://cognito-idp.<region>.amazonaws.com/` in AWS, moto locally. */
  readonly cognitoEndpoint: string;
  /** Whether people may create their own accounts (Cognito SignUp with an emailed code). */
  readonly selfSignUp: boolean;
  /** The API's per-class upload caps, so the browser refuses an oversized file before asking. */
  readonly maxUploadBytes: Readonly<Record<MediaClass, number>>;
}

export const WEB_CONFIG_PATH = '/config.json';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const positiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** The config when `value` is a complete one, else a list of what is wrong with it. */
export function parseWebConfig(value: unknown): { config: WebConfig } | { problems: string[] } {
  const problems: string[] = [];
  if (!isObject(value)) return { problems: ['the web config is not a JSON object'] };
  for (const field of ['apiBase', 'region', 'userPoolId', 'userPoolClientId', 'cognitoEndpoint'] as const) {
    if (typeof value[field] !== 'string') problems.push(`${field} must be a string`);
  }
  for (const field of ['region', 'userPoolId', 'userPoolClientId', 'cognitoEndpoint'] as const) {
    if (value[field] === '') problems.push(`${field} must not be empty`);
  }
  if (typeof value.cognitoEndpoint === 'string' && !/^https?:\/\/[^/]+\/?$/.test(value.cognitoEndpoint)) problems.push('cognitoEndpoint must be an origin such as https://cognito-idp.ap-southeast-2.amazonaws.com/');
  if (typeof value.selfSignUp !== 'boolean') problems.push('selfSignUp must be true or false');
  const caps = value.maxUploadBytes;
  if (!isObject(caps) || !positiveInteger(caps.image) || !positiveInteger(caps.video)) problems.push('maxUploadBytes must give a positive whole number of bytes for image and video');
  return problems.length > 0 ? { problems } : { config: value as unknown as WebConfig };
}
