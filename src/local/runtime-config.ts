/** What the local hosts read from their environment; dev.ts sets it for each child process. */
import { boolean, integer, loadConfig, string } from '../shared/config.js';

export const localHostConfig = () =>
  loadConfig({
    AWS_REGION: string(),
    AWS_ENDPOINT_URL: string(),
    LOCAL_QUEUE_URL: string(),
    LOCAL_QUEUE_ARN: string(),
    LOCAL_PROCESSOR: string(),
    // Concurrent invocations a local poller runs, as Lambda runs instances side by side; 0 is one
    // per core, never more than the registry's maxConcurrency.
    LOCAL_LAMBDA_CONCURRENCY: integer({ fallback: 0, min: 0, max: 64 }),
  });

export const scheduleHostConfig = () =>
  loadConfig({
    LOCAL_JOB: string(),
    // The registry's schedule unless dev.ts runs it more often locally.
    LOCAL_EVERY_SECONDS: integer({ fallback: 0, min: 0 }),
  });

export const apiHostConfig = () =>
  loadConfig({
    PORT: integer({ fallback: 3000, min: 1, max: 65535 }),
    HOST: string('127.0.0.1'),
    AWS_REGION: string('ap-southeast-2'),
    AWS_ENDPOINT_URL: string(''),
    // The local user pool whose tokens the adapter accepts; without one every request is anonymous.
    LOCAL_USER_POOL_ID: string(''),
    LOCAL_USER_POOL_CLIENT_ID: string(''),
    // The built web app (dist/web) served beside /api, and its /config.json as JSON; both optional.
    WEB_ROOT: string(''),
    WEB_CONFIG: string(''),
  });

export const devConfig = () =>
  loadConfig({
    PORT: integer({ fallback: 3000, min: 1, max: 65535 }),
    MOTO_PORT: integer({ fallback: 0, min: 0, max: 65535 }),
    AWS_REGION: string('ap-southeast-2'),
    LOCAL_PREFIX: string('photo-album-local'),
    // false reuses the dist/web already built, for test stacks started many times in one run.
    WEB_BUILD: boolean(true),
    // How often the local sweeper runs (AWS: the registry's schedule) and how long the album
    // deleter lets the album index settle (AWS: 60 s): shorter here so a local stack settles fast.
    DEV_SWEEP_EVERY_SECONDS: integer({ fallback: 300, min: 1 }),
    DEV_ALBUM_DELETION_SETTLE_SECONDS: integer({ fallback: 5, min: 0, max: 900 }),
    // 0 keeps each queue's visibility timeout from the registry. A fault test that kills pollers
    // sets a short one, so what they held comes back in seconds rather than minutes.
    DEV_VISIBILITY_TIMEOUT_SECONDS: integer({ fallback: 0, min: 0, max: 43_200 }),
  });
