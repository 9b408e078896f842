// HCL2 parsing and reference integrity (tools/iac/check_references.py) on terraform/ and on
// fixtures that must fail.
import path from 'node:path';
import { expect } from 'chai';

import { checkReferences, FIXTURES, formatFindings, TERRAFORM_DIR } from './tools.js';

describe('IaC: HCL2 parse + reference integrity', function () {
  this.timeout(60_000);

  it('terraform/: every .tf parses and every reference resolves (zero findings)', () => {
    const { status, report } = checkReferences(TERRAFORM_DIR);
    console.log(
      `      parsed ${report.files_parsed} files in ${report.modules.length} modules (${report.modules.join(', ')}), ` +
        `${report.tfvars.length} tfvars files; ${report.findings.length} findings`,
    );
    expect(report.files_parsed, 'no .tf file was parsed').to.be.greaterThan(0);
    expect(report.modules.length, 'no module was checked').to.be.greaterThan(0);
    expect(report.tfvars.length, 'no environments/*.tfvars was checked').to.be.greaterThan(0);
    expect(report.findings, `reference findings in terraform/:\n${formatFindings(report.findings)}`).to.deep.equal([]);
    expect(status).to.equal(0);
  });

  it('correct code with every scoping corner (for, %{for}, heredocs, dynamic, each/count/self) gives no false positive', () => {
    const { status, report } = checkReferences(path.join(FIXTURES, 'valid-tricky'));
    console.log(`      valid-tricky: parsed ${report.files_parsed} files, ${report.findings.length} findings`);
    expect(report.files_parsed).to.equal(3);
    expect(report.findings, formatFindings(report.findings)).to.deep.equal([]);
    expect(status).to.equal(0);
  });

  it('fails on a module that uses an undeclared var.nope', () => {
    const { status, report } = checkReferences(path.join(FIXTURES, 'broken-module'));
    console.log(`      broken-module findings:\n${formatFindings(report.findings)}`);
    expect(status).to.equal(1);
    expect(report.ok).to.equal(false);
    const nope = report.findings.filter((f) => f.code === 'undeclared-variable' && f.message.includes('var.nope'));
    expect(nope, formatFindings(report.findings)).to.have.length(1);
    expect(nope[0]?.file).to.match(/broken-module\/main\.tf$/);
    expect(nope[0]?.line).to.equal(21);
    expect(report.findings.map((f) => f.code)).to.include('variable-type');
  });

  it('fails on a module call with an unknown argument and a missing required one', () => {
    const { status, report } = checkReferences(path.join(FIXTURES, 'bad-module-call'));
    console.log(`      bad-module-call findings:\n${formatFindings(report.findings)}`);
    expect(status).to.equal(1);
    const codes = report.findings.map((f) => `${f.code}: ${f.message}`);
    expect(codes.some((c) => c.startsWith('module-argument') && c.includes('`colour`')), codes.join('\n')).to.equal(true);
    expect(codes.some((c) => c.startsWith('module-missing-argument') && c.includes('`name`')), codes.join('\n')).to.equal(true);
    expect(report.findings).to.have.length(2);
  });

  it('fails on a tfvars key that is not a declared root variable', () => {
    const { status, report } = checkReferences(path.join(FIXTURES, 'bad-tfvars'));
    console.log(`      bad-tfvars findings:\n${formatFindings(report.findings)}`);
    expect(status).to.equal(1);
    expect(report.findings).to.have.length(1);
    expect(report.findings[0]?.code).to.equal('tfvars-undeclared');
    expect(report.findings[0]?.message).to.include('`undeclared_setting`');
    expect(report.findings[0]?.file).to.match(/environments\/dev\.tfvars$/);
  });
});
