/** The local API: `node --import tsx src/local/api-main.ts`, the same handler Lambda runs behind API Gateway. */
import { handler } from '../api/handler.js';
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
const server = createApiServer({ handler, ...(verifyToken ? { verifyToken } : {}) });

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

server.listen(config.PORT, config.HOST, () => {
  process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'local-api', message: 'listening', url: `http://${config.HOST}:${config.PORT}` })}\n`);
});
