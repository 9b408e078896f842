/**
 * Quota preflight: what an environment needs of the account's Service Quotas (from the processor
 * registry and the environment's tfvars) against what the account has, and the increases to
 * request before the first apply. A new account can start at 10 concurrent Lambda executions and
 * 6 Fargate vCPU; Terraform applies fine against them and the pipeline then throttles, so this
 * runs before `make apply` (`make preflight ENV=...`).
 *
 * Plain functions; the Service Quotas client is a parameter (`preflight-main.ts` makes the real one).
 */
import type { Registry } from '../shared/registry.js';
import { type HclValue, readTfvars, readVariableDefaults, stringSetting, wholeNumberOrNull } from './tfvars.js';

export class PreflightError extends Error {
  override name = 'PreflightError';
}

/** A quota in Service Quotas. Only codes checked against AWS's quota listings are here. */
export interface QuotaRef {
  readonly serviceCode: string;
  readonly quotaCode: string;
  readonly name: string;
}

export const QUOTAS = {
  lambdaConcurrency: { serviceCode: 'lambda', quotaCode: 'L-B99A9384', name: 'Lambda: Concurrent executions' },
  fargateOnDemandVcpu: { serviceCode: 'fargate', quotaCode: 'L-3032A538', name: 'Fargate On-Demand vCPU resource count' },
  fargateSpotVcpu: { serviceCode: 'fargate', quotaCode: 'L-36FBB829', name: 'Fargate Spot vCPU resource count' },
} as const satisfies Record<string, QuotaRef>;

/**
 * AWS keeps this much of an account's concurrency unreserved once any function reserves some
 * ("you can reserve up to the unreserved account concurrency minus 100"); the sweeper always
 * reserves 1, so below this the apply itself fails on PutFunctionConcurrency.
 */
export const LAMBDA_UNRESERVED_MINIMUM = 100;

/** What the environment's tfvars (and the root and worker module defaults) set that the needs depend on. */
export interface PreflightSettings {
  readonly environment: string;
  readonly region: string;
  readonly processorMaxConcurrency: number | null;
  readonly workerMaxTasks: number | null;
  readonly apiReservedConcurrency: number | null;
  readonly apiThrottlingRateLimit: number;
  readonly spotWeight: number;
  readonly onDemandWeight: number;
}

/** Per-call times the needs are estimated from (`capacity/compute.json`). */
export interface ComputeFigures {
  readonly apiMs: number;
  readonly rekognitionProcessorMs: number;
}

export interface HclSources {
  /** `terraform/environments/<env>.tfvars` */
  readonly tfvars: string;
  /** `terraform/variables.tf` */
  readonly rootVariables: string;
  /** `terraform/modules/fargate-worker/variables.tf`: the Spot/on-demand weights the root leaves at their defaults. */
  readonly workerVariables: string;
}

export function settingsFrom(sources: HclSources): PreflightSettings {
  const tfvars = readTfvars(sources.tfvars);
  const defaults = readVariableDefaults(sources.rootVariables);
  const worker = readVariableDefaults(sources.workerVariables);
  const none = new Map<string, HclValue>();
  const required = (name: string, from: ReadonlyMap<string, HclValue>, fallback: ReadonlyMap<string, HclValue>): number => {
    const value = wholeNumberOrNull(name, from, fallback);
    if (value === null) throw new PreflightError(`${name} has no value to read`);
    return value;
  };
  return {
    environment: stringSetting('environment', tfvars, defaults),
    region: stringSetting('region', tfvars, defaults),
    processorMaxConcurrency: wholeNumberOrNull('processor_max_concurrency', tfvars, defaults),
    workerMaxTasks: wholeNumberOrNull('worker_max_tasks', tfvars, defaults),
    apiReservedConcurrency: wholeNumberOrNull('api_reserved_concurrency', tfvars, defaults),
    apiThrottlingRateLimit: required('api_throttling_rate_limit', tfvars, defaults),
    spotWeight: required('spot_weight', none, worker),
    onDemandWeight: required('on_demand_weight', none, worker),
  };
}

export interface QuotaNeed {
  readonly quota: QuotaRef;
  readonly need: number;
  /** Where the figure comes from, one line per contribution. */
  readonly reasons: readonly string[];
}

/** A need with no verified quota code to read it against: printed, never fails the preflight. */
export interface Advisory {
  readonly name: string;
  readonly need: number;
  readonly note: string;
}

export interface Needs {
  readonly quotas: readonly QuotaNeed[];
  readonly advisories: readonly Advisory[];
}

const capped = (value: number, cap: number | null): number => Math.min(value, cap ?? value);

/** What the environment asks of each quota at its caps (the most it can use at once). */
export function quotaNeeds(registry: Registry, settings: PreflightSettings, compute: ComputeFigures): Needs {
  // Lambda: each queue mapping's maximum concurrency is what it can take from the unreserved pool;
  // the same caps Terraform computes (locals.tf, jobs.tf).
  const unreserved: string[] = [];
  let unreservedNeed = 0;
  for (const p of registry.processors.filter((p) => p.runtime === 'lambda')) {
    const n = capped(p.maxConcurrency, settings.processorMaxConcurrency);
    unreservedNeed += n;
    unreserved.push(`${p.name}: maximum concurrency ${n}`);
  }
  const reserved: string[] = [];
  let reservedNeed = 0;
  for (const job of registry.jobs) {
    if (job.trigger.kind === 'queue') {
      const n = capped(job.maxConcurrency ?? 0, settings.processorMaxConcurrency);
      unreservedNeed += n;
      unreserved.push(`${job.name}: maximum concurrency ${n}`);
    } else {
      // jobs.tf reserves 1 for a scheduled job: one run at a time.
      reservedNeed += 1;
      reserved.push(`${job.name}: reserved 1`);
    }
  }
  if (settings.apiReservedConcurrency !== null) {
    reservedNeed += settings.apiReservedConcurrency;
    reserved.push(`api: reserved ${settings.apiReservedConcurrency} (api_reserved_concurrency)`);
  } else {
    // Little's law: requests in flight = arrival rate x time in the function, at the stage's
    // steady throttle rate, which is the most API Gateway lets through for long.
    const n = Math.ceil((settings.apiThrottlingRateLimit * compute.apiMs) / 1000);
    unreservedNeed += n;
    unreserved.push(`api: ${n} (${settings.apiThrottlingRateLimit} requests/s throttle x ${compute.apiMs} ms)`);
  }
  const pool = reservedNeed > 0 ? Math.max(unreservedNeed, LAMBDA_UNRESERVED_MINIMUM) : unreservedNeed;
  const lambdaReasons = [...reserved, ...unreserved];
  if (pool > unreservedNeed) lambdaReasons.push(`unreserved pool raised from ${unreservedNeed} to ${LAMBDA_UNRESERVED_MINIMUM}: AWS keeps ${LAMBDA_UNRESERVED_MINIMUM} unreserved once a function reserves concurrency`);
  const quotas: QuotaNeed[] = [{ quota: QUOTAS.lambdaConcurrency, need: reservedNeed + pool, reasons: lambdaReasons }];

  // Fargate: the service spreads its tasks over FARGATE_SPOT and FARGATE by weight with no base,
  // and ECS does not move a task to the other provider when one is short, so each quota must hold
  // its own share at the most tasks. Rounded up on both sides: a small count is not split exactly.
  let onDemand = 0;
  let spot = 0;
  const onDemandReasons: string[] = [];
  const spotReasons: string[] = [];
  const weights = settings.spotWeight + settings.onDemandWeight;
  for (const p of registry.processors.filter((p) => p.runtime === 'fargate')) {
    const tasks = capped(p.maxConcurrency, settings.workerMaxTasks);
    const vcpu = (p.cpu ?? 0) / 1024;
    const onDemandTasks = Math.ceil((tasks * settings.onDemandWeight) / weights);
    const spotTasks = Math.ceil((tasks * settings.spotWeight) / weights);
    onDemand += onDemandTasks * vcpu;
    spot += spotTasks * vcpu;
    onDemandReasons.push(`${p.name}: ${onDemandTasks} of ${tasks} tasks on FARGATE x ${vcpu} vCPU (weights ${settings.onDemandWeight}:${settings.spotWeight})`);
    spotReasons.push(`${p.name}: ${spotTasks} of ${tasks} tasks on FARGATE_SPOT x ${vcpu} vCPU (weights ${settings.spotWeight}:${settings.onDemandWeight})`);
  }
  if (onDemandReasons.length > 0) {
    quotas.push({ quota: QUOTAS.fargateOnDemandVcpu, need: onDemand, reasons: onDemandReasons });
    quotas.push({ quota: QUOTAS.fargateSpotVcpu, need: spot, reasons: spotReasons });
  }

  // Rekognition: the processors handle a batch's records in parallel, so the caps allow
  // concurrency x batch size calls in flight. Its TPS quota codes are not in the verified table,
  // so these are printed for the operator to compare by hand.
  const rekognition = new Map<string, { need: number; from: string[] }>();
  const rekognitionCall: Readonly<Record<string, string>> = { 'image-labels': 'DetectLabels', 'image-moderation': 'DetectModerationLabels', 'poster-moderation': 'DetectModerationLabels' };
  for (const p of registry.processors.filter((p) => p.runtime === 'lambda' && p.name in rekognitionCall)) {
    const call = rekognitionCall[p.name]!;
    const inFlight = capped(p.maxConcurrency, settings.processorMaxConcurrency) * p.batchSize;
    const entry = rekognition.get(call) ?? { need: 0, from: [] };
    entry.need += (inFlight * 1000) / compute.rekognitionProcessorMs;
    entry.from.push(p.name);
    rekognition.set(call, entry);
  }
  const advisories = [...rekognition].map(([call, { need, from }]) => ({
    name: `Rekognition: ${call} transactions per second`,
    need: Math.ceil(need),
    note: `${from.join(', ')} at their caps, ${compute.rekognitionProcessorMs} ms a call; a throttled call goes back to the queue, and past the registry's receiveLimit to the DLQ`,
  }));
  return { quotas, advisories };
}

/** The part of the Service Quotas client the preflight calls (the SDK's aggregated `ServiceQuotas` client fits). */
export interface ServiceQuotasReader {
  getServiceQuota(input: { ServiceCode: string; QuotaCode: string }): Promise<QuotaOutput>;
  getAWSDefaultServiceQuota(input: { ServiceCode: string; QuotaCode: string }): Promise<QuotaOutput>;
}

export interface QuotaOutput {
  readonly Quota?: { readonly Value?: number; readonly Adjustable?: boolean; readonly QuotaName?: string };
}

export interface QuotaValue {
  readonly value: number;
  /** `applied`: the account's value (an increase, or the default as applied); `default`: AWS's default, no applied value exists. */
  readonly source: 'applied' | 'default';
  readonly adjustable: boolean;
}

const isNoSuchResource = (error: unknown): boolean => error instanceof Error && error.name === 'NoSuchResourceException';

/** The account's value of one quota: the applied value, else AWS's default for it. */
export async function readQuota(client: ServiceQuotasReader, ref: QuotaRef): Promise<QuotaValue> {
  const input = { ServiceCode: ref.serviceCode, QuotaCode: ref.quotaCode };
  try {
    const applied = await client.getServiceQuota(input);
    if (applied.Quota?.Value !== undefined) return { value: applied.Quota.Value, source: 'applied', adjustable: applied.Quota.Adjustable ?? true };
  } catch (error) {
    // Some quotas have no applied value until someone changes them; their default is the limit.
    if (!isNoSuchResource(error)) throw error;
  }
  try {
    const fallback = await client.getAWSDefaultServiceQuota(input);
    if (fallback.Quota?.Value !== undefined) return { value: fallback.Quota.Value, source: 'default', adjustable: fallback.Quota.Adjustable ?? true };
  } catch (error) {
    if (!isNoSuchResource(error)) throw error;
  }
  throw new PreflightError(`unknown quota: Service Quotas has no ${ref.serviceCode} quota ${ref.quotaCode} (${ref.name}) in this Region`);
}

export interface QuotaRow extends QuotaValue {
  readonly need: QuotaNeed;
  readonly status: 'OK' | 'REQUEST';
}

export async function checkQuotas(client: ServiceQuotasReader, needs: readonly QuotaNeed[]): Promise<QuotaRow[]> {
  const rows: QuotaRow[] = [];
  for (const need of needs) {
    const quota = await readQuota(client, need.quota);
    rows.push({ ...quota, need, status: need.need > quota.value ? 'REQUEST' : 'OK' });
  }
  return rows;
}

export function requestCommand(row: QuotaRow, region: string): string {
  return `aws service-quotas request-service-quota-increase --region ${region} --service-code ${row.need.quota.serviceCode} --quota-code ${row.need.quota.quotaCode} --desired-value ${row.need.need}`;
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}

/** The report: a table of need against quota, what each need is made of, and the requests to make. */
export function reportLines(rows: readonly QuotaRow[], advisories: readonly Advisory[], settings: PreflightSettings): string[] {
  const lines = [`Quota preflight for ${settings.environment} in ${settings.region}`, ''];
  lines.push(...table(['quota', 'code', 'need', 'account', 'source', 'status'], rows.map((r) => [r.need.quota.name, r.need.quota.quotaCode, String(r.need.need), String(r.value), r.source, r.status])));
  lines.push('');
  for (const row of rows) {
    lines.push(`${row.need.quota.name} = ${row.need.need}:`);
    for (const reason of row.need.reasons) lines.push(`  ${reason}`);
  }
  if (advisories.length > 0) {
    lines.push('', 'Not checked (no verified quota code; compare in the Service Quotas console, service "rekognition"):');
    for (const a of advisories) lines.push(`  ${a.name}: up to ${a.need} (${a.note})`);
  }
  const short = rows.filter((r) => r.status === 'REQUEST');
  lines.push('');
  if (short.length === 0) {
    lines.push('All quotas hold what this environment needs.');
    return lines;
  }
  lines.push(`Request ${short.length === 1 ? 'this increase' : 'these increases'} before the first apply (new accounts wait hours to days for them):`);
  for (const row of short) {
    lines.push(`  ${row.need.quota.name}: ${row.value} -> ${row.need.need} (+${row.need.need - row.value})${row.adjustable ? '' : ': NOT adjustable, lower the caps in the tfvars or the registry instead'}`);
    lines.push(`  ${requestCommand(row, settings.region)}`);
  }
  return lines;
}
