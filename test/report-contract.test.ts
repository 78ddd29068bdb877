// The JSON contract (scripts/harness/README.md, version 2) checked against its JSON Schema
// on real output of the CLI, for clean runs, failing runs and file-level errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../scripts/harness/cli.ts';
import { repoRoot } from './helpers/harness.ts';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'scripts/harness/report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

async function json(args: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  const io: CliIo = {
    cwd: repoRoot,
    env: {},
    stdout: (s) => (stdout += s),
    stderr: () => {},
    isTTY: false,
  };
  await main(['validate', '--format', 'json', ...args], io);
  return JSON.parse(stdout) as Record<string, unknown>;
}

interface Report {
  summary: Record<string, number>;
  snippets: { kind: string; status: string }[];
  findings: { severity: string }[];
}

describe('the JSON contract, version 2', () => {
  it.each([
    ['a clean page', ['test/fixtures/cli-clean']],
    ['a failing page', ['test/fixtures/cli-unknown-field']],
    ['cross-check errors', ['test/fixtures/crossref-kinds']],
    ['a partial with front matter (file-level error)', ['test/fixtures/crossref-partials']],
    ['an oversized file (file-level error)', ['--max-file-size', '100B', 'test/fixtures/cli-clean']],
    ['a JSON manifest', ['test/fixtures/json-manifest/service.json']],
  ])('should hold for %s, with counts that add up', async (_name, args) => {
    const out = await json(args);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    const r = out as unknown as Report;
    const s = r.summary;
    expect(s['snippets']).toBe((s['passed'] ?? 0) + (s['failed'] ?? 0) + (s['skipped'] ?? 0));
    expect(r.snippets).toHaveLength(s['snippets'] as number);
    for (const status of ['passed', 'failed', 'skipped'])
      expect(r.snippets.filter((e) => e.status === status)).toHaveLength(s[status] as number);
    expect(r.snippets.filter((e) => e.kind === 'file')).toHaveLength(s['fileErrors'] as number);
  });

  it('should describe file-level errors as failed entries of kind file', async () => {
    const out = (await json(['test/fixtures/crossref-partials'])) as unknown as Report;
    expect(out.snippets).toContainEqual({
      file: 'test/fixtures/crossref-partials/_parts/stray.mdx',
      line: 2,
      kind: 'file',
      status: 'failed',
      code: 'CONTEXT_IN_PARTIAL',
    });
  });

  // The schema must refuse what breaks the contract, or the checks above prove nothing.
  it.each([
    ['version 1', (o: Record<string, unknown>) => ({ ...o, version: 1 })],
    ['a summary without fileErrors', (o: Record<string, unknown>) => ({ ...o, summary: { files: 1 } })],
    [
      'a file entry without its code',
      (o: Record<string, unknown>) => ({ ...o, snippets: [{ file: 'a', line: 1, kind: 'file', status: 'failed' }] }),
    ],
    [
      'a passed file entry',
      (o: Record<string, unknown>) => ({
        ...o,
        snippets: [{ file: 'a', line: 1, kind: 'file', status: 'passed', code: 'X' }],
      }),
    ],
    [
      'a finding without a column',
      (o: Record<string, unknown>) => ({
        ...o,
        findings: [{ code: 'X', severity: 'error', file: 'a', line: 1, path: '', message: 'm' }],
      }),
    ],
    ['an unknown top-level key', (o: Record<string, unknown>) => ({ ...o, extra: true })],
  ])('should refuse %s', async (_name, mutate) => {
    const out = await json(['test/fixtures/cli-clean']);
    expect(validate(out)).toBe(true);
    expect(validate(mutate(out))).toBe(false);
  });
});
