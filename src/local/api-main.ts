/** The local API: `node --import tsx src/local/api-main.ts`, the same handler Lambda runs behind API Gateway. */
import { handler } from '../api/handler.js';
import { createApiServer } from './api-server.js';
import { apiHostConfig } from './runtime-config.js';

const config = apiHostConfig();
const server = createApiServer({ handler });

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

server.listen(config.PORT, config.HOST, () => {
  process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'local-api', message: 'listening', url: `http://${config.HOST}:${config.PORT}` })}\n`);
});
