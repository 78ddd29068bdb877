// The launcher behind `npm run validate`: it runs the harness from a bundle of its sources,
// rebuilt when a source changes, and gives the same verdict as the sources run through tsx.
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, freshBundle, heapFlags, pruneBundles } from '../scripts/harness/launch.mjs';
import { codeCacheFile, runFlags, runScript } from '../scripts/harness/launch-script.mjs';
import { repoRoot } from './helpers/harness.ts';

const launcher = path.join(repoRoot, 'scripts', 'harness', 'launch.mjs');

describe('bundle freshness', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-launch-'));
    await writeFile(path.join(root, 'entry.ts'), "import { x } from './dep.ts';\nexport const main = () => x;\n");
    await writeFile(path.join(root, 'dep.ts'), 'export const x: number = 1;\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('should reuse a bundle while its sources are unchanged and refuse it after any source changes', async () => {
    const dir = path.join(root, 'out');
    expect(freshBundle(dir, root)).toBeUndefined();
    const built: string = await buildBundle(dir, root, path.join(root, 'entry.ts'));
    expect(freshBundle(dir, root)).toBe(built);
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs.sort()).toEqual(['dep.ts', 'entry.ts']);
    // A change to a dependency, not only to the entry, makes the bundle stale.
    await writeFile(path.join(root, 'dep.ts'), 'export const x: number = 2;\n');
    expect(freshBundle(dir, root)).toBeUndefined();
    const rebuilt: string = await buildBundle(dir, root, path.join(root, 'entry.ts'));
    expect(rebuilt).not.toBe(built);
    const mod = runScript(rebuilt) as { main: () => number };
    expect(mod.main()).toBe(2);
  });

  it('should treat a deleted source as stale', async () => {
    const dir = path.join(root, 'out2');
    await buildBundle(dir, root, path.join(root, 'entry.ts'));
    await rm(path.join(root, 'dep.ts'));
    expect(freshBundle(dir, root)).toBeUndefined();
    await writeFile(path.join(root, 'dep.ts'), 'export const x: number = 1;\n');
  });
});

describe('npm run validate through the launcher', () => {
  const args = ['validate', 'test/fixtures/cli-unknown-field', '--offline', '--format', 'json'];
  let bundleDir: string;
  beforeAll(async () => {
    // Beside the real one: the bundle finds the packages it leaves outside from where it lies.
    const cache = path.join(repoRoot, 'node_modules', '.cache', 'ghostwire');
    await mkdir(cache, { recursive: true });
    bundleDir = await mkdtemp(path.join(cache, 'test-bundle-'));
  });
  afterAll(() => rm(bundleDir, { recursive: true, force: true }));

  it('should give the same report and exit code from the bundle as from the sources', async () => {
    const env = { GHOSTWIRE_BUNDLE_DIR: bundleDir };
    const bundled = await execa('node', [launcher, ...args], { cwd: repoRoot, reject: false, env });
    const sources = await execa('node', [launcher, ...args], {
      cwd: repoRoot,
      reject: false,
      env: { GHOSTWIRE_NO_BUNDLE: '1' },
    });
    expect(bundled.exitCode).toBe(1);
    expect(sources.exitCode).toBe(1);
    const strip = (s: string) => {
      const r = JSON.parse(s) as { summary: { ms?: number } };
      delete r.summary.ms;
      return r;
    };
    expect(strip(bundled.stdout)).toEqual(strip(sources.stdout));
    expect(bundled.stdout).toContain('UNKNOWN_FIELD');
    // The bundle was really built and used: its manifest lists the harness sources.
    const manifest = JSON.parse(await readFile(path.join(bundleDir, 'manifest.json'), 'utf8')) as {
      inputs: string[];
    };
    expect(manifest.inputs).toContain('scripts/harness/run.ts');
  }, 60_000);

  it('should run with the npm packages inside the bundle but share the validators format table', async () => {
    // core-schemas.ts aligns `format: byte` with Go's base64 in @kubernetes-models/validate; a
    // bundled copy of that package would change a table the validators never read.
    const env = { GHOSTWIRE_BUNDLE_DIR: bundleDir };
    const run = await execa(
      'node',
      [launcher, 'validate', 'test/fixtures/secret-data', '--offline', '--format', 'json'],
      {
        cwd: repoRoot,
        reject: false,
        env,
      },
    );
    const report = JSON.parse(run.stdout) as { findings: { code: string; line: number; path: string }[] };
    expect(report.findings.map((f) => `${f.code} ${f.line} ${f.path}`)).toEqual([
      'INVALID_FORMAT 20 data.token',
      'INVALID_FORMAT 22 data.other',
    ]);
    const manifest = JSON.parse(await readFile(path.join(bundleDir, 'manifest.json'), 'utf8')) as {
      inputs: string[];
    };
    const inside = manifest.inputs.filter((f) => f.startsWith('node_modules/'));
    expect(inside.some((f) => f.startsWith('node_modules/yaml/'))).toBe(true);
    expect(inside.filter((f) => f.includes('kubernetes-models'))).toEqual([]);
  }, 60_000);

  it('should give the verdict of the sources with its worker and its validators bundle', async () => {
    // Schema mistakes of many kinds (validators loaded from validators-*.mjs) and pages parsed
    // by the extraction worker (extract-worker-*.mjs), against the TypeScript sources run
    // through tsx, which use neither.
    const paths = [
      'wrong-type',
      'invalid-enum',
      'missing-required',
      'bad-quantity',
      'secret-data',
      'removed-api',
      'list-kind',
      'unknown-field',
      'extract-fences',
      'crossref-partials',
    ].map((f) => `test/fixtures/${f}`);
    const run = (env: Record<string, string>) =>
      execa('node', [launcher, 'validate', ...paths, '--offline', '--format', 'json'], {
        cwd: repoRoot,
        reject: false,
        env: { GHOSTWIRE_NO_CACHE: '1', ...env },
      });
    const [bundled, sources] = await Promise.all([
      // One worker whatever the cores (the default is none on two).
      run({ GHOSTWIRE_BUNDLE_DIR: bundleDir, GHOSTWIRE_EXTRACT_WORKERS: '1' }),
      run({ GHOSTWIRE_NO_BUNDLE: '1' }),
    ]);
    const strip = (s: string) => {
      const r = JSON.parse(s) as { summary: { ms?: number }; findings: unknown[] };
      delete r.summary.ms;
      return r;
    };
    expect(bundled.exitCode).toBe(1);
    expect(bundled.exitCode).toBe(sources.exitCode);
    expect(strip(bundled.stdout)).toEqual(strip(sources.stdout));
    expect(strip(bundled.stdout).findings.length).toBeGreaterThan(10);
    const manifest = JSON.parse(await readFile(path.join(bundleDir, 'manifest.json'), 'utf8')) as {
      bundle: string;
      validatorInputs: string[];
    };
    expect(manifest.validatorInputs).toContain('node_modules/kubernetes-models/package.json');
    const built = await readdir(bundleDir);
    const tag = manifest.bundle.replace(/^cli-/, '').replace(/\.cjs$/, '');
    expect(built).toEqual(expect.arrayContaining([`extract-worker-${tag}.mjs`, `validators-${tag}.cjs`]));
    // The run left a code cache beside each script it ran (launch-script.mjs).
    expect(built.filter((f) => f.endsWith('.v8cache')).map((f) => f.split('.')[0])).toEqual(
      expect.arrayContaining([`cli-${tag}`, `validators-${tag}`]),
    );
  }, 120_000);
});

describe('code cache of the bundles (launch-script.mjs)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-codecache-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const script = path.join(repoRoot, 'scripts', 'harness', 'launch-script.mjs');
  /** Runs `file` through runScript in a fresh process: how it was compiled, and what it returned. */
  const runFresh = async (file: string, env: Record<string, string> = {}) => {
    const child = await execa(
      'node',
      [
        '--input-type=module',
        '-e',
        `const { runScript, compiled } = await import(${JSON.stringify(script)});\n` +
          `const m = runScript(process.argv[1], process.env, 'test');\n` +
          'console.log(JSON.stringify({ state: compiled.get(process.argv[1]), value: m.value(), url: m.url }));',
        file,
      ],
      { env },
    );
    return JSON.parse(child.stdout) as { state: string; value: number; url: string };
  };
  const source = (n: number) =>
    `'use strict';\nconst twice = (x) => x * 2;\nexports.value = () => twice(${n});\n` +
    'exports.url = __ghostwireMetaUrl;\n';

  it('should write the cache on the first run, use it on the next, and give the same result', async () => {
    const file = path.join(dir, 'a.cjs');
    await writeFile(file, source(20));
    expect(await runFresh(file)).toMatchObject({ state: 'missing', value: 40 });
    const first = await runFresh(file);
    expect(first).toMatchObject({ state: 'used', value: 40 });
    expect(first.url).toBe(`file://${file}`);
  }, 30_000);

  it('should never read the cache of another text of the same length', async () => {
    // V8 checks cached data against the source's length only: the file name carries a hash of the text.
    const file = path.join(dir, 'b.cjs');
    await writeFile(file, source(21));
    await runFresh(file);
    expect((await runFresh(file)).state).toBe('used');
    await writeFile(file, source(22));
    expect(source(21).length).toBe(source(22).length);
    expect(codeCacheFile(file, source(21), 'test')).not.toBe(codeCacheFile(file, source(22), 'test'));
    expect(codeCacheFile(file, source(21), 'test')).not.toBe(codeCacheFile(file, source(21), '--jitless'));
    expect(await runFresh(file)).toMatchObject({ state: 'missing', value: 44 });
  }, 30_000);

  it('should compile as usual when the cache is damaged, and replace it', async () => {
    const file = path.join(dir, 'c.cjs');
    await writeFile(file, source(5));
    await runFresh(file);
    await writeFile(codeCacheFile(file, source(5), 'test'), 'not V8 data');
    expect(await runFresh(file)).toMatchObject({ state: 'rejected', value: 10 });
    expect(await runFresh(file)).toMatchObject({ state: 'used', value: 10 });
  }, 30_000);

  it('should neither read nor write a cache with GHOSTWIRE_NO_CODE_CACHE=1', async () => {
    const file = path.join(dir, 'd.cjs');
    await writeFile(file, source(1));
    expect(await runFresh(file, { GHOSTWIRE_NO_CODE_CACHE: '1' })).toMatchObject({ state: 'off', value: 2 });
    expect((await readdir(dir)).filter((f) => f.startsWith('d.cjs.'))).toEqual([]);
  }, 30_000);

  it("should name caches after V8's flags only, not after Node's own options", () => {
    // npm run validate (--v8-pool-size) and the benchmark's child (--input-type) share one cache.
    expect(runFlags({}, ['--v8-pool-size=0', '--input-type=module', '--import', 'tsx'])).toBe('');
    expect(
      runFlags({ NODE_OPTIONS: '--max-old-space-size=100 --no-warnings' }, ['--jitless', '--interrupt-budget=5']),
    ).toBe('--jitless --interrupt-budget=5 --max-old-space-size=100');
  });

  it('should prune the bundles of earlier builds once they are ten minutes old', async () => {
    const out = path.join(dir, 'prune');
    await mkdir(out);
    const names = [
      'cli-aaaaaaaaaaaaaaaa.cjs',
      'cli-aaaaaaaaaaaaaaaa.cjs.0123456789abcdef.11.3-x64.v8cache',
      'validators-aaaaaaaaaaaaaaaa.cjs',
      'cli-bbbbbbbbbbbbbbbb.cjs',
      'extract-worker-bbbbbbbbbbbbbbbb.mjs',
      'manifest.json',
    ];
    for (const n of names) await writeFile(path.join(out, n), '');
    // Eleven minutes on, everything but the kept build and the manifest is gone; a minute on, nothing is.
    pruneBundles(out, 'bbbbbbbbbbbbbbbb', Date.now() + 60_000);
    expect((await readdir(out)).sort()).toEqual([...names].sort());
    pruneBundles(out, 'bbbbbbbbbbbbbbbb', Date.now() + 11 * 60_000);
    expect((await readdir(out)).sort()).toEqual([
      'cli-bbbbbbbbbbbbbbbb.cjs',
      'extract-worker-bbbbbbbbbbbbbbbb.mjs',
      'manifest.json',
    ]);
  });
});

describe('heap flags', () => {
  it('should let the young generation grow faster unless the user set semi-space flags', () => {
    expect(heapFlags([], {})).toBe('--semi-space-growth-factor=4');
    expect(heapFlags(['--max-semi-space-size=64'], {})).toBeUndefined();
    expect(heapFlags([], { NODE_OPTIONS: '--max-old-space-size=4096 --max-semi-space-size=32' })).toBeUndefined();
    expect(heapFlags(['--enable-source-maps'], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBe(
      '--semi-space-growth-factor=4',
    );
  });
});
