import type { Topology } from '../shared/topology.js';
import { type LocalAws, localAwsEnvironment } from './clients.js';

/** The environment Terraform gives every function and task, here pointed at moto. */
export function functionEnvironment(topology: Topology, aws: LocalAws, serviceName: string): Record<string, string> {
  return {
    ...localAwsEnvironment(aws),
    TABLE_NAME: topology.tableName,
    ORIGINALS_BUCKET: topology.buckets.originals,
    DERIVED_BUCKET: topology.buckets.derived,
    POWERTOOLS_SERVICE_NAME: serviceName,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}
