/**
 * `make preflight ENV=<env>` (`tsx src/cli/preflight-main.ts --env <env>`): the environment's needs
 * from the registry and terraform/environments/<env>.tfvars against the account's Service Quotas
 * in the environment's Region, with the credentials in the shell. Prints a table and the
 * `aws service-quotas request-service-quota-increase` lines to run. Exit 1 when a quota is short,
 * 2 on a usage or read error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import compute from '../../capacity/compute.json' with { type: 'json' };
import { projectRoot } from '../local/paths.js';
import { registry } from '../shared/registry.js';
import { checkQuotas, quotaNeeds, reportLines, type ServiceQuotasReader, settingsFrom } from './preflight.js';

const USAGE = 'usage: make preflight ENV=dev|staging|prod   (or: npx tsx src/cli/preflight-main.ts --env <env> [--region <region>])';
// Held in a variable so TypeScript does not resolve it at build time: the package is not yet a
// dependency of this repository (see the README's Quota preflight).
const SERVICE_QUOTAS_PACKAGE = '@aws-sdk/client-service-quotas';

function isReaderConstructor(value: unknown): value is new (config: { region: string }) => ServiceQuotasReader {
  return typeof value === 'function';
}

async function serviceQuotasClient(region: string): Promise<ServiceQuotasReader> {
  let loaded: unknown;
  try {
    loaded = await import(SERVICE_QUOTAS_PACKAGE);
  } catch {
    throw new Error(`${SERVICE_QUOTAS_PACKAGE} is not installed: npm install --save-exact ${SERVICE_QUOTAS_PACKAGE}@3.1138.0`);
  }
  const ServiceQuotas = (loaded as { ServiceQuotas?: unknown }).ServiceQuotas;
  if (!isReaderConstructor(ServiceQuotas)) throw new Error(`${SERVICE_QUOTAS_PACKAGE} has no ServiceQuotas client`);
  return new ServiceQuotas({ region });
}

async function main(argv: string[]): Promise<number> {
  let env: string;
  let regionOverride: string | undefined;
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { env: { type: 'string' }, region: { type: 'string' } } });
    if (!values.env || !/^[a-z0-9-]+$/.test(values.env)) throw new Error('--env is required');
    env = values.env;
    regionOverride = values.region;
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const terraform = join(projectRoot, 'terraform');
  let tfvars: string;
  try {
    tfvars = readFileSync(join(terraform, 'environments', `${env}.tfvars`), 'utf8');
  } catch {
    console.error(`error: unknown ENV '${env}': there is no terraform/environments/${env}.tfvars\n${USAGE}`);
    return 2;
  }
  try {
    const settings = settingsFrom({
      tfvars,
      rootVariables: readFileSync(join(terraform, 'variables.tf'), 'utf8'),
      workerVariables: readFileSync(join(terraform, 'modules', 'fargate-worker', 'variables.tf'), 'utf8'),
    });
    const region = regionOverride ?? settings.region;
    const needs = quotaNeeds(registry, settings, compute);
    const rows = await checkQuotas(await serviceQuotasClient(region), needs.quotas);
    process.stdout.write(`${reportLines(rows, needs.advisories, { ...settings, region }).join('\n')}\n`);
    return rows.some((r) => r.status === 'REQUEST') ? 1 : 0;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
