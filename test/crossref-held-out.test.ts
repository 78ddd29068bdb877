// Held-out cases for the issue 14 cross-checks: fixtures written after the checks, in forms
// the first fixtures did not use (envFrom and a HelmRelease's valuesFrom, a gateway renamed by
// its install values, every way kubectl takes a selector, one Secret made in the wrong
// namespace on another page). Each names the exact file and line a reader would fix.
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { expectCase, expectOnlyCases } from './helpers/fixture-cases.ts';
import { harnessOptions } from './helpers/harness.ts';

let result: HarnessResult;

const CASES = [
  // Secrets and ConfigMaps taken whole (envFrom) or by key, from pods and from Flux.
  ['crossref-envfrom', 'page.md', 40, 'SECRET_NOT_PROVIDED', /envFrom uses Secret "proxy-cookie"/],
  ['crossref-envfrom', 'page.md', 44, 'CONFIGMAP_NOT_PROVIDED', /ConfigMap "proxy-flags", which nothing/],
  [
    'crossref-envfrom',
    'page.md',
    53,
    'SECRET_KEY_MISSING',
    /"OAUTH2_PROXY_COOKIE_SECRET" of Secret "proxy-env".*declared in ghostwire.prerequisites/,
  ],
  [
    'crossref-envfrom',
    'page.md',
    58,
    'CONFIGMAP_KEY_MISSING',
    /"email-domains" of ConfigMap "proxy-settings".*kubectl command at .*page.md:15\) holds only/,
  ],
  [
    'crossref-envfrom',
    'page.md',
    107,
    'SECRET_KEY_MISSING',
    /HelmRelease ghostwire reads key "auth.yaml" of Secret "ghostwire-values".*holds only values.yaml/,
  ],
  [
    'crossref-envfrom',
    'page.md',
    109,
    'CONFIGMAP_KEY_MISSING',
    /reads key "values.yaml" of ConfigMap "ghostwire-overrides".*only overrides.yaml/,
  ],
  [
    'crossref-envfrom',
    'page.md',
    132,
    'SECRET_NOT_PROVIDED',
    /HelmRelease valuesFrom uses Secret "ghostwire-secret-values"/,
  ],
  // A Helm-installed Istio gateway whose --set values change its ServiceAccount and labels.
  [
    'crossref-mesh-values',
    'page.md',
    6,
    'LABEL_LOOKUP_MATCHES_NOTHING',
    /-l istio=edge finds no pods in namespace gateways.*istio=edge-gw/,
  ],
  [
    'crossref-mesh-values',
    'page.md',
    9,
    'LABEL_LOOKUP_MATCHES_NOTHING',
    /-l istio=istio-public finds no pods in namespace edge2.*istio=public/,
  ],
  [
    'crossref-mesh-values',
    'page.md',
    29,
    'MESH_IDENTITY_UNKNOWN',
    /sa\/edge, but no ServiceAccount edge in namespace gateways.*known: .*gateways\/edge-sa/,
  ],
  ['crossref-mesh-values', 'page.md', 30, 'MESH_IDENTITY_UNKNOWN', /no ServiceAccount istio-edge2 in namespace edge2/],
  ['crossref-mesh-values', 'page.md', 35, 'MESH_IDENTITY_UNKNOWN', /admits namespace "ingress"/],
  [
    'crossref-mesh-values',
    'page.md',
    46,
    'SELECTOR_MATCHES_NOTHING',
    /selects gateway pods istio=edge, but .* carry istio=edge-gw/,
  ],
  [
    'crossref-mesh-values',
    'page.md',
    64,
    'MESH_IDENTITY_UNKNOWN',
    /MeshTLSAuthentication edge admits oauth2-proxy.auth.serviceaccount.identity/,
  ],
  [
    'crossref-mesh-values',
    'page.md',
    77,
    'MESH_IDENTITY_UNKNOWN',
    /MeshTLSAuthentication edge-refs admits namespace "auth"/,
  ],
  ['crossref-mesh-values', 'page.md', 92, 'MESH_IDENTITY_UNKNOWN', /admits Consul service "edge", but/],
  // The same gateway chart configured with a values file the page shows (-f): read, not skipped.
  [
    'crossref-mesh-values',
    'page.md',
    108,
    'LABEL_LOOKUP_MATCHES_NOTHING',
    /-l istio=public finds no pods in namespace public.*istio=public-gw/,
  ],
  [
    'crossref-mesh-values',
    'page.md',
    128,
    'MESH_IDENTITY_UNKNOWN',
    /sa\/public, but no ServiceAccount public in namespace public.*public\/public-gw-sa/,
  ],
  // Selectors as flags, attached, with =, in set notation, negated; logs, wait and top.
  [
    'crossref-lookup-forms',
    'page.md',
    14,
    'LABEL_LOOKUP_MATCHES_NOTHING',
    /name=signal finds no pods in namespace ghostwire/,
  ],
  ['crossref-lookup-forms', 'page.md', 15, 'LABEL_LOOKUP_MATCHES_NOTHING', /instance=signal finds no pods/],
  ['crossref-lookup-forms', 'page.md', 16, 'LABEL_LOOKUP_MATCHES_NOTHING', /component=web finds no pods/],
  ['crossref-lookup-forms', 'page.md', 18, 'LABEL_LOOKUP_MATCHES_NOTHING', /notin \(desktop,test\) finds no pods/],
  ['crossref-lookup-forms', 'page.md', 19, 'LABEL_LOOKUP_MATCHES_NOTHING', /-l !app.kubernetes.io\/name finds no/],
  // One story over several pages and an example folder.
  [
    'crossref-story-drift',
    'gitops.md',
    4,
    'SCENARIO_INCONSISTENT',
    /ghostwire\/oauth2-proxy .*ExternalSecret.* holds clientSecret, cookieSecret, but .* client-secret, cookie-secret/,
  ],
  [
    'crossref-story-drift',
    'gitops.md',
    29,
    'SCENARIO_INCONSISTENT',
    /reads Secret oauth2-proxy-creds here, but the same object at .*app\/proxy.yaml:1/,
  ],
  ['crossref-story-drift', 'gitops.md', 53, 'SECRET_NOT_PROVIDED', /Secret "oauth2-proxy-creds"/],
  [
    'crossref-story-drift',
    'install.md',
    8,
    'SCENARIO_INCONSISTENT',
    /oauth2-proxy is made in namespace auth here .* reads it in namespace ghostwire/,
  ],
] as const;

beforeAll(async () => {
  const dirs = [...new Set(CASES.map((c) => c[0]))];
  result = await runHarness(harnessOptions(dirs.map((d) => path.join('test', 'fixtures', d))));
}, 60_000);

describe('held-out cross-check cases', () => {
  it.each(CASES)('%s/%s:%i should report %s', (...c) => expectCase(result.findings, c));

  // The lines that must stay quiet: lookups that find the chart's objects, an optional envFrom,
  // the ServiceAccount the install really creates, a glob namespace, an all-namespaces lookup on
  // a generic key (other charts may carry it), and a page that agrees with the folder.
  it.each([...new Set(CASES.map((c) => c[0]))])('should report nothing else in %s', (dir) =>
    expectOnlyCases(result.findings, CASES, dir),
  );
});
