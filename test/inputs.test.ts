// files.ts and depth.ts: bad input gets a typed finding or a clear exit-2 error, never a
// crash, a hang or a silent pass. Symlinks and unreadable files are built in a temporary
// folder; EACCES is simulated (the tests may run as root, who can read anything).
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { depthBound, MAX_NESTING, nestingDepth } from '../scripts/harness/depth.ts';
import { formatSize, HarnessError, listSources, parseSize, readSource } from '../scripts/harness/files.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, readdir: vi.fn(real.readdir) };
});
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

const eacces = (p: string) => Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: "1"\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-inputs-'));
  const put = async (name: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  };
  await put('loop/a/cm.yaml', CM);
  await symlink('..', path.join(dir, 'loop/a/up')); // a/up → loop, which contains a
  await symlink('self', path.join(dir, 'loop/self')); // a link to itself
  await symlink('missing.yaml', path.join(dir, 'loop/dangling.yaml'));
  await put('linked/real/cm.yaml', CM);
  await mkdir(path.join(dir, 'linked/view'), { recursive: true });
  await symlink('../real/cm.yaml', path.join(dir, 'linked/view/cm-link.yaml'));
  await symlink('real', path.join(dir, 'linked/dir-link'));
  await put('locked/secret.yaml', CM);
  await put('locked/fine.yaml', CM);
  await put('deep/flow.yaml', `${CM}  deep: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
  let block = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  labels:\n';
  for (let i = 0; i < 150; i++) block += `${' '.repeat(4 + 2 * i)}k${i}:\n`;
  await put('deep/block.yaml', `${block}${' '.repeat(4 + 300)}v: x\n`);
  await put('deep/page.md', `# Deep\n\n\`\`\`yaml\n${CM}  deep: ${'{a: '.repeat(500)}1${'}'.repeat(500)}\n\`\`\`\n`);
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (paths: string[]) =>
  runHarness(harnessOptions(paths, { cwd: dir, schemaLocations: [], crossref: false, cacheDir: path.join(dir, '.c') }));
const brief = (r: { findings: { code: string; file: string; line: number }[] }) =>
  r.findings.map((f) => `${f.code} ${f.file}:${f.line}`);

describe('symbolic links', () => {
  it('should report a link back into a walked folder and a link to itself, and finish', async () => {
    const started = performance.now();
    const listing = await listSources(['loop'], dir);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(listing.files).toEqual(['loop/a/cm.yaml']);
    expect(listing.findings.map((f) => [f.code, f.file])).toEqual([
      ['SYMLINK_LOOP', 'loop/a/up'],
      ['BROKEN_SYMLINK', 'loop/dangling.yaml'],
      ['SYMLINK_LOOP', 'loop/self'],
    ]);
    expect(listing.findings[0]?.message).toMatch(/links back to loop, a folder that contains it/);
  });

  it('should carry the link findings into the run as errors that fail it', async () => {
    const r = await run(['loop']);
    expect(brief(r)).toEqual([
      'SYMLINK_LOOP loop/a/up:1',
      'BROKEN_SYMLINK loop/dangling.yaml:1',
      'SYMLINK_LOOP loop/self:1',
    ]);
    expect(r.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(r.outcomes.map((o) => [o.snippet.file, o.status])).toEqual([['loop/a/cm.yaml', 'passed']]);
  });

  it('should follow links to files and folders, naming the files by the path walked', async () => {
    const listing = await listSources(['linked'], dir);
    expect(listing).toEqual({
      files: ['linked/dir-link/cm.yaml', 'linked/real/cm.yaml', 'linked/view/cm-link.yaml'],
      findings: [],
    });
  });

  it('should stop with exit 2 and the reason when a PATH itself is a looping link', async () => {
    const p = listSources(['loop/self'], dir);
    await expect(p).rejects.toBeInstanceOf(HarnessError);
    await expect(p).rejects.toThrow('cannot read loop/self: it is a symbolic link that loops.');
  });
});

describe('unreadable files and folders', () => {
  it('should report a file it may not read as UNREADABLE_FILE and go on with the others', async () => {
    const real = await vi.importActual<typeof fs>('node:fs');
    vi.mocked(fs.readFileSync).mockImplementation(((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (String(p).endsWith('secret.yaml')) throw eacces(String(p));
      return real.readFileSync(p, ...(rest as []));
    }) as typeof fs.readFileSync);
    try {
      const r = await run(['locked']);
      expect(brief(r)).toEqual(['UNREADABLE_FILE locked/secret.yaml:1']);
      expect(r.findings[0]?.message).toBe('This file cannot be read (EACCES). Fix its permissions or remove it.');
      expect(r.outcomes.map((o) => [o.snippet.file, o.status])).toEqual([['locked/fine.yaml', 'passed']]);
    } finally {
      vi.mocked(fs.readFileSync).mockReset();
    }
  });

  it('should report a folder it may not list as UNREADABLE_FOLDER', async () => {
    const real = await vi.importActual<typeof fsp>('node:fs/promises');
    vi.mocked(fsp.readdir).mockImplementation((async (p: string, o: unknown) => {
      if (String(p).endsWith('locked')) throw eacces(String(p));
      return real.readdir(p, o as { withFileTypes: true });
    }) as typeof fsp.readdir);
    try {
      const listing = await listSources(['.'], dir);
      expect(listing.findings.filter((f) => f.code === 'UNREADABLE_FOLDER').map((f) => f.file)).toEqual(['locked']);
      expect(listing.files.some((f) => f.startsWith('locked/'))).toBe(false);
    } finally {
      vi.mocked(fsp.readdir).mockReset();
    }
  });

  it('should read a file at the size cap and refuse one a byte over it', async () => {
    const size = Buffer.byteLength(CM);
    expect((await readSource('locked/fine.yaml', dir, size)).source?.text).toBe(CM);
    const over = await readSource('locked/fine.yaml', dir, size - 1);
    expect(over.finding?.code).toBe('FILE_TOO_LARGE');
    expect(over.finding?.message).toContain(`reads files up to ${size - 1} bytes (--max-file-size)`);
  });
});

describe('nesting depth', () => {
  it.each([
    { name: 'flow brackets', file: 'deep/flow.yaml', line: 7 },
    { name: 'block indentation', file: 'deep/block.yaml', line: 5 + MAX_NESTING - 1 },
    { name: 'a fence in a page', file: 'deep/page.md', line: 10 },
  ])('should report $name nested too deep as YAML_TOO_DEEP at the line, without a crash', async ({ file, line }) => {
    const r = await run([file]);
    expect(brief(r)).toEqual([`YAML_TOO_DEEP ${file}:${line}`]);
    expect(r.findings[0]?.message).toMatch(/nests more than 100 levels deep/);
    expect(r.outcomes.map((o) => o.status)).toEqual(['failed']);
  });

  it.each([
    { text: 'a: 1', depth: 1 },
    { text: 'a:\n  b:\n    c: 1', depth: 3 },
    { text: 'a: [1, [2, {b: 3}]]', depth: 4 },
    { text: 'a: "[[[[[[" # [[[[', depth: 1 },
    { text: "a: '{{{{'", depth: 1 },
    { text: 'a: |\n      deeply\n          indented text\nb: 1', depth: 1 },
    { text: '- - - a', depth: 4 },
    { text: 'a:\n  - b:\n      - c', depth: 4 },
  ])('should measure $text as $depth levels', ({ text, depth }) => {
    expect(nestingDepth(text).depth).toBe(depth);
  });

  it('should never bound a text below its measured depth (the bound skips the measure)', () => {
    const texts = [
      'a: 1',
      'a:\n  b:\n    c: 1',
      'a: [1, [2, {b: 3}]]',
      '- - - a',
      'a:\n  - b:\n      - c',
      'a:\n\t- b:\n   \u00a0  - c',
      'a: |\n      deeply\n          indented text\nb: 1',
      `${'['.repeat(120)}${']'.repeat(120)}`,
      Array.from({ length: 130 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      Array.from({ length: 60 }, (_, i) => `${'- '.repeat(i)}x`).join('\n'),
      'a:\r  b:\r    c: 1',
    ];
    // And every YAML file of the test fixtures, deliberate mistakes included.
    const dir = path.join(repoRoot, 'test', 'fixtures');
    for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (e.isFile() && /\.ya?ml$/.test(e.name)) texts.push(fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
    for (const text of texts) expect(depthBound(text)).toBeGreaterThanOrEqual(nestingDepth(text, 10_000).depth);
    expect(depthBound('spec:\n  containers:\n    - name: a\n')).toBeLessThan(MAX_NESTING);
  });

  it('should measure the repository-sized objects well inside the limit', () => {
    const pod =
      'spec:\n  template:\n    spec:\n      containers:\n        - name: a\n          env:\n            - name: x\n';
    expect(nestingDepth(pod).depth).toBeLessThan(MAX_NESTING / 5);
  });
});

describe('sizes', () => {
  it.each([
    ['2MiB', 2 * 1048576],
    ['512KiB', 512 * 1024],
    ['1MB', 1_000_000],
    ['300000', 300_000],
    ['1.5 MiB', 1.5 * 1048576],
    ['200b', 200],
  ])('should read %s as %d bytes', (s, n) => {
    expect(parseSize(s)).toBe(n);
  });

  it.each(['', 'huge', '-1MiB', '0', '2 GiB', '2MiBs'])('should refuse %j', (s) => {
    expect(parseSize(s)).toBeUndefined();
  });

  it.each([
    [2 * 1048576, '2 MiB'],
    [1.5 * 1048576, '1.5 MiB'],
    [2048, '2 KiB'],
    [200, '200 bytes'],
  ])('should write %d as %s', (n, s) => {
    expect(formatSize(n)).toBe(s);
  });
});
