// The cross-checks added for issue 14: Secret and ConfigMap keys, mesh identities, label
// lookups in documented commands, and one scenario across pages and example folders.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { expectCase, expectOnlyCases } from './helpers/fixture-cases.ts';
import { harnessOptions } from './helpers/harness.ts';

const fixtures = path.join('test', 'fixtures');
const CLEAN = [
  'crossref-lookup-other-chart',
  'crossref-keys-clean',
  'crossref-mesh-clean',
  'crossref-scenario-clean',
  'crossref-new-optouts',
];
let result: HarnessResult;
// NO_SCHEMA warnings depend on which CRD schemas the machine has; the checks here are errors.
const errors = () => result.findings.filter((f) => f.severity === 'error');

const CASES = [
  [
    'crossref-secret-key',
    'workload.yaml',
    45,
    'SECRET_KEY_MISSING',
    /key "token" of Secret "app-creds".*only password, username/,
  ],
  [
    'crossref-secret-key',
    'workload.yaml',
    50,
    'SECRET_KEY_MISSING',
    /"client_secret".*declared in ghostwire.prerequisites/,
  ],
  ['crossref-secret-key', 'workload.yaml', 61, 'SECRET_KEY_MISSING', /"ca.pem" of Secret "app-tls".*Certificate/],
  ['crossref-secret-key', 'workload.yaml', 69, 'SECRET_KEY_MISSING', /key "user" of Secret "app-creds"/],
  [
    'crossref-secret-key',
    'page.md',
    23,
    'SECRET_KEY_MISSING',
    /created by the kubectl command at .*page.md:4\) holds only cookie-secret/,
  ],
  ['crossref-secret-key', 'page.md', 41, 'SECRET_KEY_MISSING', /ClusterIssuer dns reads key "token".*only api-token/],
  ['crossref-configmap-key', 'workload.yaml', 32, 'CONFIGMAP_KEY_MISSING', /key "level" of ConfigMap "app-config"/],
  [
    'crossref-configmap-key',
    'workload.yaml',
    41,
    'CONFIGMAP_KEY_MISSING',
    /"settings.yaml".*only logo.png, settings.toml/,
  ],
  ['crossref-configmap-key', 'workload.yaml', 49, 'CONFIGMAP_KEY_MISSING', /"logo.svg"/],
  [
    'crossref-configmap-key',
    'workload.yaml',
    63,
    'CONFIGMAP_KEY_MISSING',
    /GrafanaDashboard app reads key "dashboard.json"/,
  ],
  [
    'crossref-configmap-key',
    'workload.yaml',
    84,
    'CONFIGMAP_NOT_PROVIDED',
    /ConfigMap "reader-settings", which nothing/,
  ],
  [
    'crossref-mesh',
    'page.md',
    13,
    'PREREQUISITE_MISMATCH',
    /creates ServiceAccount istio-ingress .*istio=ingress.*declares .*istio-ingressgateway/,
  ],
  [
    'crossref-mesh',
    'page.md',
    33,
    'MESH_IDENTITY_UNKNOWN',
    /sa\/istio-ingressgateway-service-account, but no ServiceAccount/,
  ],
  ['crossref-mesh', 'page.md', 35, 'MESH_IDENTITY_UNKNOWN', /admits namespace "monitoring"/],
  ['crossref-mesh', 'page.md', 46, 'MESH_IDENTITY_UNKNOWN', /no ServiceAccount prometheus in namespace monitoring/],
  [
    'crossref-mesh',
    'page.md',
    56,
    'MESH_IDENTITY_UNKNOWN',
    /no ServiceAccount ingress-nginx in namespace ingress-nginx/,
  ],
  ['crossref-mesh', 'page.md', 70, 'MESH_IDENTITY_UNKNOWN', /Consul service "nginx"/],
  [
    'crossref-mesh',
    'page.md',
    84,
    'SELECTOR_MATCHES_NOTHING',
    /Gateway ghostwire selects gateway pods istio=edge.*carry istio=ingress/,
  ],
  [
    'crossref-label-lookup',
    'page.md',
    5,
    'LABEL_LOOKUP_MATCHES_NOTHING',
    /istio=ingressgateway finds no pods in any namespace.*istio=ingress\)/,
  ],
  [
    'crossref-label-lookup',
    'page.md',
    6,
    'LABEL_LOOKUP_MATCHES_NOTHING',
    /app=ghostwire finds no pods in namespace ghostwire/,
  ],
  ['crossref-label-lookup', 'page.md', 8, 'LABEL_LOOKUP_MATCHES_NOTHING', /instance=signal finds no services/],
  ['crossref-label-lookup', 'page.md', 15, 'LABEL_LOOKUP_MATCHES_NOTHING', /finds no pods in namespace istio-ingress/],
  ['crossref-label-lookup', 'page.md', 23, 'OPT_OUT_WITHOUT_REASON', /without a reason/],
  ['crossref-label-lookup', 'page.md', 24, 'LABEL_LOOKUP_MATCHES_NOTHING', /app=nothing/],
  [
    'crossref-scenario',
    'page.md',
    9,
    'SCENARIO_INCONSISTENT',
    /holds OAUTH2_PROXY_CLIENT_SECRET.*app\/.ghostwire.yaml holds client-secret/,
  ],
  [
    'crossref-scenario',
    'page.md',
    12,
    'SCENARIO_INCONSISTENT',
    /release ghostwire \(the folder's examples assume signal\) and namespace ghostwire/,
  ],
  [
    'crossref-scenario',
    'page.md',
    18,
    'SCENARIO_INCONSISTENT',
    /oauth2-proxy reads Secret oauth2-proxy here, but the same object at .*app\/proxy.yaml:1/,
  ],
  [
    'crossref-scenario',
    'page.md',
    43,
    'SCENARIO_INCONSISTENT',
    /visits signal.example.com.*serve ghostwire.example.com/,
  ],
] as const;

beforeAll(async () => {
  const dirs = [...new Set(CASES.map((c) => c[0])), ...CLEAN];
  result = await runHarness(harnessOptions(dirs.map((d) => path.join(fixtures, d))));
}, 60_000);

describe('held-out mistakes, one per line', () => {
  it.each(CASES)('%s/%s:%i should report %s', (...c) => expectCase(result.findings, c));

  it.each([...new Set(CASES.map((c) => c[0]))])('should report nothing else in %s', (dir) =>
    expectOnlyCases(result.findings, CASES, dir),
  );
});

describe('the clean counterparts', () => {
  it.each(CLEAN)('%s should have zero findings', (dir) => {
    expect(errors().filter((f) => f.file.startsWith(`test/fixtures/${dir}/`))).toEqual([]);
  });

  it('should accept any key of a prerequisite Secret declared without keys', () => {
    const file = 'test/fixtures/crossref-keys-clean/workload.yaml';
    expect(result.outcomes.find((o) => o.snippet.file === file)?.status).toBe('passed');
  });
});

describe('opt-outs of the new checks', () => {
  const page = 'test/fixtures/crossref-new-optouts/page.md';
  it('should drop the findings and list each opt-out with its reason', () => {
    const listed = result.optOuts.filter((o) => o.file === page).map((o) => `${o.code}: ${o.reason}`);
    expect(new Set(listed)).toEqual(
      new Set([
        'SECRET_KEY_MISSING: shows the mistakes on purpose',
        'MESH_IDENTITY_UNKNOWN: shows the mistakes on purpose',
        'LABEL_LOOKUP_MATCHES_NOTHING: the pods of another tool',
      ]),
    );
  });

  it('should honour a # ghostwire-ignore comment inside a shell fence', () => {
    const file = 'test/fixtures/crossref-label-lookup/page.md';
    expect(result.optOuts).toContainEqual({
      file,
      line: 19,
      code: 'LABEL_LOOKUP_MATCHES_NOTHING',
      reason: 'the label of the old gateway, shown for the migration',
    });
    expect(result.findings.filter((f) => f.file === file && f.line === 19)).toEqual([]);
  });
});

describe('stories', () => {
  it('should not compare fixtures given as separate paths', () => {
    // crossref-scenario and crossref-scenario-clean hold the same Secret and Deployment names.
    expect(errors().filter((f) => f.file.includes('crossref-scenario-clean'))).toEqual([]);
  });
});
