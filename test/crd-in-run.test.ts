// Upstream material mixes API objects with what applies them (a CRD next to its custom
// resources, a kustomization.yaml, a kubeconfig) and writes Secret data as kubectl sends it.
// Each gets the verdict kubectl and the API server would give.
import { describe, expect, it } from 'vitest';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions } from './helpers/harness.ts';

describe('custom resources defined by a CRD in the same run', async () => {
  const r = await runHarness(harnessOptions(['test/fixtures/crd-in-run']));
  const found = r.findings.map((f) => `${f.code} ${f.file.split('/').pop()}:${f.line}`);

  it('should check each resource against the schema of the CRD the run applies', () => {
    expect(found).toContain('INVALID_TYPE resources.yaml:16');
    expect(r.outcomes.find((o) => o.snippet.file.endsWith('resources.yaml'))?.documents.length).toBe(3);
  });

  it('should still refuse a version no CRD defines', () => {
    expect(found).toContain('NO_SCHEMA resources.yaml:20');
    expect(found).toHaveLength(2);
  });
});

describe('configuration files beside the manifests', async () => {
  const r = await runHarness(harnessOptions(['test/fixtures/config-files']));

  it.each([
    ['kustomization.yaml', /read by kustomize/],
    ['kubeconfig.yaml', /a kubeconfig file/],
  ])('should name %s as a configuration file with a warning, not fail it', (file, reason) => {
    const fs = r.findings.filter((f) => f.file.endsWith(file));
    expect(fs.map((f) => [f.code, f.severity])).toEqual([['CONFIG_FILE', 'warning']]);
    expect(fs[0]?.message).toMatch(reason);
  });
});

describe('Secret data read as the API server reads base64', async () => {
  const r = await runHarness(harnessOptions(['test/fixtures/secret-data']));

  it('should accept base64 wrapped over several lines and refuse what Go cannot decode', () => {
    expect(r.findings.map((f) => `${f.code} ${f.line} ${f.path}`)).toEqual([
      'INVALID_FORMAT 20 data.token',
      'INVALID_FORMAT 22 data.other',
    ]);
  });
});
