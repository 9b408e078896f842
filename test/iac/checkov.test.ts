// checkov (PyPI, in .venv/iac) on terraform/: zero failed checks, every skip explained inline.
import path from 'node:path';
import { expect } from 'chai';

import { FIXTURES, formatChecks, runCheckov, TERRAFORM_DIR } from './tools.js';

describe('IaC: checkov', function () {
  this.timeout(180_000);

  it('terraform/: zero failed checks, and every skip carries its reason inline', () => {
    const report = runCheckov(TERRAFORM_DIR);
    const { summary, results } = report;
    console.log(
      `      checkov terraform/: ${summary.resource_count} resources, passed=${summary.passed} ` +
        `failed=${summary.failed} skipped=${summary.skipped} parsing_errors=${summary.parsing_errors}`,
    );
    expect(summary.resource_count, 'checkov saw no resources').to.be.greaterThan(0);
    expect(summary.passed, 'checkov ran no check').to.be.greaterThan(0);
    expect(results.parsing_errors, 'files checkov could not parse').to.deep.equal([]);
    expect(summary.failed, `failed checks:\n${formatChecks(results.failed_checks)}`).to.equal(0);
    const unexplained = results.skipped_checks.filter((c) => {
      const reason = (c.check_result.suppress_comment ?? '').trim();
      return reason === '' || reason === 'No comment provided';
    });
    expect(unexplained, `skips without a reason (#checkov:skip=ID:reason):\n${formatChecks(unexplained)}`).to.deep.equal([]);
  });

  it('fails on a fixture with a public-read bucket (CKV_AWS_20)', () => {
    const report = runCheckov(path.join(FIXTURES, 'broken-module'));
    const failed = report.results.failed_checks;
    console.log(`      checkov broken-module: failed=${report.summary.failed}: ${[...new Set(failed.map((c) => c.check_id))].sort().join(' ')}`);
    const publicRead = failed.filter((c) => c.check_id === 'CKV_AWS_20');
    expect(publicRead, `CKV_AWS_20 did not fail; failed were:\n${formatChecks(failed)}`).to.have.length(1);
    expect(publicRead[0]?.resource).to.equal('aws_s3_bucket.public');
    expect(report.summary.failed).to.be.greaterThan(0);
  });
});
