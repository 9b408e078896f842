import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import compute from '../../capacity/compute.json' with { type: 'json' };
import { checkQuotas, PreflightError, type PreflightSettings, type QuotaOutput, quotaNeeds, QUOTAS, readQuota, reportLines, requestCommand, type ServiceQuotasReader, settingsFrom } from '../../src/cli/preflight.js';
import { projectRoot } from '../../src/local/paths.js';
import { registry } from '../../src/shared/registry.js';

const terraform = join(projectRoot, 'terraform');
const settingsOf = (env: string): PreflightSettings =>
  settingsFrom({
    tfvars: readFileSync(join(terraform, 'environments', `${env}.tfvars`), 'utf8'),
    rootVariables: readFileSync(join(terraform, 'variables.tf'), 'utf8'),
    workerVariables: readFileSync(join(terraform, 'modules', 'fargate-worker', 'variables.tf'), 'utf8'),
  });

class NoSuchResourceException extends Error {
  override name = 'NoSuchResourceException';
}

type Key = `${string}/${string}`;
/** A Service Quotas stand-in: applied values, default values, every call recorded. */
function stubClient(applied: Record<Key, number>, defaults: Record<Key, number> = {}): ServiceQuotasReader & { calls: string[] } {
  const calls: string[] = [];
  const answer = (kind: string, values: Record<Key, number>) => (input: { ServiceCode: string; QuotaCode: string }): Promise<QuotaOutput> => {
    const key: Key = `${input.ServiceCode}/${input.QuotaCode}`;
    calls.push(`${kind} ${key}`);
    const value = values[key];
    return value === undefined ? Promise.reject(new NoSuchResourceException(`no ${key}`)) : Promise.resolve({ Quota: { Value: value, Adjustable: true } });
  };
  return { calls, getServiceQuota: answer('applied', applied), getAWSDefaultServiceQuota: answer('default', defaults) };
}

const LAMBDA: Key = 'lambda/L-B99A9384';
const ON_DEMAND: Key = 'fargate/L-3032A538';
const SPOT: Key = 'fargate/L-36FBB829';

describe('quota preflight', () => {
  describe('needs', () => {
    it('prod: every Lambda cap plus the sweeper, the API and the unreserved minimum; 20 tasks of 2 vCPU split 4:1', () => {
      const { quotas, advisories } = quotaNeeds(registry, settingsOf('prod'), compute);
      const need = Object.fromEntries(quotas.map((q) => [q.quota.quotaCode, q.need]));
      // 50 + 20 + 20 + 5 processors, album-deleter 5, API 500/s x 40 ms = 20 unreserved; sweeper 1 reserved.
      expect(need['L-B99A9384']).to.equal(121);
      // 20 tasks: 4 on FARGATE and 16 on FARGATE_SPOT, 2 vCPU each (40 vCPU in all).
      expect(need['L-3032A538']).to.equal(8);
      expect(need['L-36FBB829']).to.equal(32);
      // image-labels 20 x 10 records / 0.3 s; image-moderation 20 x 10 and poster-moderation 5 x 10.
      expect(advisories.map((a) => [a.name, a.need])).to.deep.equal([
        ['Rekognition: DetectLabels transactions per second', 667],
        ['Rekognition: DetectModerationLabels transactions per second', 834],
      ]);
    });

    it('dev: the caps of 5 and 2 tasks; the reservation lifts the pool to the 100 AWS keeps unreserved', () => {
      const { quotas } = quotaNeeds(registry, settingsOf('dev'), compute);
      const lambda = quotas.find((q) => q.quota === QUOTAS.lambdaConcurrency)!;
      // 4 processors x 5 + album-deleter 5 + API 1 = 26 unreserved, raised to 100; + sweeper 1.
      expect(lambda.need).to.equal(101);
      expect(lambda.reasons.join('\n')).to.match(/unreserved pool raised from 26 to 100/);
      // 2 tasks: 1 on FARGATE and 2 on FARGATE_SPOT (each side rounded up), 2 vCPU each.
      expect(quotas.map((q) => q.need)).to.deep.equal([101, 2, 4]);
    });

    it('a reserved API counts in full', () => {
      const { quotas } = quotaNeeds(registry, { ...settingsOf('prod'), apiReservedConcurrency: 200 }, compute);
      // 100 unreserved (95 processors + album-deleter 5) + sweeper 1 + API 200.
      expect(quotas[0]!.need).to.equal(301);
    });
  });

  describe('against the account', () => {
    it('all OK: exit status clean and no request printed', async () => {
      const client = stubClient({ [LAMBDA]: 1000, [ON_DEMAND]: 4000, [SPOT]: 4000 });
      const settings = settingsOf('prod');
      const rows = await checkQuotas(client, quotaNeeds(registry, settings, compute).quotas);
      expect(rows.map((r) => [r.need.quota.quotaCode, r.status, r.source])).to.deep.equal([
        ['L-B99A9384', 'OK', 'applied'],
        ['L-3032A538', 'OK', 'applied'],
        ['L-36FBB829', 'OK', 'applied'],
      ]);
      const report = reportLines(rows, [], settings).join('\n');
      expect(report).to.match(/All quotas hold/);
      expect(report).not.to.match(/request-service-quota-increase/);
    });

    it('one short: a new account with 10 concurrent executions gets the exact increase and its command', async () => {
      const client = stubClient({ [LAMBDA]: 10, [ON_DEMAND]: 4000, [SPOT]: 4000 });
      const settings = settingsOf('prod');
      const rows = await checkQuotas(client, quotaNeeds(registry, settings, compute).quotas);
      expect(rows.filter((r) => r.status === 'REQUEST').map((r) => r.need.quota.quotaCode)).to.deep.equal(['L-B99A9384']);
      const report = reportLines(rows, [], settings);
      expect(report).to.include('  Lambda: Concurrent executions: 10 -> 121 (+111)');
      expect(report).to.include('  aws service-quotas request-service-quota-increase --region ap-southeast-2 --service-code lambda --quota-code L-B99A9384 --desired-value 121');
      expect(report.find((l) => l.startsWith('Lambda: Concurrent executions '))).to.match(/L-B99A9384\s+121\s+10\s+applied\s+REQUEST$/);
    });

    it('default-only quota: no applied value falls back to the AWS default, and says so', async () => {
      const client = stubClient({}, { [SPOT]: 6 });
      const quota = await readQuota(client, QUOTAS.fargateSpotVcpu);
      expect(quota).to.deep.equal({ value: 6, source: 'default', adjustable: true });
      expect(client.calls).to.deep.equal(['applied fargate/L-36FBB829', 'default fargate/L-36FBB829']);
      const rows = await checkQuotas(client, [{ quota: QUOTAS.fargateSpotVcpu, need: 32, reasons: [] }]);
      expect(requestCommand(rows[0]!, 'ap-southeast-2')).to.equal('aws service-quotas request-service-quota-increase --region ap-southeast-2 --service-code fargate --quota-code L-36FBB829 --desired-value 32');
    });

    it('unknown quota code: an error naming it, not a zero quota', async () => {
      const client = stubClient({ [LAMBDA]: 1000 });
      const bogus = { serviceCode: 'lambda', quotaCode: 'L-00000000', name: 'Lambda: no such quota' };
      try {
        await readQuota(client, bogus);
        expect.fail('an unknown quota code was accepted');
      } catch (error) {
        expect(error).to.be.instanceOf(PreflightError);
        expect((error as Error).message).to.equal('unknown quota: Service Quotas has no lambda quota L-00000000 (Lambda: no such quota) in this Region');
      }
    });

    it('other errors (credentials, throttling) are not mistaken for a missing value', async () => {
      const denied: ServiceQuotasReader = {
        getServiceQuota: () => Promise.reject(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' })),
        getAWSDefaultServiceQuota: () => Promise.resolve({ Quota: { Value: 1000 } }),
      };
      try {
        await readQuota(denied, QUOTAS.lambdaConcurrency);
        expect.fail('an access error was hidden behind the default value');
      } catch (error) {
        expect((error as Error).name).to.equal('AccessDeniedException');
      }
    });
  });
});
