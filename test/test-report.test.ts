// What npm test makes of vitest's JSON report: every skip with the reason its title (or a
// describe's) gives, skips without one singled out, failures, and the GitHub job summary.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  failedTests,
  skippedTests,
  skipLines,
  skipReason,
  summaryMarkdown,
  type VitestReport,
} from '../scripts/test-report.ts';
import { skippable } from './skip.ts';

const report = JSON.parse(readFileSync('test/fixtures/vitest-report-skips/vitest.json', 'utf8')) as VitestReport;

describe('skip reasons', () => {
  it('come from the innermost title that gives one, in either written form, nested parentheses kept', () => {
    expect(skipReason(['a (skipped: x (y) z)'])).toBe('x (y) z');
    expect(skipReason(['outer (skipped: outer reason)', 'inner'])).toBe('outer reason');
    expect(skipReason(['outer (skipped: outer)', 'inner — skipped: inner'])).toBe('inner');
    expect(skipReason(['no reason here', 'nor here'])).toBeUndefined();
    expect(skipReason(['empty (skipped: )'])).toBeUndefined();
  });

  it('skippable() writes the form npm test reads, and leaves a running test its plain title', () => {
    expect(skipReason([skippable('t', 'no kind')])).toBe('no kind');
    expect(skippable('t', undefined)).toBe('t');
    expect(skippable('t', false)).toBe('t');
  });

  it('every skipped, pending and todo test is listed with its file, clean name and reason', () => {
    expect(skippedTests(report, '/repo')).toEqual([
      {
        file: 'test/cluster.test.ts',
        name: 'a real cluster › judges documents',
        reason: 'kind: not found on PATH (install it: go install sigs.k8s.io/kind)',
        todo: false,
      },
      {
        file: 'test/site.test.ts',
        name: 'site in Chromium › phone › fits 390 px',
        reason: 'no Chromium at /usr/bin/chromium',
        todo: false,
      },
      { file: 'test/site.test.ts', name: 'schema lookup', reason: 'the cache is missing', todo: false },
      { file: 'test/site.test.ts', name: 'forgotten › skipped for no stated reason', todo: false },
      { file: 'test/site.test.ts', name: 'a Lighthouse budget', todo: true },
    ]);
  });

  it('prints one line per skip; one without a reason says how to give it one', () => {
    const lines = skipLines(skippedTests(report, '/repo'));
    expect(lines[0]).toBe(
      '  ○ test/cluster.test.ts › a real cluster › judges documents: ' +
        'kind: not found on PATH (install it: go install sigs.k8s.io/kind)',
    );
    expect(lines[3]).toMatch(/^ {2}✘ test\/site\.test\.ts › forgotten › skipped for no stated reason: /);
    expect(lines[3]).toContain(': skipped without a reason');
    expect(lines[3]).toContain('(skipped: why)');
    expect(lines[4]).toBe('  ○ test/site.test.ts › a Lighthouse budget: todo');
  });
});

describe('failures and the job summary', () => {
  it('lists failed tests and files that failed outside any test, first message line only', () => {
    expect(failedTests(report, '/repo')).toEqual([
      { file: 'test/report.test.ts', name: 'report › prints | pipes', message: 'AssertionError: expected 1 to be 2' },
      { file: 'test/broken.test.ts', name: '(outside any test)', message: "Cannot find module './gone.ts'" },
    ]);
  });

  it('summarises steps, counts, failures and skips as Markdown, escaping table pipes', () => {
    const md = summaryMarkdown({
      steps: [
        { title: 'typecheck', ok: true, seconds: '6.0 s' },
        { title: 'site build', ok: false, seconds: '9.1 s' },
      ],
      counts: { passed: 3, failed: 2, skipped: 4 },
      failures: failedTests(report, '/repo'),
      skips: skippedTests(report, '/repo'),
      node: '24.1.0',
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe('### npm test on Node 24.1.0: 3 passed, 2 failed, 4 skipped');
    expect(lines).toContain('| typecheck | ✅ passed | 6.0 s |');
    expect(lines).toContain('| site build | ❌ failed | 9.1 s |');
    expect(md).toContain('- `test/report.test.ts` report › prints \\| pipes: AssertionError: expected 1 to be 2');
    expect(md).toContain('- `test/site.test.ts` forgotten › skipped for no stated reason: NO REASON');
    expect(md).toContain(
      '- `test/site.test.ts` site in Chromium › phone › fits 390 px: no Chromium at /usr/bin/chromium',
    );
  });
});
