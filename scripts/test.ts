// `npm test`: the typecheck, the lint check, the production site build (a broken link or
// anchor fails it) and every vitest suite, always all four, then every skipped test with
// its reason and one line for CI: `N passed, N failed, N skipped`. Typecheck, lint and
// site build count as one test each; a skip whose title gives no reason (test/skip.ts)
// counts as failed. Exit code 1 when anything failed. On GitHub Actions the same account
// goes into the job summary.
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { execa, type Options } from 'execa';
import {
  failedTests,
  type SkippedTest,
  type StepOutcome,
  skippedTests,
  skipLines,
  summaryMarkdown,
  type VitestReport,
} from './test-report.ts';

const vitestReport = 'test-results/vitest.json';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const steps: StepOutcome[] = [];
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function run(title: string, command: string, args: string[], options: Options = {}) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const result = await execa(command, args, {
    preferLocal: true,
    reject: false,
    stdin: 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    ...options,
  });
  const ok = result.exitCode === 0;
  steps.push({ title, ok, seconds: seconds(started) });
  console.log(
    `${ok ? '✔' : '✘'} ${title} ` +
      `${ok ? 'passed' : `failed (${result.exitCode ?? result.signal ?? result.shortMessage})`} in ` +
      `${seconds(started)}`,
  );
  return { ok, result };
}

/** Docusaurus's own account of a failed build: the page, link, anchor or file, without stack traces. */
function buildErrorLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.replace(/^[\s│╰─▶]+/, '').trimEnd())
    .filter((line) => !/^at |^(Note|Please check)\b/.test(line))
    .filter((line) => /error|broken|linking to|source page|cause|failed|not found|^File at /i.test(line))
    .slice(0, 40);
}

async function readReport(): Promise<VitestReport | undefined> {
  return readFile(vitestReport, 'utf8').then(
    (text) => JSON.parse(text) as VitestReport,
    () => undefined,
  );
}

function vitestCounts(report: VitestReport | undefined, exitCode: number | undefined): Counts {
  if (!report) {
    console.log(`vitest wrote no ${vitestReport} (exit ${exitCode}): counted as 1 failed`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  // A file that fails to load, or whose hooks throw, fails without a failed test.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  );
  for (const file of brokenFiles)
    console.log(`failed outside any test: ${file.name}\n  ${(file.message ?? '').split('\n')[0]}`);
  const counts = {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + report.numTodoTests,
  };
  if (exitCode !== 0 && counts.failed === 0) {
    console.log(
      `vitest exited ${exitCode} with no failed test in its report (an unhandled error?): counted as 1 failed`,
    );
    counts.failed = 1;
  }
  return counts;
}

const started = performance.now();
await mkdir('test-results', { recursive: true });
await rm(vitestReport, { force: true });

const typecheck = await run('typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']);
// Biome (format and lint), markdownlint and cspell: `npm run lint`, counted as one test.
const lint = await run('lint', 'npm', ['run', '--silent', 'lint']);

// CI=true everywhere: Docusaurus turns some warnings into errors in CI (front
// matter in an MDX partial, for one), and a local run should fail as CI would.
const build = await run('site build', 'docusaurus', ['build'], {
  env: { CI: 'true' },
  stdout: ['inherit', 'pipe'],
  stderr: ['inherit', 'pipe'],
  all: true,
});
if (!build.ok) {
  console.log('\nsite build errors:');
  for (const line of buildErrorLines(String(build.result.all ?? ''))) console.log(`  ${line}`);
}

const vitest = await run(
  'vitest',
  'vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  { env: { GHOSTWIRE_SITE_BUILD: build.ok ? 'ok' : 'failed' } },
);
const report = await readReport();
const counts = vitestCounts(report, vitest.result.exitCode);
for (const step of [typecheck, lint, build]) counts[step.ok ? 'passed' : 'failed'] += 1;

// Every skip with its reason; a skip that gives none is a failure.
const skips: SkippedTest[] = report ? skippedTests(report) : [];
const unexplained = skips.filter((s) => !s.reason && !s.todo).length;
counts.skipped -= unexplained;
counts.failed += unexplained;
if (skips.length) console.log(`\nskipped (${skips.length}):\n${skipLines(skips).join('\n')}`);

const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
if (summaryFile) {
  const failures = report ? failedTests(report) : [];
  const markdown = summaryMarkdown({ steps, counts, failures, skips, node: process.versions.node });
  await appendFile(summaryFile, markdown).catch((error: Error) => console.log(`no job summary: ${error.message}`));
}

console.log(`\nnpm test took ${seconds(started)}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exitCode = counts.failed > 0 ? 1 : 0;
