/**
 * What every processor reports, as CloudWatch metrics in the embedded metric format (JSON lines on
 * stdout that CloudWatch Logs turns into metrics; no PutMetricData call, no extra permission):
 * `processed` with its `duration`, and `rejected` per rejection code, under the processor's name
 * as the `service` dimension.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The namespace unless POWERTOOLS_METRICS_NAMESPACE names another (Terraform sets one per environment). */
const DEFAULT_NAMESPACE = 'PhotoAlbum';

export interface ProcessorMetrics {
  processed(durationMs: number): void;
  rejected(code: string): void;
  /** Writes what was recorded; a no-op when nothing was. */
  flush(): void;
}

export function processorMetrics(processor: string, metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_NAMESPACE, serviceName: processor })): ProcessorMetrics {
  return {
    processed: (durationMs) => {
      metrics.addMetric('processed', MetricUnit.Count, 1);
      metrics.addMetric('duration', MetricUnit.Milliseconds, durationMs);
    },
    rejected: (code) => {
      // Its own blob, so the code dimension stays off the processed and duration metrics.
      const single = metrics.singleMetric();
      single.addDimension('code', code);
      single.addMetric('rejected', MetricUnit.Count, 1);
    },
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
