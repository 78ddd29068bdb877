// Every YAML snippet in the repository's docs, examples and chart README is one named
// test, and passes; the guides cover every kind the content issue names.
import { describe, expect, it } from 'vitest';
import { fileLevelErrors, plainLine } from '../scripts/harness/report.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { DEFAULT_KUBE_VERSION, DEFAULT_PATHS } from '../scripts/harness/cli.ts';
import { harnessOptions } from './helpers/harness.ts';

// As the CLI runs by default: the oldest supported minor, schemas only from the repository.
const result = await runHarness(harnessOptions(DEFAULT_PATHS, { kubeVersion: DEFAULT_KUBE_VERSION }));
const looseErrors = fileLevelErrors(result);

describe('every snippet in docs/, examples/ and chart/README.md', () => {
  it.each(result.outcomes.map((o) => [`${o.snippet.file}:${o.snippet.line}`, o] as const))('%s', (_name, o) => {
    const errors = o.findings.filter((f) => f.severity === 'error').map(plainLine);
    expect(errors).toEqual([]);
    if (o.status === 'skipped') expect(o.reason?.trim()).toBeTruthy();
    else expect(o.status).toBe('passed');
  });

  it('should have no file-level errors (unreadable files, missing imports)', () => {
    expect(looseErrors.map(plainLine)).toEqual([]);
  });

  it('should check every document against a schema, except the allowlisted kinds, which it names', () => {
    expect(result.findings.filter((f) => f.code === 'NO_SCHEMA').map(plainLine)).toEqual([]);
    const kinds = new Set(
      result.findings
        .filter((f) => f.code === 'NO_SCHEMA_ALLOWLISTED')
        .map((f) => /No schema for (\S+ \S+) \(allowlisted/.exec(f.message)?.[1]),
    );
    expect([...kinds].sort()).toEqual([
      'config.kio.kasten.io/v1alpha1 Policy',
      'constraints.gatekeeper.sh/v1beta1 K8sRequireImageDigest',
      'consul.hashicorp.com/v1alpha1 ServiceIntentions',
      'policies.kyverno.io/v1 ValidatingPolicy',
    ]);
    const c = result.coverage;
    if (!c) throw new Error('runHarness returned no coverage');
    expect(c.noSchema).toBe(0);
    expect(c.checked + c.allowlisted).toBe(c.documents);
    expect(c.documents).toBe(result.documents);
  });
});

const KINDS_IN_GUIDES = [
  'networking.k8s.io/Ingress',
  'traefik.io/IngressRoute',
  'traefik.io/Middleware',
  'networking.istio.io/Gateway',
  'networking.istio.io/VirtualService',
  'projectcontour.io/HTTPProxy',
  'gateway.networking.k8s.io/HTTPRoute',
  'cert-manager.io/ClusterIssuer',
  'cert-manager.io/Certificate',
  'networking.k8s.io/NetworkPolicy',
  'projectcalico.org/NetworkPolicy',
  'cilium.io/CiliumNetworkPolicy',
  'monitoring.coreos.com/Probe',
  'monitoring.coreos.com/PrometheusRule',
  'velero.io/Schedule',
  'config.kio.kasten.io/Policy',
  'policy.linkerd.io/Server',
  'policy.linkerd.io/AuthorizationPolicy',
  'security.istio.io/PeerAuthentication',
  'security.istio.io/AuthorizationPolicy',
  'consul.hashicorp.com/ServiceIntentions',
  'source.toolkit.fluxcd.io/OCIRepository',
  'source.toolkit.fluxcd.io/HelmRepository',
  'helm.toolkit.fluxcd.io/HelmRelease',
  'argoproj.io/Application',
  'argoproj.io/ApplicationSet',
  'kyverno.io/ClusterPolicy',
  'templates.gatekeeper.sh/ConstraintTemplate',
  'external-secrets.io/ExternalSecret',
  'bitnami.com/SealedSecret',
  '/Namespace',
];

describe('the guides cover every kind of the Quick Reference', () => {
  const present = new Set(
    result.outcomes.flatMap((o) =>
      o.documents.map((d) => `${d.apiVersion.includes('/') ? d.apiVersion.split('/')[0] : ''}/${d.kind}`),
    ),
  );
  it.each(KINDS_IN_GUIDES)('%s', (kind) => {
    expect(present.has(kind)).toBe(true);
  });
});
