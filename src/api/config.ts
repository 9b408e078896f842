/**
 * What the API Lambda reads from its environment, once, at cold start (via shared/config.ts).
 * Upload caps and URL lifetimes are configuration so an environment can tighten them without a
 * code change.
 */
import { awsRuntimeSpec, type AwsRuntimeConfig, boolean, ConfigError, integer, loadConfig, string, stringMap, type VariableReader } from '../shared/config.js';
import { DEFAULT_MAX_BYTES } from '../shared/media-types.js';
import { MIN_CURSOR_KEY_LENGTH } from './cursor.js';

export interface ApiConfig extends AwsRuntimeConfig {
  readonly TABLE_NAME: string;
  readonly ORIGINALS_BUCKET: string;
  readonly DERIVED_BUCKET: string;
  /** The album deleter's queue: deleting an album closes it here and leaves its media to the deleter. */
  readonly ALBUM_DELETION_QUEUE_URL: string;
  /**
   * The `x-origin-verify` value CloudFront adds to every API request; requests without it answer
   * 403 (src/api/origin-verify.ts). Empty (the local stack) turns the check off.
   */
  readonly ORIGIN_VERIFY_SECRET: string;
  /**
   * HMAC key for pagination cursors (at least 32 characters); rotating it invalidates open cursors
   * only. Exactly one of CURSOR_KEY (the key itself, as `make dev` sets it) and
   * CURSOR_KEY_PARAMETER (the name of an SSM SecureString holding it, as Terraform sets it) is set.
   */
  readonly CURSOR_KEY: string;
  readonly CURSOR_KEY_PARAMETER: string;
  readonly IMAGE_MAX_BYTES: number;
  readonly VIDEO_MAX_BYTES: number;
  /** Lifetime of a presigned upload POST. */
  readonly UPLOAD_URL_TTL_SECONDS: number;
  /** How long an issued upload may stay `uploading` before DynamoDB's TTL removes its record. */
  readonly UPLOAD_RECORD_TTL_SECONDS: number;
  /** Lifetime of a signed media URL, counted from the start of the window it was signed in. */
  readonly MEDIA_URL_TTL_SECONDS: number;
  /**
   * How long a media object keeps the same signed URL (so browsers can cache it); shorter than the
   * TTL, a quarter of it when unset. Every URL handed out is valid for at least TTL − window.
   */
  readonly MEDIA_URL_WINDOW_SECONDS: number;
  /** `s3` (presigned GET, local) or `cloudfront` (signed URLs through the distribution, AWS). */
  readonly MEDIA_URL_SIGNER: string;
  readonly CLOUDFRONT_DOMAIN: string;
  /**
   * Only for a signing-key parameter that still holds a bare PEM key: its public key's ID. The
   * parameter's JSON (`keyPairId` beside `privateKey`, signing-key.ts) takes precedence.
   */
  readonly CLOUDFRONT_KEY_PAIR_ID: string;
  /** SSM SecureString parameter holding the signing key and its key pair ID (signing-key.ts). */
  readonly CLOUDFRONT_PRIVATE_KEY_PARAMETER: string;
  readonly MAX_BODY_BYTES: number;
  /** Each processor's queue URL by processor name, as JSON: where a retry sends a failed item. */
  readonly PROCESSOR_QUEUE_URLS: Readonly<Record<string, string>>;
  /** Lifetime of an original's download URL; shorter than MEDIA_URL_TTL_SECONDS. */
  readonly ORIGINAL_URL_TTL_SECONDS: number;
  /**
   * Presigned upload POSTs go to the bucket's S3 Transfer Acceleration endpoint
   * (`<bucket>.s3-accelerate.amazonaws.com`); the bucket must have acceleration enabled.
   */
  readonly S3_ACCELERATE_UPLOADS: boolean;
}

/** An integer that may be left unset, for a default derived from another variable. */
const optionalInteger = (options: { min?: number; max?: number }): VariableReader<number | undefined> => ({
  read: (name, env) => (env[name]?.trim() ? integer(options).read(name, env) : undefined),
});

type ApiEnvironment = Omit<ApiConfig, 'MEDIA_URL_WINDOW_SECONDS'> & { readonly MEDIA_URL_WINDOW_SECONDS: number | undefined };

export function loadApiConfig(env?: Readonly<Record<string, string | undefined>>): Readonly<ApiConfig> {
  const read = loadConfig<ApiEnvironment>(
    {
      ...awsRuntimeSpec,
      TABLE_NAME: string(),
      ORIGINALS_BUCKET: string(),
      DERIVED_BUCKET: string(),
      ALBUM_DELETION_QUEUE_URL: string(),
      ORIGIN_VERIFY_SECRET: string(''),
      CURSOR_KEY: string(''),
      CURSOR_KEY_PARAMETER: string(''),
      IMAGE_MAX_BYTES: integer({ fallback: DEFAULT_MAX_BYTES.image, min: 1 }),
      VIDEO_MAX_BYTES: integer({ fallback: DEFAULT_MAX_BYTES.video, min: 1 }),
      UPLOAD_URL_TTL_SECONDS: integer({ fallback: 900, min: 60, max: 7 * 24 * 3600 }),
      UPLOAD_RECORD_TTL_SECONDS: integer({ fallback: 24 * 3600, min: 3600 }),
      MEDIA_URL_TTL_SECONDS: integer({ fallback: 3600, min: 60, max: 7 * 24 * 3600 }),
      MEDIA_URL_WINDOW_SECONDS: optionalInteger({ min: 1 }),
      MEDIA_URL_SIGNER: string('s3'),
      CLOUDFRONT_DOMAIN: string(''),
      CLOUDFRONT_KEY_PAIR_ID: string(''),
      CLOUDFRONT_PRIVATE_KEY_PARAMETER: string(''),
      MAX_BODY_BYTES: integer({ fallback: 16 * 1024, min: 1024, max: 1024 * 1024 }),
      PROCESSOR_QUEUE_URLS: stringMap(),
      ORIGINAL_URL_TTL_SECONDS: integer({ fallback: 300, min: 60, max: 3600 }),
      S3_ACCELERATE_UPLOADS: boolean(false),
    },
    env,
  );
  const config: Readonly<ApiConfig> = Object.freeze({ ...read, MEDIA_URL_WINDOW_SECONDS: read.MEDIA_URL_WINDOW_SECONDS ?? Math.floor(read.MEDIA_URL_TTL_SECONDS / 4) });
  if (Boolean(config.CURSOR_KEY) === Boolean(config.CURSOR_KEY_PARAMETER)) {
    throw new ConfigError('exactly one of the environment variables CURSOR_KEY and CURSOR_KEY_PARAMETER (an SSM SecureString name) must be set');
  }
  if (config.CURSOR_KEY && config.CURSOR_KEY.length < MIN_CURSOR_KEY_LENGTH) {
    throw new ConfigError(`environment variable CURSOR_KEY must be at least ${MIN_CURSOR_KEY_LENGTH} characters`);
  }
  if (config.ORIGIN_VERIFY_SECRET && config.ORIGIN_VERIFY_SECRET.length < 32) {
    throw new ConfigError('environment variable ORIGIN_VERIFY_SECRET must be at least 32 characters (or empty, to accept requests from anywhere)');
  }
  // Transfer Acceleration has only virtual-hosted endpoints.
  if (config.S3_ACCELERATE_UPLOADS && config.S3_FORCE_PATH_STYLE) {
    throw new ConfigError('environment variables S3_ACCELERATE_UPLOADS and S3_FORCE_PATH_STYLE cannot both be true');
  }
  // A POST signed to outlive its record would land bytes for a media item TTL has already removed.
  if (config.UPLOAD_RECORD_TTL_SECONDS < config.UPLOAD_URL_TTL_SECONDS) {
    throw new ConfigError(
      `environment variable UPLOAD_RECORD_TTL_SECONDS (${config.UPLOAD_RECORD_TTL_SECONDS}) must be at least UPLOAD_URL_TTL_SECONDS (${config.UPLOAD_URL_TTL_SECONDS}): an upload URL must not outlive its record`,
    );
  }
  // A window as long as the TTL would hand out URLs that expire the moment they are served.
  if (config.MEDIA_URL_WINDOW_SECONDS >= config.MEDIA_URL_TTL_SECONDS) {
    throw new ConfigError(
      `environment variable MEDIA_URL_WINDOW_SECONDS (${config.MEDIA_URL_WINDOW_SECONDS}) must be less than MEDIA_URL_TTL_SECONDS (${config.MEDIA_URL_TTL_SECONDS}): a URL is valid for at least TTL minus window`,
    );
  }
  if (config.MEDIA_URL_SIGNER !== 's3' && config.MEDIA_URL_SIGNER !== 'cloudfront') {
    throw new ConfigError(`environment variable MEDIA_URL_SIGNER must be s3 or cloudfront, got "${config.MEDIA_URL_SIGNER}"`);
  }
  if (config.MEDIA_URL_SIGNER === 'cloudfront') {
    const missing = (['CLOUDFRONT_DOMAIN', 'CLOUDFRONT_PRIVATE_KEY_PARAMETER'] as const).filter((name) => !config[name]);
    if (missing.length > 0) throw new ConfigError(missing.map((name) => `environment variable ${name} is required when MEDIA_URL_SIGNER is cloudfront`).join('; '));
  }
  return config;
}
