// The workflow rules (scripts/workflow-policy.ts) and actionlint (scripts/lint-workflows.ts):
// each fixture in test/fixtures/workflow-policy/ breaks one rule on purpose and is reported
// at its line; clean.yml and every workflow of the repository pass both.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionlint, lintWorkflows, workflowFiles } from '../scripts/lint-workflows.ts';
import { workflowPolicy } from '../scripts/workflow-policy.ts';

const fixture = (name: string) => `test/fixtures/workflow-policy/${name}.yml`;
const policyOf = (name: string) =>
  workflowPolicy(fixture(name), readFileSync(fixture(name), 'utf8')).map((f) => [f.rule, f.line]);

describe('workflow rules, one deliberate mistake per fixture', () => {
  const cases: [string, string, number][] = [
    ['unpinned-tag', 'pin-sha', 18],
    ['short-sha', 'pin-sha', 18],
    ['missing-release-comment', 'pin-comment', 18],
    ['no-permissions', 'permissions', 3],
    ['write-at-top', 'permissions', 7],
    ['job-without-permissions', 'job-permissions', 12],
    ['checkout-persists-credentials', 'persist-credentials', 18],
    ['always', 'no-always', 23],
    ['no-concurrency', 'concurrency', 3],
    ['pr-without-cancel', 'concurrency', 8],
    ['no-timeout', 'timeout', 12],
  ];
  it.each(cases)('%s: reported as %s at line %i', (name, rule, line) => {
    expect(policyOf(name)).toEqual([[rule, line]]);
  });

  it('clean.yml keeps every rule (local actions and !cancelled() are fine)', () => {
    expect(policyOf('clean')).toEqual([]);
  });

  it('a docker:// action must be pinned by digest; a workflow without pull_request need not cancel', () => {
    const text = [
      'on: {push: {branches: [main]}}',
      'permissions: {contents: read}',
      'concurrency: pages',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    timeout-minutes: 5',
      '    permissions: {}',
      '    steps:',
      '      - uses: docker://alpine:3.22',
    ].join('\n');
    expect(workflowPolicy('w.yml', text).map((f) => [f.rule, f.line])).toEqual([['pin-sha', 10]]);
  });

  it('YAML that does not parse is one finding, not a crash', () => {
    expect(workflowPolicy('w.yml', 'on: [push\njobs: {').map((f) => f.rule)).toEqual(['yaml']);
  });
});

describe('actionlint (WebAssembly build, offline)', () => {
  it('reports an undefined expression context at its line and passes the clean fixture', async () => {
    const bad = fixture('actionlint-undefined-context');
    const findings = await actionlint(bad, readFileSync(bad, 'utf8'));
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['actionlint:expression', 21]]);
    expect(findings[0]?.message).toContain('matrx');
    expect(await actionlint(fixture('clean'), readFileSync(fixture('clean'), 'utf8'))).toEqual([]);
  }, 120_000);
});

describe("the repository's workflows", () => {
  it('are found, and pass actionlint and every rule', async () => {
    const files = await workflowFiles();
    expect(files).toContain('.github/workflows/test.yml');
    expect(files).toContain('.github/workflows/cluster.yml');
    expect(await lintWorkflows(files)).toEqual([]);
  }, 120_000);

  it('run npm test on Node 22 and 24 with the Rspack and harness caches restored after npm ci', () => {
    const text = readFileSync('.github/workflows/test.yml', 'utf8');
    expect(text).toMatch(/node: \[22, 24\]/);
    const steps = text.split('\n      - ').map((s) => s.trim());
    const ci = steps.findIndex((s) => s.startsWith('run: npm ci'));
    const cache = steps.findIndex((s) => s.includes('actions/cache@'));
    const test = steps.findIndex((s) => s.startsWith('run: npm test'));
    expect(ci).toBeGreaterThan(0);
    expect(cache).toBeGreaterThan(ci);
    expect(test).toBeGreaterThan(cache);
    expect(steps[cache]).toContain('node_modules/.cache/rspack');
    expect(steps[cache]).toContain('node_modules/.cache/ghostwire');
    expect(steps[cache]).toContain("hashFiles('package-lock.json', 'chart/**')");
  });
});
