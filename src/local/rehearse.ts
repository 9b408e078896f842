/**
 * The apply rehearsal's plain parts (`make rehearse`, rehearse-main.ts wires them): what tofu's
 * output says, which planned changes are known moto gaps, which environment a local process gets
 * from what Terraform wrote into a Lambda function or a task definition, and the linked copy of
 * the repository that tofu works in.
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ApplySummary {
  readonly added: number;
  readonly changed: number;
  readonly destroyed: number;
}

/** `Apply complete! Resources: 233 added, 0 changed, 0 destroyed.`, the last one in the output. */
export function parseApplySummary(output: string): ApplySummary | undefined {
  const matches = [...stripAnsi(output).matchAll(/Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed\./g)];
  const last = matches.at(-1);
  return last ? { added: Number(last[1]), changed: Number(last[2]), destroyed: Number(last[3]) } : undefined;
}

/** `Destroy complete! Resources: 233 destroyed.` */
export function parseDestroySummary(output: string): number | undefined {
  const last = [...stripAnsi(output).matchAll(/Destroy complete! Resources: (\d+) destroyed\./g)].at(-1);
  return last ? Number(last[1]) : undefined;
}

export type PlanSummary = { readonly changes: false } | { readonly changes: true; readonly add: number; readonly change: number; readonly destroy: number };

/** What `tofu plan` printed last: `No changes.` or `Plan: 1 to add, 2 to change, 0 to destroy.` */
export function parsePlanSummary(output: string): PlanSummary | undefined {
  const text = stripAnsi(output);
  const plan = [...text.matchAll(/Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./g)].at(-1);
  const none = text.lastIndexOf('No changes.');
  if (plan && (plan.index ?? 0) > none) return { changes: true, add: Number(plan[1]), change: Number(plan[2]), destroy: Number(plan[3]) };
  return none >= 0 ? { changes: false } : undefined;
}

/** `40 ready, 16 failed, 0 lost`, the smoke command's last line. */
export function parseSmokeSummary(output: string): { readonly ready: number; readonly failed: number; readonly lost: number } | undefined {
  const last = [...stripAnsi(output).matchAll(/^(\d+) ready, (\d+) failed, (\d+) lost$/gm)].at(-1);
  return last ? { ready: Number(last[1]), failed: Number(last[2]), lost: Number(last[3]) } : undefined;
}

// tofu colours its output unless told not to; make plan does not tell it.
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
export const stripAnsi = (text: string): string => text.replace(ANSI_ESCAPE, '');

/** The `bucket = "..."` of a backend settings file (environments/<env>.backend.hcl). */
export function backendBucket(hcl: string): string | undefined {
  return /^\s*bucket\s*=\s*"([^"]+)"/m.exec(hcl)?.[1];
}

/** One entry of `resource_changes` in `tofu show -json <plan>`, as far as the rehearsal reads it. */
export interface ResourceChange {
  readonly address: string;
  readonly change: { readonly actions: readonly string[]; readonly before?: unknown; readonly after?: unknown };
}

/** A change that only moto causes, with the reason: the README lists the same ones. */
export interface MotoGap {
  /** Matches the resource address. */
  readonly address: RegExp;
  /** The top-level attributes whose difference the gap explains; any other difference is real. */
  readonly attributes: readonly string[];
  readonly reason: string;
}

export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
  /** Top-level attributes whose planned value differs from the state. */
  readonly attributes: readonly string[];
}

/** The changes a plan would make: every resource change that is not a no-op or a read. */
export function plannedChanges(changes: readonly ResourceChange[]): PlannedChange[] {
  return changes
    .filter(({ change }) => !change.actions.every((action) => action === 'no-op' || action === 'read'))
    .map(({ address, change }) => ({ address, actions: change.actions, attributes: differingAttributes(change.before, change.after) }));
}

function differingAttributes(before: unknown, after: unknown): string[] {
  const object = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const b = object(before);
  const a = object(after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((key) => JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null)).sort();
}

/** Splits planned changes into those a documented moto gap explains entirely and the rest. */
export function classifyChanges(changes: readonly PlannedChange[], gaps: readonly MotoGap[]): { readonly explained: PlannedChange[]; readonly unexplained: PlannedChange[] } {
  const explained: PlannedChange[] = [];
  const unexplained: PlannedChange[] = [];
  for (const change of changes) {
    const covering = gaps.filter((gap) => gap.address.test(change.address));
    const updateOnly = change.actions.length === 1 && change.actions[0] === 'update';
    const covered = updateOnly && change.attributes.length > 0 && change.attributes.every((attribute) => covering.some((gap) => gap.attributes.includes(attribute)));
    (covered ? explained : unexplained).push(change);
  }
  return { explained, unexplained };
}

/** What the Lambda runtime or the ECS agent adds to a function's or a task's own variables. */
export interface RuntimeEnvironment {
  readonly region: string;
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * A local process's environment: the variables Terraform wrote, unchanged, plus what AWS itself
 * provides there (the Region and the role's credentials) and moto's endpoint in place of AWS's.
 * `mounts` maps paths the task definition mounts (the worker's /scratch volume) to local folders,
 * in any variable whose value is exactly that path.
 */
export function localEnvironment(
  written: Readonly<Record<string, string>>,
  runtime: RuntimeEnvironment,
  mounts: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const variables = Object.fromEntries(Object.entries(written).map(([name, value]) => [name, mounts[value] ?? value]));
  return {
    ...variables,
    AWS_REGION: runtime.region,
    AWS_ENDPOINT_URL: runtime.endpoint,
    AWS_ACCESS_KEY_ID: runtime.accessKeyId,
    AWS_SECRET_ACCESS_KEY: runtime.secretAccessKey,
  };
}

/**
 * The custom headers CloudFront sends to one origin, from a distribution configuration as the
 * CloudFront API returns it (XML): what the rehearsal's stand-in for the distribution adds.
 */
export function distributionOriginHeaders(config: DistributionConfig | undefined, originId: string): Record<string, string> {
  const origin = config?.Origins?.Items?.find((item) => item.Id === originId);
  if (origin === undefined) throw new Error(`the distribution has no origin ${originId}`);
  return Object.fromEntries((origin.CustomHeaders?.Items ?? []).map((header) => [(header.HeaderName ?? '').toLowerCase(), header.HeaderValue ?? '']));
}

/** A container definition's `environment` list as a record; a name given twice is an error, as in ECS. */
export function containerEnvironment(environment: readonly { readonly name?: string; readonly value?: string }[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { name, value } of environment ?? []) {
    if (!name) continue;
    if (name in result) throw new Error(`the container definition sets ${name} twice`);
    result[name] = value ?? '';
  }
  return result;
}

/**
 * A copy of the repository for tofu to work in: real folders under `terraform/`, links to the
 * committed files, and one link per other entry of the repository (the root module reads
 * ../registry and ../dist). tofu writes its lock file, data directories and plans there, never
 * into terraform/ (the same reason as tools/tofu/validate-tf.sh).
 */
export function linkedTree(root: string, target: string, folder = 'terraform'): string {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (entry !== folder && entry !== '.git') symlinkSync(join(root, entry), join(target, entry));
  }
  const copy = (from: string, to: string): void => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (entry === '.terraform' || entry === '.terraform.lock.hcl' || entry.endsWith('.tfplan') || entry.includes('.tfstate')) continue;
      const source = join(from, entry);
      if (lstatSync(source).isDirectory()) copy(source, join(to, entry));
      else symlinkSync(source, join(to, entry));
    }
  };
  copy(join(root, folder), join(target, folder));
  return join(target, relative(root, join(root, folder)));
}
