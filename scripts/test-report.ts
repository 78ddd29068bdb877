// What `npm test` reads from vitest's JSON report: the skipped tests with their reasons, the
// failed ones, and a Markdown job summary for GitHub Actions. Pure functions; scripts/test.ts
// does the I/O. The skip convention is in test/skip.ts: the reason is in the title.
import path from 'node:path';

export interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  fullName?: string;
  status: string;
  failureMessages?: string[];
}

/** The parts of vitest's JSON report we read. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: AssertionResult[] }[];
}

export interface SkippedTest {
  file: string;
  name: string;
  /** From `skipped: <reason>` in the test's title or a describe's; undefined when none says why. */
  reason?: string;
  todo: boolean;
}

export interface FailedTest {
  file: string;
  name: string;
  message: string;
}

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);

/** The reason in `title (skipped: reason)` or `title — skipped: reason`, innermost title first. */
export function skipReason(titles: string[]): string | undefined {
  for (const title of [...titles].reverse()) {
    const at = title.indexOf('skipped: ');
    if (at < 0) continue;
    let reason = title.slice(at + 'skipped: '.length).trim();
    if (title[at - 1] === '(' && reason.endsWith(')')) reason = reason.slice(0, -1).trim();
    if (reason) return reason;
  }
  return undefined;
}

const testName = (t: AssertionResult) => [...t.ancestorTitles, t.title].join(' › ');
/** A title without its skip reason, which is printed on its own. */
const bare = (title: string) => title.replace(/\s*(\(skipped: .*\)|—\s*skipped: .*)$/, '');

export function skippedTests(report: VitestReport, root = process.cwd()): SkippedTest[] {
  return report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((t) => SKIPPED.has(t.status))
      .map((t) => {
        const reason = skipReason([...t.ancestorTitles, t.title]);
        return {
          file: path.relative(root, file.name),
          name: [...t.ancestorTitles, t.title].map(bare).join(' › '),
          todo: t.status === 'todo',
          ...(reason ? { reason } : {}),
        };
      }),
  );
}

export function failedTests(report: VitestReport, root = process.cwd()): FailedTest[] {
  return report.testResults.flatMap((file) => {
    const failed = file.assertionResults.filter((t) => t.status === 'failed');
    const rel = path.relative(root, file.name);
    if (file.status === 'failed' && failed.length === 0) {
      return [{ file: rel, name: '(outside any test)', message: (file.message ?? '').split('\n')[0] ?? '' }];
    }
    return failed.map((t) => ({
      file: rel,
      name: testName(t),
      message: (t.failureMessages?.[0] ?? '').split('\n')[0] ?? '',
    }));
  });
}

/** One line per skip for the terminal; a skip without a reason says how to give it one. */
export function skipLines(skips: SkippedTest[]): string[] {
  return skips.map((s) =>
    s.reason
      ? `  ○ ${s.file} › ${s.name}: ${s.reason}`
      : s.todo
        ? `  ○ ${s.file} › ${s.name}: todo`
        : `  ✘ ${s.file} › ${s.name}: skipped without a reason (end its title with "(skipped: why)", test/skip.ts)`,
  );
}

export interface StepOutcome {
  title: string;
  ok: boolean;
  seconds: string;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: the steps, the closing counts, every failure and every skip with its reason. */
export function summaryMarkdown(o: {
  steps: StepOutcome[];
  counts: { passed: number; failed: number; skipped: number };
  failures: FailedTest[];
  skips: SkippedTest[];
  node: string;
}): string {
  const out = [
    `### npm test on Node ${o.node}: ${o.counts.passed} passed, ${o.counts.failed} failed, ${o.counts.skipped} skipped`,
    '',
    '| step | result | time |',
    '| --- | --- | --- |',
    ...o.steps.map((s) => `| ${cell(s.title)} | ${s.ok ? '✅ passed' : '❌ failed'} | ${s.seconds} |`),
  ];
  if (o.failures.length) {
    out.push('', '#### Failed', '', ...o.failures.map((f) => `- \`${f.file}\` ${cell(f.name)}: ${cell(f.message)}`));
  }
  if (o.skips.length) {
    out.push(
      '',
      '#### Skipped',
      '',
      ...o.skips.map((s) => `- \`${s.file}\` ${cell(s.name)}: ${cell(s.reason ?? (s.todo ? 'todo' : 'NO REASON'))}`),
    );
  }
  return `${out.join('\n')}\n`;
}
