// validate.ts with the real SchemaRegistry (offline): core kinds against the bundled
// schemas, the syntax rules no OpenAPI schema states, removed APIs and missing schemas.
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../scripts/harness/classify.ts';
import { extractYamlFile } from '../scripts/harness/extract.ts';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { SchemaRegistry } from '../scripts/harness/schemas.ts';
import type { Finding } from '../scripts/harness/types.ts';
import { checkQualifiedKey, minorOf, validateDocument, type ValidateOptions } from '../scripts/harness/validate.ts';
import { harnessOptions } from './helpers/harness.ts';

const registries = new Map<string, SchemaRegistry>();
/** The registry for one --kube-version: it decides which APIs and fields that version serves. */
const registry = (kubeVersion: string) => {
  let r = registries.get(kubeVersion);
  if (!r)
    registries.set(
      kubeVersion,
      (r = new SchemaRegistry({
        kubeVersion,
        locations: [],
        cacheDir: path.join(os.tmpdir(), 'ghostwire-validate-test-no-cache'),
        crds: new Map(),
        online: false,
      })),
    );
  return r;
};

/** Classifies a YAML file's text and validates every document; returns all findings. */
async function check(text: string, o: Partial<ValidateOptions> = {}): Promise<Finding[]> {
  const c = classify(extractYamlFile('x.yaml', text));
  const out = [...c.findings];
  const opts = { kubeVersion: '1.32.0', strictMissing: false, ...o };
  for (const d of c.documents)
    out.push(...validateDocument(d, await registry(opts.kubeVersion).lookup(d.apiVersion, d.kind), opts));
  return out;
}
const brief = (fs: readonly Finding[]) => fs.map((f) => `${f.code} ${f.line}:${f.column} ${f.path}`);

const meta = (kind: string, name: string, apiVersion = 'v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: "${name}"\n`;
const service = (targetPort: string) =>
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n' +
  `    - name: http\n      port: 80\n      targetPort: ${targetPort}\n`;

// ---------------------------------------------------------------------------------------
// Fixtures: one deliberate mistake each, run through the whole pipeline.
const FIXTURES = [
  {
    dir: 'unknown-field',
    file: 'page.md',
    code: 'UNKNOWN_FIELD',
    severity: 'error',
    line: 25,
    column: 13,
    path: 'spec.template.spec.containers[0].resources.limit',
    message:
      /^Deployment web: spec\.template\.spec\.containers\[0\]\.resources\.limit unknown field "limit" \(did you mean "limits"\?\)\. Check the spelling and the indentation/,
  },
  {
    dir: 'mis-indented-field',
    file: 'deployment.yaml',
    code: 'UNKNOWN_FIELD',
    severity: 'error',
    line: 18,
    column: 7,
    path: 'spec.template.spec.ports',
    message: /unknown field "ports"/,
  },
  {
    dir: 'wrong-type',
    file: 'service.yaml',
    code: 'INVALID_TYPE',
    severity: 'error',
    line: 11,
    column: 7,
    path: 'spec.ports[0].port',
    message: /^Service web: spec\.ports\[0\]\.port must be integer\. Quote strings/,
  },
  {
    dir: 'invalid-enum',
    file: 'service.yaml',
    code: 'INVALID_ENUM',
    severity: 'error',
    line: 7,
    column: 3,
    path: 'spec.type',
    message: /spec\.type must be one of .*"LoadBalancer".*Use one of the listed values/,
  },
  {
    dir: 'missing-required',
    file: 'deployment.yaml',
    code: 'MISSING_REQUIRED',
    severity: 'error',
    line: 6,
    column: 1,
    path: 'spec',
    message: /^Deployment web: spec missing required field "selector"\. Add the field\./,
  },
  {
    dir: 'bad-quantity',
    file: 'pod.yaml',
    code: 'INVALID_FORMAT',
    severity: 'error',
    line: 13,
    column: 11,
    path: 'spec.containers[0].resources.requests.memory',
    message: /is not a valid quantity/,
  },
  {
    dir: 'removed-api',
    file: 'ingress.yaml',
    code: 'REMOVED_API',
    severity: 'error',
    line: 2,
    column: 1,
    path: 'apiVersion',
    message:
      /^networking\.k8s\.io\/v1beta1 Ingress is no longer served since Kubernetes 1\.22 \(validating for Kubernetes 1\.32\); use networking\.k8s\.io\/v1\./,
  },
  {
    dir: 'no-schema',
    file: 'widget.yaml',
    code: 'NO_SCHEMA',
    severity: 'error',
    line: 3,
    column: 1,
    path: 'kind',
    message:
      /^No schema for widgets\.example\.com\/v1 Widget, so this document is not validated\. Looked in: the bundled schemas .*pass --crd/,
  },
] as const;

describe('fixtures with one deliberate mistake each', () => {
  let result: HarnessResult;
  beforeAll(async () => {
    const dirs = [...FIXTURES.map((f) => f.dir), 'clean-core'].map((d) => `test/fixtures/${d}`);
    result = await runHarness(
      harnessOptions(dirs, {
        crossref: false,
        chartDir: 'test/fixtures/no-chart-here',
      }),
    );
  });

  it.each(FIXTURES)(
    'should report $code at $dir/$file:$line:$column ($path)',
    ({ dir, file, code, severity, line, column, path: p, message }) => {
      const inDir = result.findings.filter((f) => f.file.startsWith(`test/fixtures/${dir}/`));
      expect(inDir, JSON.stringify(inDir, null, 1)).toHaveLength(1);
      expect(inDir[0]).toMatchObject({ code, severity, file: `test/fixtures/${dir}/${file}`, line, column, path: p });
      expect(inDir[0]?.message).toMatch(message);
    },
  );

  it('should pass a clean Deployment, Service and Ingress with zero findings (test/fixtures/clean-core)', () => {
    expect(result.findings.filter((f) => f.file.startsWith('test/fixtures/clean-core/'))).toEqual([]);
    const clean = result.outcomes.filter((o) => o.snippet.file.startsWith('test/fixtures/clean-core/'));
    expect(clean.map((o) => [o.snippet.file, o.kind, o.status, o.documents[0]?.kind])).toEqual([
      ['test/fixtures/clean-core/deployment.yaml', 'manifests', 'passed', 'Deployment'],
      ['test/fixtures/clean-core/ingress.yaml', 'manifests', 'passed', 'Ingress'],
      ['test/fixtures/clean-core/service.yaml', 'manifests', 'passed', 'Service'],
    ]);
  });

  it('should count the snippets: every mistake fails, a missing schema included', () => {
    const byDir = (d: string) => result.outcomes.find((o) => o.snippet.file.startsWith(`test/fixtures/${d}/`))?.status;
    expect(byDir('no-schema')).toBe('failed');
    for (const f of FIXTURES.filter((x) => x.severity === 'error')) expect(byDir(f.dir), f.dir).toBe('failed');
  });
});

// ---------------------------------------------------------------------------------------
describe('unknown fields', () => {
  it.each([
    {
      what: 'a typo in the pod spec',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  contianers:\n    - name: c\n      image: i\n',
      want: ['MISSING_REQUIRED 5:1 spec', 'UNKNOWN_FIELD 6:3 spec.contianers'],
      hint: 'did you mean "containers"?',
    },
    {
      what: 'a typo in a container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      imagee: i\n',
      want: ['UNKNOWN_FIELD 8:7 spec.containers[0].imagee'],
      hint: 'did you mean "image"?',
    },
    {
      what: 'a typo in metadata',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  lables: {a: b}\n',
      want: ['UNKNOWN_FIELD 5:3 metadata.lables'],
      hint: 'did you mean "labels"?',
    },
    {
      what: 'a field at the top level that belongs in spec',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nports:\n  - port: 80\n',
      want: ['UNKNOWN_FIELD 5:1 ports'],
      hint: 'unknown field "ports"',
    },
    {
      what: 'an Ingress rule field one level too deep',
      yaml:
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n' +
        '    - http:\n        host: a.example.com\n        paths: []\n',
      want: ['UNKNOWN_FIELD 8:9 spec.rules[0].http.host'],
      hint: 'unknown field "host"',
    },
  ])('should report $what', async ({ yaml, want, hint }) => {
    const fs = await check(yaml);
    expect(brief(fs)).toEqual(want);
    const unknown = fs.find((f) => f.code === 'UNKNOWN_FIELD');
    expect(unknown?.severity).toBe('error');
    expect(unknown?.message).toContain(hint);
  });

  it('should not suggest a name that is far from the typo', async () => {
    const fs = await check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nfrobnicate: 1\n');
    expect(brief(fs)).toEqual(['UNKNOWN_FIELD 5:1 frobnicate']);
    expect(fs[0]?.message).not.toContain('did you mean');
  });
});

describe('types, enums, required fields and formats', () => {
  it.each([
    {
      what: 'a string replica count',
      yaml:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: "2"\n' +
        '  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n' +
        '      containers: [{name: c, image: i}]\n',
      want: ['INVALID_TYPE 6:3 spec.replicas'],
      message: /spec\.replicas must be integer/,
    },
    {
      what: 'a map where a list belongs',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    name: c\n    image: i\n',
      want: ['INVALID_TYPE 6:3 spec.containers'],
      message: /must be array/,
    },
    {
      what: 'a restart policy that does not exist',
      yaml:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Sometimes\n' +
        '  containers: [{name: c, image: i}]\n',
      want: ['INVALID_ENUM 6:3 spec.restartPolicy'],
      message: /must be one of "Always", "Never", "OnFailure"/,
    },
    {
      what: 'a container without a name',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: i\n',
      want: ['MISSING_REQUIRED 7:7 spec.containers[0]'],
      message: /missing required field "name"/,
    },
    {
      what: 'a memory limit that is not a quantity',
      yaml:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n' +
        '      image: i\n      resources:\n        limits: {memory: 1Gx}\n',
      want: ['INVALID_FORMAT 10:18 spec.containers[0].resources.limits.memory'],
      message: /is not a valid quantity/,
    },
  ])('should report $what', async ({ yaml, want, message }) => {
    const fs = await check(yaml);
    expect(brief(fs)).toEqual(want);
    expect(fs[0]?.message).toMatch(message);
  });

  it.each(['100m', '0.5', '1', '2', '128Mi', '1G', '1e3', '"250m"'])('should accept the quantity %s', async (q) => {
    expect(
      await check(
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i\n' +
          `      resources:\n        requests: {cpu: ${q}, memory: ${q}}\n`,
      ),
    ).toEqual([]);
  });

  it.each(['8080', 'http', '"8080"'])('should accept the int-or-string targetPort %s', async (p) => {
    expect(await check(service(p))).toEqual([]);
  });

  it.each([
    { value: 'true', code: 'INVALID_TYPE' },
    { value: '{name: http}', code: 'INVALID_TYPE' },
    { value: '1.5', code: 'INVALID_FORMAT' },
  ])('should reject the targetPort $value ($code)', async ({ value, code }) => {
    expect(brief(await check(service(value)))).toEqual([`${code} 11:7 spec.ports[0].targetPort`]);
  });

  it('should reject a port name where an Ingress backend wants a number', async () => {
    const fs = await check(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  defaultBackend:\n' +
        '    service:\n      name: web\n      port:\n        number: http\n',
    );
    expect(brief(fs)).toEqual(['INVALID_TYPE 10:9 spec.defaultBackend.service.port.number']);
  });
});

describe('metadata.name and namespace syntax', () => {
  it.each([
    { kind: 'Service', name: 'web-1', ok: true },
    {
      kind: 'Service',
      name: 'my.svc',
      ok: false,
      message: /Service name "my\.svc" must be a lowercase RFC 1035 label: at most 63 characters/,
    },
    { kind: 'Service', name: 'a'.repeat(64), ok: false, message: /at most 63 characters/ },
    { kind: 'Namespace', name: 'team.a', ok: false, message: /label/ },
    { kind: 'Namespace', name: '1team', ok: true },
    { kind: 'ConfigMap', name: 'my.cfg', ok: true },
    {
      kind: 'ConfigMap',
      name: 'My_Cfg',
      ok: false,
      message: /ConfigMap name "My_Cfg" must be a lowercase RFC 1123 subdomain/,
    },
    { kind: 'ConfigMap', name: '-cfg', ok: false, message: /subdomain/ },
    { kind: 'ConfigMap', name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, ok: true },
    { kind: 'ConfigMap', name: 'a'.repeat(254), ok: false, message: /subdomain/ },
  ])('should judge $kind name "$name": ok=$ok', async ({ kind, name, ok, message }) => {
    const fs = await check(meta(kind, name));
    if (ok) expect(fs).toEqual([]);
    else {
      expect(brief(fs)).toEqual(['INVALID_NAME 4:3 metadata.name']);
      expect(fs[0]?.message).toMatch(message as RegExp);
    }
  });

  // Kubernetes validates Service names as RFC 1035 labels (ValidateServiceName =
  // NameIsDNS1035Label): they must start with a letter. "1web" is rejected by the API
  // server; the harness checks Services as RFC 1123 labels and accepts it.
  it('should reject a Service name that starts with a digit (RFC 1035 label)', async () => {
    expect(brief(await check(meta('Service', '1web')))).toEqual(['INVALID_NAME 4:3 metadata.name']);
  });

  // RBAC objects are validated with ValidateRBACName = path.IsValidPathSegmentName: any name
  // without "/" or "%" that is not "." or "..". The built-in ClusterRoles are named like
  // "system:aggregate-to-view"; the harness requires a DNS subdomain and rejects them.
  it.each([
    { kind: 'ClusterRole', name: 'system:aggregate-to-view', extra: 'rules: []\n' },
    {
      kind: 'ClusterRoleBinding',
      name: 'system:ghostwire',
      extra: 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n',
    },
  ])('should accept the RBAC path-segment name $name for a $kind', async ({ kind, name, extra }) => {
    expect(await check(`${meta(kind, name, 'rbac.authorization.k8s.io/v1')}${extra}`)).toEqual([]);
  });

  it('should report a missing metadata.name at metadata, and accept generateName', async () => {
    const fs = await check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n');
    expect(brief(fs)).toEqual(['MISSING_REQUIRED 3:1 metadata']);
    expect(fs[0]?.message).toBe('ConfigMap: metadata.name is missing; every object needs a name to be applied.');
    expect(await check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cfg-\n')).toEqual([]);
  });

  it('should report an invalid namespace', async () => {
    const fs = await check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: Team_A\n');
    expect(brief(fs)).toEqual(['INVALID_NAME 5:3 metadata.namespace']);
    expect(fs[0]?.message).toMatch(/Namespace "Team_A" must be a lowercase RFC 1123 label/);
  });
});

describe('label and annotation syntax', () => {
  const labels = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    ${body}\n`;

  it.each([
    { body: 'app.kubernetes.io/name: web', ok: true },
    { body: 'app: ""', ok: true },
    { body: 'tier: back_end.v1', ok: true },
    {
      body: 'Example.com/app: web',
      path: 'metadata.labels["Example.com/app"]',
      message: /Label key "Example\.com\/app" is invalid: its prefix "Example\.com" must be a lowercase DNS subdomain/,
    },
    { body: 'a/b/c: web', path: 'metadata.labels["a/b/c"]', message: /its prefix "a\/b"/ },
    {
      body: '"bad key": web',
      path: 'metadata.labels["bad key"]',
      message: /its name part "bad key" must be 1-63 characters/,
    },
    { body: `${'k'.repeat(64)}: web`, path: `metadata.labels.${'k'.repeat(64)}`, message: /1-63 characters/ },
    {
      body: 'app: -web',
      path: 'metadata.labels.app',
      message: /Label value "-web" of "app" must be at most 63 characters/,
    },
    { body: 'app: web-', path: 'metadata.labels.app', message: /Label value "web-"/ },
    { body: `app: ${'v'.repeat(64)}`, path: 'metadata.labels.app', message: /at most 63 characters/ },
  ])('should judge the label $body', async ({ body, ok, path: p, message }) => {
    const fs = await check(labels(body));
    if (ok) expect(fs).toEqual([]);
    else {
      expect(brief(fs)).toEqual([`INVALID_LABEL 6:5 ${p}`]);
      expect(fs[0]?.message).toMatch(message as RegExp);
    }
  });

  it('should check annotation keys but not annotation values', async () => {
    const fs = await check(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n' +
        '    ok.example.com/any: "-- anything, even spaces --"\n    Bad.example.com/x: v\n',
    );
    expect(brief(fs)).toEqual(['INVALID_LABEL 7:5 metadata.annotations["Bad.example.com/x"]']);
    expect(fs[0]?.message).toMatch(/^Annotation key "Bad\.example\.com\/x" is invalid/);
  });

  it.each([
    { key: 'app', ok: true },
    { key: 'example.com/app', ok: true },
    { key: 'a.b', ok: true },
    { key: '/app', ok: false },
    { key: 'example.com/', ok: false },
    { key: '_app', ok: false },
  ])('checkQualifiedKey($key) ok=$ok', ({ key, ok }) => {
    expect(checkQualifiedKey(key) === undefined).toBe(ok);
  });
});

describe('removed APIs', () => {
  const ingressV1beta1 =
    'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n' +
    '    serviceName: web\n    servicePort: 80\n';

  it('should report networking.k8s.io/v1beta1 Ingress at --kube-version 1.32, at apiVersion', async () => {
    const fs = await check(ingressV1beta1, { kubeVersion: '1.32.0' });
    expect(brief(fs)).toEqual(['REMOVED_API 1:1 apiVersion']);
    expect(fs[0]?.message).toBe(
      'networking.k8s.io/v1beta1 Ingress is no longer served since Kubernetes 1.22 (validating for Kubernetes 1.32); ' +
        'use networking.k8s.io/v1.',
    );
  });

  it('should accept it at --kube-version 1.21, where it is still served', async () => {
    expect(await check(ingressV1beta1, { kubeVersion: '1.21.0' })).toEqual([]);
  });

  it.each([
    { apiVersion: 'batch/v1beta1', kind: 'CronJob', kube: '1.24.0', removed: false },
    { apiVersion: 'batch/v1beta1', kind: 'CronJob', kube: '1.25.0', removed: true },
    { apiVersion: 'extensions/v1beta1', kind: 'Deployment', kube: '1.22.0', removed: true },
    { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', kube: '1.32.0', removed: true },
    { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', kube: '1.25.0', removed: false },
    { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', kube: '1.26.0', removed: true },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', kube: '1.32.0', removed: false },
  ])('$apiVersion $kind at $kube: removed=$removed', async ({ apiVersion, kind, kube, removed }) => {
    const fs = await check(`${meta(kind, 'x', apiVersion)}`, { kubeVersion: kube });
    expect(fs.some((f) => f.code === 'REMOVED_API')).toBe(removed);
  });

  it.each([
    { v: '1.32.0', minor: 32 },
    { v: 'v1.21', minor: 21 },
    { v: '1.9.3', minor: 9 },
  ])('minorOf($v) = $minor', ({ v, minor }) => {
    expect(minorOf(v)).toBe(minor);
  });
});

describe('documents with no schema', () => {
  const widget = 'apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';

  it('should warn with strictMissing off (--allow-missing), naming where it looked and what to do', async () => {
    const fs = await check(widget);
    expect(fs.map((f) => [f.code, f.severity, f.line, f.column, f.path])).toEqual([
      ['NO_SCHEMA', 'warning', 2, 1, 'kind'],
    ]);
    expect(fs[0]?.message).toContain('No schema for widgets.example.com/v1 Widget');
    expect(fs[0]?.message).toContain('the bundled schemas (datreeio/CRDs-catalog at 7b1e26e)');
    expect(fs[0]?.message).not.toContain('public CRDs catalog');
    expect(fs[0]?.message).toMatch(/pass --crd .* or --schema-location .* or allowlist it with a reason/);
  });

  it('should be an error with strictMissing (the CLI default)', async () => {
    const fs = await check(widget, { strictMissing: true });
    expect(fs.map((f) => [f.code, f.severity])).toEqual([['NO_SCHEMA', 'error']]);
  });

  it('should still check metadata syntax of a document with no schema', async () => {
    const fs = await check('apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: Bad_Name\n');
    expect(fs.map((f) => f.code).sort()).toEqual(['INVALID_NAME', 'NO_SCHEMA']);
  });
});
