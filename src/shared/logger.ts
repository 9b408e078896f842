import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One JSON logger per process. The service name comes from POWERTOOLS_SERVICE_NAME and the level
 * from POWERTOOLS_LOG_LEVEL, both set by Terraform and by the local stack.
 */
export const logger = new Logger();
