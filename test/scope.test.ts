// One file, same verdict: every page, partial, example file and .ghostwire.yaml, validated
// alone, gets exactly the findings and snippet results the whole run gives it, in the
// repository and in fixture trees built to catch a file checked without its context.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../scripts/harness/cli.ts';
import { CONTEXT_FILE, listFiles } from '../scripts/harness/files.ts';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { importerRoot } from '../scripts/harness/scope.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

const renderCacheDir = path.join(repoRoot, 'node_modules', '.cache', 'ghostwire', 'test-renders');
const run = (paths: string[]) => runHarness(harnessOptions(paths, { renderCacheDir }));

/** What a run says about one file: its snippets and its findings. */
function verdict(r: HarnessResult, file: string) {
  return {
    snippets: r.outcomes
      .filter((o) => o.snippet.file === file)
      .map((o) => [o.snippet.line, o.kind, o.status, o.reason ?? '']),
    findings: r.findings
      .filter((f) => f.file === file)
      .map((f) => [f.line, f.column ?? 0, f.code, f.severity, f.path, f.message]),
  };
}

/** Every file of a tree a user could name alone, and the .ghostwire.yaml files in it. */
async function targets(paths: string[]): Promise<string[]> {
  const files = await listFiles(paths, repoRoot);
  const contexts = new Set(
    files.filter((f) => !/\.mdx?$/.test(f)).map((f) => path.posix.join(path.posix.dirname(f), CONTEXT_FILE)),
  );
  const { existsSync } = await import('node:fs');
  return [...files, ...[...contexts].filter((f) => existsSync(path.join(repoRoot, f)))];
}

async function expectSameVerdicts(wholePaths: string[]): Promise<number> {
  const whole = await run(wholePaths);
  let compared = 0;
  for (const file of await targets(wholePaths)) {
    const alone = await run([file]);
    // A .ghostwire.yaml stands for its folder: every file it reports must agree.
    const reported = path.posix.basename(file) === CONTEXT_FILE ? [...alone.files, file] : [file];
    if (path.posix.basename(file) !== CONTEXT_FILE) expect(alone.files).toContain(file);
    for (const f of reported) {
      expect({ file: f, given: file, ...verdict(alone, f) }).toEqual({ file: f, given: file, ...verdict(whole, f) });
      compared++;
    }
  }
  return compared;
}

describe('one file, same verdict', () => {
  it('should give every page, partial, example and .ghostwire.yaml of the repository its whole-run verdict', {
    tags: ['slow'],
    timeout: 600_000,
  }, async () => {
    const compared = await expectSameVerdicts(DEFAULT_PATHS);
    expect(compared).toBeGreaterThan(30);
  });

  it.each([
    'test/fixtures/crossref-partials',
    'test/fixtures/one-file-example',
    'test/fixtures/raw-import',
    'test/fixtures/crossref-tls-secret',
    'test/fixtures/crossref-kinds',
    'test/fixtures/crossref-values-secret',
  ])(
    'should give every file of %s alone its verdict in the whole folder',
    async (dir) => {
      expect(await expectSameVerdicts([dir])).toBeGreaterThan(0);
    },
    120_000,
  );

  it('should check a partial through its page: Secret from a sibling partial, release from the page', async () => {
    const r = await run(['test/fixtures/crossref-partials/_parts/ingress.mdx']);
    expect(r.files).toEqual(['test/fixtures/crossref-partials/_parts/ingress.mdx']);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.outcomes.map((o) => o.status)).toEqual(['passed']);
    const stray = await run(['test/fixtures/crossref-partials/_parts/stray.mdx']);
    expect(stray.findings.map((f) => f.code)).toEqual(['CONTEXT_IN_PARTIAL']);
  });

  it('should check an example with its siblings: no false SECRET_NOT_PROVIDED or ROUTE_SERVICE_UNKNOWN', async () => {
    const r = await run(['test/fixtures/one-file-example/ingress.yaml']);
    expect(r.files).toEqual(['test/fixtures/one-file-example/ingress.yaml']);
    expect(r.findings).toEqual([]);
    expect(r.outcomes.map((o) => o.status)).toEqual(['passed']);
  });

  it('should still find a real error in an example given alone', async () => {
    const r = await run(['test/fixtures/crossref-tls-secret/ingress.yaml']);
    expect(r.findings.map((f) => f.code)).toContain('SECRET_NOT_PROVIDED');
  });

  it('should follow a page given alone into its partials and raw-loader examples', async () => {
    // The guides have no partials since the layer pages were split; the fixture page has two.
    const page = await run(['test/fixtures/crossref-partials/page.mdx']);
    expect(page.files.filter((f) => f.includes('/_parts/')).length).toBeGreaterThanOrEqual(2);
    expect(page.outcomes.length).toBeGreaterThanOrEqual(2);
    const examples = await run(['docs/integration-examples.mdx']);
    expect(examples.files.some((f) => f.startsWith('examples/'))).toBe(true);
  });

  it.each([
    ['docs/_patterns/tls.mdx', 'docs'],
    ['docs/roles/a.md', 'docs'],
    ['test/fixtures/crossref-partials/_parts/ingress.mdx', 'test/fixtures/crossref-partials'],
    ['test/fixtures/cli-clean/page.md', 'test/fixtures/cli-clean'],
    ['_x/page.mdx', '.'],
    ['page.md', '.'],
  ])('should look for the pages importing %s under %s', (file, root) => {
    expect(importerRoot(file)).toBe(root);
  });
});
