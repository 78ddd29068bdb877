// scripts/schemas-update.ts, the CRD half, on a small catalog made here: which schemas it
// takes (every version of every kind the repository uses, nothing else), how it stores
// them (gzip above 16 KB), what the manifest says, and that it refuses another commit.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/harness.ts';

const COMMIT = '7b1e26ef9deea49293714d204c1a2270aab1178f';
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-schemas-update-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function catalog(dir: string, readme: string): Promise<void> {
  const put = async (file: string, schema: unknown) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), JSON.stringify(schema, null, 2));
  };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'README.md'), readme);
  await writeFile(path.join(dir, 'LICENSE'), 'MIT License (test copy)\n');
  const small = { type: 'object', properties: { spec: { type: 'object' } } };
  await put('cert-manager.io/certificate_v1.json', small);
  await put('cert-manager.io/certificate_v1alpha3.json', small);
  await put('velero.io/podvolumebackup_v1.json', small);
  const big = {
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`field${i}`, { type: 'string' }])),
  };
  await put('argoproj.io/application_v1alpha1.json', big);
}

const run = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'scripts/schemas-update.ts', '--only', 'crds', ...args], {
    cwd: repoRoot,
    reject: false,
  });

describe('npm run schemas:update (CRD half)', () => {
  it('should take every version of the kinds in use, compress the large ones, and pin the commit', async () => {
    const cat = path.join(tmp, 'catalog');
    const out = path.join(tmp, 'out');
    await catalog(cat, `CRDs-catalog at commit ${COMMIT}\n`);
    const r = await run(['--catalog', cat, '--out', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.source).toMatchObject({ repository: 'datreeio/CRDs-catalog', commit: COMMIT, license: 'MIT' });
    expect(Object.keys(manifest.schemas).sort()).toEqual([
      'argoproj.io/v1alpha1/Application',
      'cert-manager.io/v1/Certificate',
      'cert-manager.io/v1alpha3/Certificate',
    ]);
    expect(manifest.schemas['argoproj.io/v1alpha1/Application'].file).toBe('argoproj.io/application_v1alpha1.json.gz');
    const big = JSON.parse(
      gunzipSync(readFileSync(path.join(out, 'argoproj.io/application_v1alpha1.json.gz'))).toString(),
    );
    expect(Object.keys(big.properties)).toHaveLength(600);
    expect(readFileSync(path.join(out, 'cert-manager.io/certificate_v1.json'), 'utf8')).toBe(
      '{"type":"object","properties":{"spec":{"type":"object"}}}',
    );
    expect(existsSync(path.join(out, 'velero.io'))).toBe(false);
    expect(manifest.notInCatalog).toContain('traefik.io/v1alpha1 IngressRoute');
    expect(readFileSync(path.join(out, 'LICENSE'), 'utf8')).toBe('MIT License (test copy)\n');
  });

  it('should refuse a catalog copy that names another commit, and a missing --catalog', async () => {
    const cat = path.join(tmp, 'other');
    await catalog(cat, 'CRDs-catalog at commit 0000000000000000000000000000000000000000\n');
    const r = await run(['--catalog', cat, '--out', path.join(tmp, 'out-other')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('refusing to mix');
    expect(existsSync(path.join(tmp, 'out-other'))).toBe(false);
    const none = await execa('node', ['--import', 'tsx', 'scripts/schemas-update.ts', '--only', 'crds'], {
      cwd: repoRoot,
      reject: false,
      env: { GHOSTWIRE_CRD_CATALOG: '' },
    });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('Pass --catalog');
  });
});
