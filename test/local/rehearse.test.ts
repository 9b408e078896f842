/**
 * The apply rehearsal's plain parts (src/local/rehearse.ts): reading tofu's and the smoke
 * command's summaries, telling documented moto gaps from real changes in a plan, the environment a
 * local process gets from what Terraform wrote, and the linked copy tofu works in. The rehearsal
 * itself (`make rehearse`) needs the tofu build and is not part of `make test`.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { expect } from 'chai';

import {
  backendBucket,
  classifyChanges,
  containerEnvironment,
  distributionOriginHeaders,
  linkedTree,
  localEnvironment,
  parseApplySummary,
  parseDestroySummary,
  parsePlanSummary,
  parseSmokeSummary,
  plannedChanges,
  type MotoGap,
} from '../../src/local/rehearse.js';
import { MOTO_PLAN_GAPS } from '../../src/local/rehearse-gaps.js';

const ESC = String.fromCharCode(27);

describe('apply rehearsal', () => {
  describe('summaries', () => {
    it('reads the last apply summary, colours and all', () => {
      const output = `module.kms.aws_kms_key.this: Creation complete after 1s\n${ESC}[0m${ESC}[1m${ESC}[32mApply complete! Resources: 233 added, 0 changed, 0 destroyed.${ESC}[0m`;
      expect(parseApplySummary(output)).to.deep.equal({ added: 233, changed: 0, destroyed: 0 });
      expect(parseApplySummary('Error: creating CloudFront Cache Policy')).to.equal(undefined);
    });

    it('reads a plan that changes nothing and one that does', () => {
      expect(parsePlanSummary('No changes. Your infrastructure matches the configuration.')).to.deep.equal({ changes: false });
      expect(parsePlanSummary(`${ESC}[1mPlan:${ESC}[0m 0 to add, 3 to change, 1 to destroy.`)).to.deep.equal({ changes: true, add: 0, change: 3, destroy: 1 });
      expect(parsePlanSummary('Error: force_new_deployment should be true')).to.equal(undefined);
    });

    it('reads the destroy summary and the smoke command last line', () => {
      expect(parseDestroySummary('Destroy complete! Resources: 233 destroyed.')).to.equal(233);
      expect(parseSmokeSummary('ready   a.jpg  10x10  thumb\n40 ready, 16 failed, 0 lost\n')).to.deep.equal({ ready: 40, failed: 16, lost: 0 });
      expect(parseSmokeSummary('smoke: no local stack is running')).to.equal(undefined);
    });

    it('finds the state bucket of a backend settings file', () => {
      expect(backendBucket('# comment\nbucket       = "photo-album-tfstate-dev"\nkey = "x"\n')).to.equal('photo-album-tfstate-dev');
      expect(backendBucket('key = "x"')).to.equal(undefined);
    });
  });

  describe('planned changes', () => {
    const gaps: MotoGap[] = [{ address: /aws_lambda_function\.this$/, attributes: ['logging_config'], reason: 'moto drops LoggingConfig' }];

    it('keeps real changes, leaves out no-ops and reads, and names the attributes that differ', () => {
      const changes = plannedChanges([
        { address: 'module.a.aws_sqs_queue.this', change: { actions: ['no-op'], before: { name: 'q' }, after: { name: 'q' } } },
        { address: 'module.a.data.aws_iam_policy_document.this', change: { actions: ['read'] } },
        { address: 'module.b.aws_lambda_function.this', change: { actions: ['update'], before: { logging_config: [], memory_size: 128 }, after: { logging_config: [{ log_format: 'JSON' }], memory_size: 128 } } },
        { address: 'aws_sns_topic.alarms', change: { actions: ['delete', 'create'], before: { name: 'a' }, after: { name: 'b' } } },
      ]);
      expect(changes).to.deep.equal([
        { address: 'module.b.aws_lambda_function.this', actions: ['update'], attributes: ['logging_config'] },
        { address: 'aws_sns_topic.alarms', actions: ['delete', 'create'], attributes: ['name'] },
      ]);
    });

    it('calls a change explained only when a gap covers every attribute of an in-place update', () => {
      const { explained, unexplained } = classifyChanges(
        [
          { address: 'module.b.aws_lambda_function.this', actions: ['update'], attributes: ['logging_config'] },
          { address: 'module.c.aws_lambda_function.this', actions: ['update'], attributes: ['logging_config', 'timeout'] },
          { address: 'module.d.aws_lambda_function.this', actions: ['delete', 'create'], attributes: ['logging_config'] },
          { address: 'module.e.aws_sqs_queue.this', actions: ['update'], attributes: ['logging_config'] },
        ],
        gaps,
      );
      expect(explained.map((c) => c.address)).to.deep.equal(['module.b.aws_lambda_function.this']);
      expect(unexplained.map((c) => c.address)).to.deep.equal(['module.c.aws_lambda_function.this', 'module.d.aws_lambda_function.this', 'module.e.aws_sqs_queue.this']);
    });

    it('documents every gap it forgives with a reason', () => {
      for (const gap of MOTO_PLAN_GAPS) {
        expect(gap.attributes.length, gap.address.source).to.be.above(0);
        expect(gap.reason, gap.address.source).to.match(/moto/);
      }
    });
  });

  describe('environment', () => {
    const runtime = { region: 'ap-southeast-2', endpoint: 'http://127.0.0.1:5000', accessKeyId: 'rehearse', secretAccessKey: 'rehearse' };

    it('passes what Terraform wrote unchanged and adds only what AWS itself provides', () => {
      const written = { TABLE_NAME: 'photo-album-dev-media', S3_FORCE_PATH_STYLE: 'false', POWERTOOLS_LOG_LEVEL: 'DEBUG' };
      expect(localEnvironment(written, runtime)).to.deep.equal({
        ...written,
        AWS_REGION: 'ap-southeast-2',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
        AWS_ACCESS_KEY_ID: 'rehearse',
        AWS_SECRET_ACCESS_KEY: 'rehearse',
      });
    });

    it('maps a mounted volume path to its local folder, and nothing else', () => {
      const env = localEnvironment({ SCRATCH_DIR: '/scratch', TMPDIR: '/scratch', QUEUE_URL: 'http://127.0.0.1:5000/1/q', NOTE: '/scratch/x' }, runtime, { '/scratch': '/tmp/r/scratch' });
      expect(env).to.include({ SCRATCH_DIR: '/tmp/r/scratch', TMPDIR: '/tmp/r/scratch', QUEUE_URL: 'http://127.0.0.1:5000/1/q', NOTE: '/scratch/x' });
    });

    it('turns a container definition environment into a record and refuses a name given twice', () => {
      expect(containerEnvironment([{ name: 'A', value: '1' }, { name: 'B' }])).to.deep.equal({ A: '1', B: '' });
      expect(containerEnvironment(undefined)).to.deep.equal({});
      expect(() => containerEnvironment([{ name: 'A', value: '1' }, { name: 'A', value: '2' }])).to.throw(/A twice/);
    });

    it('reads the custom headers CloudFront sends to one origin', () => {
      // As GetDistributionConfig returns it (the SDK has parsed the XML); only the fields read here.
      const config = {
        Origins: {
          Quantity: 2,
          Items: [
            { Id: 'web', DomainName: 'w.s3.amazonaws.com', CustomHeaders: { Quantity: 0 } },
            { Id: 'api', DomainName: 'x.execute-api.amazonaws.com', CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin-Verify', HeaderValue: 's3cr&t' }] } },
          ],
        },
      } as DistributionConfig;
      expect(distributionOriginHeaders(config, 'api')).to.deep.equal({ 'x-origin-verify': 's3cr&t' });
      expect(distributionOriginHeaders(config, 'web')).to.deep.equal({});
      expect(() => distributionOriginHeaders(config, 'media')).to.throw(/no origin media/);
    });
  });

  describe('linked tree', () => {
    it('links every file, copies the folders of terraform/ and leaves tofu files behind', () => {
      const root = mkdtempSync(join(tmpdir(), 'rehearse-root-'));
      const target = join(mkdtempSync(join(tmpdir(), 'rehearse-tree-')), 'repo');
      try {
        mkdirSync(join(root, 'terraform/modules/kms'), { recursive: true });
        mkdirSync(join(root, 'terraform/.terraform'), { recursive: true });
        mkdirSync(join(root, 'registry'));
        writeFileSync(join(root, 'terraform/main.tf'), '');
        writeFileSync(join(root, 'terraform/modules/kms/main.tf'), '');
        writeFileSync(join(root, 'terraform/.terraform.lock.hcl'), '');
        writeFileSync(join(root, 'terraform/dev.tfplan'), '');
        writeFileSync(join(root, 'registry/processors.json'), '{}');
        const tree = linkedTree(root, target);
        expect(tree).to.equal(join(target, 'terraform'));
        expect(lstatSync(join(target, 'terraform')).isSymbolicLink()).to.equal(false);
        expect(lstatSync(join(target, 'terraform/modules/kms')).isSymbolicLink()).to.equal(false);
        expect(readlinkSync(join(target, 'terraform/modules/kms/main.tf'))).to.equal(join(root, 'terraform/modules/kms/main.tf'));
        expect(readlinkSync(join(target, 'registry'))).to.equal(join(root, 'registry'));
        for (const left of ['terraform/.terraform', 'terraform/.terraform.lock.hcl', 'terraform/dev.tfplan']) expect(existsSync(join(target, left)), left).to.equal(false);
      } finally {
        rmSync(root, { recursive: true, force: true });
        rmSync(join(target, '..'), { recursive: true, force: true });
      }
    });
  });
});
