// tflint (built from the Go module proxy into .tools/bin) with the bundled terraform ruleset,
// "recommended" preset, and this project's AWS value plugin (tools/iac/tflint-ruleset-album).
// Plugins are local only: tflint --init is never needed.
import path from 'node:path';
import { expect } from 'chai';

import { FIXTURES, formatIssues, runTflint, TERRAFORM_DIR, tflintVersion } from './tools.js';

describe('IaC: tflint', function () {
  this.timeout(180_000);

  it('loads the terraform ruleset and the album AWS plugin from local files', () => {
    const version = tflintVersion();
    console.log(`      ${version.trim().split('\n').join('; ')}`);
    expect(version).to.match(/TFLint version 0\.64\.0/);
    expect(version).to.match(/ruleset\.terraform \(/);
    expect(version).to.match(/ruleset\.album \(/);
  });

  it('terraform/ (root and every module): zero issues, zero errors', () => {
    const { status, report } = runTflint(TERRAFORM_DIR);
    console.log(`      tflint terraform/: ${report.issues.length} issues, ${report.errors.length} errors (exit ${status})`);
    expect(report.errors, `tflint errors:\n${formatIssues(report)}`).to.deep.equal([]);
    expect(report.issues, `tflint issues:\n${formatIssues(report)}`).to.deep.equal([]);
    expect(status).to.equal(0);
  });

  it('fails on a fixture with an untyped variable and an out-of-range SQS wait time', () => {
    const { status, report } = runTflint(path.join(FIXTURES, 'broken-module'));
    console.log(`      tflint broken-module: ${report.issues.map((i) => i.rule.name).join(' ')} (exit ${status})`);
    expect(report.errors, formatIssues(report)).to.deep.equal([]);
    const typed = report.issues.filter((i) => i.rule.name === 'terraform_typed_variables');
    expect(typed, `terraform_typed_variables not reported:\n${formatIssues(report)}`).to.have.length(1);
    expect(typed[0]?.message).to.include('bucket_name');
    const wait = report.issues.filter((i) => i.rule.name === 'album_sqs_queue_receive_wait_time_seconds');
    expect(wait, `album_sqs_queue_receive_wait_time_seconds not reported:\n${formatIssues(report)}`).to.have.length(1);
    expect(wait[0]?.message).to.include('30 is out of range');
    expect(status).to.equal(2); // tflint: 2 = issues found
  });
});
