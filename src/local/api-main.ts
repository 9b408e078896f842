/**
 * The local API: `node --import tsx src/local/api-main.ts`, the same handler Lambda runs behind
 * API Gateway, with the built web app and its `/config.json` beside it when dev.ts passes them.
 */
import { handler } from '../api/handler.js';
import { ConfigError } from '../shared/config.js';
import { parseWebConfig, type WebConfig } from '../shared/web-config.js';
import { createApiServer } from './api-server.js';
import { cognitoTokenVerifier, motoJwksUrl } from './cognito.js';
import { apiHostConfig } from './runtime-config.js';

const config = apiHostConfig();
const verifyToken =
  config.LOCAL_USER_POOL_ID && config.LOCAL_USER_POOL_CLIENT_ID && config.AWS_ENDPOINT_URL
    ? cognitoTokenVerifier({
        userPoolId: config.LOCAL_USER_POOL_ID,
        clientId: config.LOCAL_USER_POOL_CLIENT_ID,
        region: config.AWS_REGION,
        jwksUrl: motoJwksUrl(config.AWS_ENDPOINT_URL, config.LOCAL_USER_POOL_ID),
      })
    : undefined;

/** A malformed config fails the start, not the browser's first page load. */
function webConfigFrom(json: string): WebConfig | undefined {
  if (!json) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError('environment variable WEB_CONFIG must be JSON');
  }
  const parsed = parseWebConfig(value);
  if ('problems' in parsed) throw new ConfigError(`environment variable WEB_CONFIG: ${parsed.problems.join('; ')}`);
  return parsed.config;
}

const webConfig = webConfigFrom(config.WEB_CONFIG);
const server = createApiServer({
  handler,
  ...(verifyToken ? { verifyToken } : {}),
  ...(config.WEB_ROOT ? { webRoot: config.WEB_ROOT } : {}),
  ...(webConfig ? { webConfig } : {}),
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

server.listen(config.PORT, config.HOST, () => {
  process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'local-api', message: 'listening', url: `http://${config.HOST}:${config.PORT}` })}\n`);
});
