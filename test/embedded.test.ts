import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detemplate, isGhostwireChart } from '../scripts/harness/embedded.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions } from './helpers/harness.ts';

describe('chart references', () => {
  it.each([
    ['ghostwire', true],
    ['oci://registry.example.com/charts/ghostwire', true],
    ['chart', true],
    ['./chart/', true],
    ['ingress-nginx', false],
    ['ghostwire-operator', false],
  ])('should treat %s as the Ghostwire chart: %s', (ref, yes) => {
    expect(isGhostwireChart(ref)).toBe(yes);
  });

  it('should replace ApplicationSet template expressions with sample values', () => {
    expect(detemplate({ a: 'ghostwire-{{user}}', b: ['{{ .cluster.name }}'], c: 3 })).toEqual({
      a: 'ghostwire-sample-user',
      b: ['sample-name'],
      c: 3,
    });
  });
});

describe('values embedded in GitOps objects are checked against the chart', async () => {
  const r = await runHarness(harnessOptions([path.join('test', 'fixtures', 'embedded-values')]));
  const file = 'test/fixtures/embedded-values/gitops.yaml';
  it.each([
    ['Flux HelmRelease spec.values', 'VALUES_INVALID_ENUM', 17, /replicaCount/],
    ['Argo CD Application (OCI) valuesObject', 'VALUES_INVALID_ENUM', 33, /tls\.mode/],
    ['Argo CD ApplicationSet template valuesObject', 'VALUES_UNKNOWN_FIELD', 60, /displayy/],
  ])('should report the mistake in %s at its line', (_what, code, line, message) => {
    const f = r.findings.find((x) => x.file === file && x.line === line);
    expect(f, JSON.stringify(r.findings, null, 1)).toBeDefined();
    expect(f?.code).toBe(code);
    expect(f?.message).toMatch(message);
  });
});
