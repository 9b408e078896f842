/** Lambda entry: sweeper, run on a schedule by EventBridge Scheduler (and periodically by `make dev`). */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

import { integer } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { jobEnvironment } from '../job-environment.js';
import { sweep, type SweepReport } from '../sweep.js';

const { config, ...deps } = jobEnvironment({ UPLOAD_URL_TTL_SECONDS: integer({ fallback: 900, min: 60 }) });
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PhotoAlbum', serviceName: 'sweeper' });

export const handler = async (_event: unknown, context: Context): Promise<SweepReport['outcomes']> => {
  logger.addContext(context);
  const report = await sweep(deps, { uploadWindowSeconds: config.UPLOAD_URL_TTL_SECONDS });
  metrics.addMetric('checked', MetricUnit.Count, report.checked);
  for (const [kind, counts] of Object.entries(report.outcomes)) {
    // One blob per kind, so the dashboard can graph what the sweeper keeps finding.
    const single = metrics.singleMetric();
    single.addDimension('kind', kind);
    single.addMetric('inconsistent', MetricUnit.Count, counts.repaired + counts['moved-on'] + counts['needs-a-person']);
    single.addMetric('needsAPerson', MetricUnit.Count, counts['needs-a-person']);
  }
  metrics.publishStoredMetrics();
  for (const finding of report.findings) logger.info('inconsistency', { ...finding });
  logger.info('sweep finished', { checked: report.checked, inconsistent: report.findings.length, outcomes: report.outcomes });
  return report.outcomes;
};
