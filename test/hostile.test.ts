// Hostile input through runHarness: each gives a finding (or a clear HarnessError → exit 2),
// in bounded time and memory, never a stack trace or a hang. The files are generated in a
// temporary folder; nothing large is committed.
import { open, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HarnessError, MAX_FILE_BYTES } from '../scripts/harness/files.ts';
import { summarize, toJson } from '../scripts/harness/report.ts';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { harnessOptions } from './helpers/harness.ts';

// Spy on the harness's reads, to prove it never reads a file it refuses for its size.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

let dir: string;
const BIG = 50 * 1024 * 1024;

function billionLaughs(levels = 10): string {
  let y = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < levels; i++)
    y += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return y;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-hostile-'));
  const put = (name: string, content: string | Uint8Array) => writeFile(path.join(dir, name), content);
  await put('bomb.yaml', `# billion laughs\n${billionLaughs()}`);
  await put('bomb-page.md', ['# Bomb in a page', '', '```yaml', billionLaughs().trimEnd(), '```', ''].join('\n'));
  // 50 MB of plausible YAML, written in 1 MB chunks so the test itself stays small.
  const big = await open(path.join(dir, 'big.yaml'), 'w');
  const chunk = Buffer.alloc(1024 * 1024, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n');
  for (let written = 0; written < BIG; written += chunk.length) await big.write(chunk);
  await big.close();
  await put(
    'binary.yaml',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  );
  await put(
    'latin1.md',
    Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n\n```yaml\na: 1\n```\n')]),
  );
  await put(
    'unterminated.md',
    ['# Unterminated', '', 'Text.', '', '```yaml', 'apiVersion: v1', 'kind: ConfigMap', ''].join('\n'),
  );
  await put('empty-fence.md', ['# Empty', '', '```yaml', '```', ''].join('\n'));
  await put(
    'comments-fence.md',
    ['# Comments only', '', '```yaml', '# TODO: the Ingress goes here', '# and its TLS block', '```', ''].join('\n'),
  );
  await put(
    'missing-import.mdx',
    [
      '---',
      'title: Imports',
      '---',
      "import CodeBlock from '@theme/CodeBlock';",
      "import ingress from '!!raw-loader!./examples/missing/ingress.yaml';",
      "import values from '!!raw-loader!@site/examples/also-missing/values.yaml';",
      '',
      '<CodeBlock language="yaml">{ingress}</CodeBlock>',
      '',
    ].join('\n'),
  );
  await mkdir(path.join(dir, 'examples'), { recursive: true });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (paths: string[]) =>
  runHarness(
    harnessOptions(paths, {
      cwd: dir,
      schemaLocations: [],
      crossref: false,
      chartDir: 'chart',
      cacheDir: path.join(dir, '.cache'),
    }),
  );
const brief = (r: HarnessResult) => r.findings.map((f) => [f.code, f.severity, f.file, f.line, f.column]);

describe('hostile input', () => {
  it('should stop a YAML alias bomb in a file with YAML_ALIAS_LIMIT where kubectl gives up, in < 2 s', async () => {
    const started = performance.now();
    const r = await run(['bomb.yaml']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(brief(r)).toEqual([['YAML_ALIAS_LIMIT', 'error', 'bomb.yaml', 5, 25]]);
    expect(r.outcomes.map((o) => o.status)).toEqual(['failed']);
  });

  it('should stop a YAML alias bomb in a page fence where kubectl gives up, at its file line', async () => {
    const started = performance.now();
    const r = await run(['bomb-page.md']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(brief(r)).toEqual([['YAML_ALIAS_LIMIT', 'error', 'bomb-page.md', 7, 25]]);
  });

  it('should refuse a 50 MB file with FILE_TOO_LARGE without reading it', async () => {
    const readFile = vi.mocked(fs.readFileSync);
    readFile.mockClear();
    const started = performance.now();
    const r = await run(['big.yaml']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(brief(r)).toEqual([['FILE_TOO_LARGE', 'error', 'big.yaml', 1, undefined]]);
    expect(r.findings[0]?.message).toBe(
      `This file is 50.0 MiB; the harness reads files up to ${MAX_FILE_BYTES / 1048576} MiB (--max-file-size). ` +
        'Split it, or keep generated data out of docs/ and examples/.',
    );
    expect(readFile.mock.calls.map((c) => String(c[0])).filter((f) => f.endsWith('big.yaml'))).toEqual([]);
    expect(r.outcomes).toEqual([]);
    expect(summarize(r)).toMatchObject({ files: 1, snippets: 1, fileErrors: 1, failed: 1 });
    // The spy does see the harness's reads: a small file is read through it.
    await run(['binary.yaml']);
    expect(readFile.mock.calls.map((c) => String(c[0])).filter((f) => f.endsWith('binary.yaml'))).toHaveLength(1);
  });

  it('should refuse a binary file with BINARY_FILE', async () => {
    const r = await run(['binary.yaml']);
    expect(brief(r)).toEqual([['BINARY_FILE', 'error', 'binary.yaml', 1, undefined]]);
    expect(r.findings[0]?.message).toMatch(/contains NUL bytes, so it is binary/);
  });

  it('should refuse a file that is not UTF-8 with NOT_UTF8', async () => {
    const r = await run(['latin1.md']);
    expect(brief(r)).toEqual([['NOT_UTF8', 'error', 'latin1.md', 1, undefined]]);
    expect(r.findings[0]?.message).toBe('This file is not valid UTF-8. Save it as UTF-8.');
  });

  it('should report an unterminated fence at its opening line', async () => {
    const r = await run(['unterminated.md']);
    expect(brief(r)).toEqual([['UNTERMINATED_FENCE', 'error', 'unterminated.md', 5, 1]]);
    expect(r.outcomes).toEqual([]);
    expect(summarize(r).failed).toBe(1);
  });

  it.each([
    { file: 'empty-fence.md', line: 4, message: /^This YAML fence is empty/ },
    { file: 'comments-fence.md', line: 4, message: /^This YAML fence holds only comments/ },
  ])('should report $file as EMPTY_SNIPPET', async ({ file, line, message }) => {
    const r = await run([file]);
    expect(brief(r)).toEqual([['EMPTY_SNIPPET', 'error', file, line, 1]]);
    expect(r.findings[0]?.message).toMatch(message);
    expect(r.outcomes.map((o) => [o.kind, o.status])).toEqual([['other', 'failed']]);
  });

  it('should report raw-loader imports of missing files at the import lines (MISSING_IMPORT)', async () => {
    const r = await run(['missing-import.mdx']);
    expect(brief(r)).toEqual([
      ['MISSING_IMPORT', 'error', 'missing-import.mdx', 5, undefined],
      ['MISSING_IMPORT', 'error', 'missing-import.mdx', 6, undefined],
    ]);
    expect(r.findings[0]?.message).toBe(
      'This page imports ./examples/missing/ingress.yaml, but examples/missing/ingress.yaml does not exist. ' +
        'Fix the path or add the example file.',
    );
    expect(r.findings[1]?.message).toContain('but examples/also-missing/values.yaml does not exist');
    expect(summarize(r).failed).toBe(2);
  });

  it('should reject a path that does not exist with a HarnessError (exit 2) and a clear message', async () => {
    const p = run(['docs/does-not-exist']);
    await expect(p).rejects.toBeInstanceOf(HarnessError);
    await expect(p).rejects.toThrow(
      'cannot read docs/does-not-exist: no such file or folder. ' +
        'Pass existing files or folders (default: docs/ examples/ chart/README.md).',
    );
  });

  it('should report every hostile file in one run, quickly, in a valid JSON report', async () => {
    const started = performance.now();
    const r = await run(['.']);
    expect(performance.now() - started).toBeLessThan(5000);
    const codes = r.findings.map((f) => `${f.code} ${f.file}:${f.line}`);
    expect(codes).toEqual([
      'FILE_TOO_LARGE big.yaml:1',
      'BINARY_FILE binary.yaml:1',
      'YAML_ALIAS_LIMIT bomb-page.md:7',
      'YAML_ALIAS_LIMIT bomb.yaml:5',
      'EMPTY_SNIPPET comments-fence.md:4',
      'EMPTY_SNIPPET empty-fence.md:4',
      'NOT_UTF8 latin1.md:1',
      'MISSING_IMPORT missing-import.mdx:5',
      'MISSING_IMPORT missing-import.mdx:6',
      'UNTERMINATED_FENCE unterminated.md:5',
    ]);
    const json = JSON.parse(toJson(r)) as { version: number; summary: { failed: number; passed: number } };
    expect(json.version).toBe(2);
    expect(json.summary).toMatchObject({ passed: 0, failed: 10 });
  });
});
