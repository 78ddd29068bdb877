// --kube-version gives that minor's verdict, for every minor from 1.30 to 1.36: typos in
// kinds and versions, APIs removed by then, APIs and fields that do not exist yet, fields
// newer than any older field list, kinds without a kubernetes-models validator, `kind:
// List`, and configuration files. The corpus is built from those categories, inline.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../scripts/harness/classify.ts';
import { DEFAULT_KUBE_VERSION } from '../scripts/harness/cli.ts';
import { extractYamlFile } from '../scripts/harness/extract.ts';
import { apiData, builtinApi, REMOVED_APIS } from '../scripts/harness/kube-apis.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { SchemaRegistry } from '../scripts/harness/schemas.ts';
import type { Finding } from '../scripts/harness/types.ts';
import { validateDocument } from '../scripts/harness/validate.ts';
import { harnessOptions } from './helpers/harness.ts';

const MINORS = [30, 31, 32, 33, 34, 35, 36];
const registries = new Map<number, SchemaRegistry>();
const registry = (minor: number) => {
  let r = registries.get(minor);
  if (!r)
    registries.set(
      minor,
      (r = new SchemaRegistry({
        kubeVersion: `1.${minor}.0`,
        locations: [],
        cacheDir: path.join(os.tmpdir(), 'ghostwire-kube-versions-no-cache'),
        crds: new Map(),
        online: false,
      })),
    );
  return r;
};

async function check(yaml: string, minor: number): Promise<Finding[]> {
  const c = classify(extractYamlFile('x.yaml', yaml));
  const out = [...c.findings];
  for (const d of c.documents)
    out.push(
      ...validateDocument(d, await registry(minor).lookup(d.apiVersion, d.kind), {
        kubeVersion: `1.${minor}.0`,
        strictMissing: true,
      }),
    );
  return out;
}
const codes = (fs: readonly Finding[]) => fs.map((f) => `${f.code} ${f.path}`);
const obj = (apiVersion: string, kind: string, rest = '') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${rest}`;

// ---------------------------------------------------------------------------------------
describe('typos in kinds and API versions are errors with a did-you-mean, at every minor', () => {
  const typos = [
    { yaml: obj('apps/v1', 'Deploymnet'), code: 'UNKNOWN_KIND kind', says: 'Did you mean "Deployment"?' },
    { yaml: obj('v1', 'configmap'), code: 'UNKNOWN_KIND kind', says: 'case-sensitive: did you mean "ConfigMap"?' },
    { yaml: obj('networking.k8s.io/v1', 'ingress'), code: 'UNKNOWN_KIND kind', says: 'did you mean "Ingress"?' },
    { yaml: obj('v1', 'Servcie'), code: 'UNKNOWN_KIND kind', says: 'Did you mean "Service"?' },
    { yaml: obj('v1', 'Deployment'), code: 'UNKNOWN_KIND kind', says: 'Deployment is served as apps/v1.' },
    { yaml: obj('apps/v2', 'Deployment'), code: 'UNKNOWN_API_VERSION apiVersion', says: 'served as apps/v1' },
    { yaml: obj('v2', 'ConfigMap'), code: 'UNKNOWN_API_VERSION apiVersion', says: 'ConfigMap is served as v1' },
    { yaml: obj('batch/v2', 'Job'), code: 'UNKNOWN_API_VERSION apiVersion', says: 'Job is served as batch/v1' },
    { yaml: obj('app/v1', 'Deployment'), code: 'NO_SCHEMA kind', says: 'No schema for app/v1 Deployment' },
  ];
  for (const minor of MINORS)
    it.each(typos)(`1.${minor}: $code ($says)`, async ({ yaml, code, says }) => {
      const fs = await check(yaml, minor);
      expect(codes(fs)).toEqual([code]);
      expect(fs[0]?.severity).toBe('error');
      expect(fs[0]?.message).toContain(says);
    });
});

// ---------------------------------------------------------------------------------------
describe('every API version removed since 1.16 is refused from its removal on', () => {
  // One object per removal row: the row's first kind, or for a whole version one of its kinds.
  const KIND_OF: Record<string, string> = {
    'apps/v1beta1': 'Deployment',
    'apps/v1beta2': 'DaemonSet',
    'extensions/v1beta1': 'Ingress',
    'apiextensions.k8s.io/v1beta1': 'CustomResourceDefinition',
    'apiregistration.k8s.io/v1beta1': 'APIService',
    'rbac.authorization.k8s.io/v1beta1': 'Role',
    'resource.k8s.io/v1alpha2': 'ResourceClass',
  };
  const rows = REMOVED_APIS.map(([apiVersion, kinds, removedIn]) => ({
    apiVersion,
    kind: (kinds === '*' ? (KIND_OF[apiVersion] ?? 'FlowSchema') : kinds[0]) as string,
    removedIn,
  }));

  it('should list the removals of the deprecation guide, 1.16 to 1.32', () => {
    const by = (m: number) => REMOVED_APIS.filter((r) => r[2] === m).map((r) => r[0]);
    expect(by(16)).toEqual(expect.arrayContaining(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']));
    expect(by(22)).toEqual(expect.arrayContaining(['storage.k8s.io/v1beta1', 'networking.k8s.io/v1beta1']));
    expect(by(25)).toEqual(expect.arrayContaining(['batch/v1beta1', 'policy/v1beta1', 'autoscaling/v2beta1']));
    expect(by(26)).toEqual(['flowcontrol.apiserver.k8s.io/v1beta1', 'autoscaling/v2beta2']);
    expect(by(27)).toEqual(['storage.k8s.io/v1beta1']);
    expect(by(29)).toEqual(['flowcontrol.apiserver.k8s.io/v1beta2']);
    expect(by(32)).toEqual(['flowcontrol.apiserver.k8s.io/v1beta3']);
  });

  for (const minor of MINORS)
    it.each(rows)(
      `1.${minor}: $apiVersion $kind (removed in 1.$removedIn)`,
      async ({ apiVersion, kind, removedIn }) => {
        const fs = await check(obj(apiVersion, kind), minor);
        if (minor >= removedIn) {
          expect(codes(fs)).toEqual(['REMOVED_API apiVersion']);
          expect(fs[0]?.message).toContain(`no longer served since Kubernetes 1.${removedIn}`);
        } else expect(fs.map((f) => f.code)).not.toContain('REMOVED_API');
      },
    );

  const flowSchema = obj(
    'flowcontrol.apiserver.k8s.io/v1beta3',
    'FlowSchema',
    'spec:\n  priorityLevelConfiguration:\n    name: workload-low\n',
  );
  it.each(MINORS)(
    '1.%i: a clean flowcontrol v1beta3 FlowSchema passes before 1.32 and is refused from 1.32',
    async (m) => {
      expect(codes(await check(flowSchema, m))).toEqual(m >= 32 ? ['REMOVED_API apiVersion'] : []);
    },
  );

  it('should refuse typos inside a removed API only once, as removed', async () => {
    const fs = await check(obj('apps/v1beta2', 'Deployment', 'spec:\n  replicsa: 1\n'), 30);
    expect(codes(fs)).toEqual(['REMOVED_API apiVersion']);
  });
});

// ---------------------------------------------------------------------------------------
describe('APIs added after 1.30 are refused before their minor and accepted from it', () => {
  const added = [
    { yaml: obj('resource.k8s.io/v1', 'DeviceClass', 'spec: {}\n'), from: 34 },
    { yaml: obj('resource.k8s.io/v1beta2', 'DeviceClass', 'spec: {}\n'), from: 33 },
    { yaml: obj('storage.k8s.io/v1', 'VolumeAttributesClass', 'driverName: csi.example.com\n'), from: 34 },
    { yaml: obj('networking.k8s.io/v1', 'ServiceCIDR', 'spec:\n  cidrs: [10.96.0.0/16]\n'), from: 33 },
    { yaml: obj('coordination.k8s.io/v1beta1', 'LeaseCandidate', 'spec:\n  leaseName: l\n'), from: 33 },
    { yaml: obj('admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy', 'spec: {}\n'), from: 35 },
    { yaml: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'spec: {}\n'), from: 30 },
  ];
  for (const minor of MINORS)
    it.each(added)(`1.${minor}: from 1.$from`, async ({ yaml, from }) => {
      const fs = await check(yaml, minor);
      if (minor < from) {
        expect(codes(fs)).toEqual(['API_NOT_AVAILABLE apiVersion']);
        expect(fs[0]?.message).toMatch(/is not served by Kubernetes 1\.\d+: it is new in Kubernetes 1\.\d+/);
      } else expect(codes(fs)).toEqual([]);
    });

  it('should name the API versions that do serve the kind at that minor', async () => {
    const fs = await check(obj('resource.k8s.io/v1', 'DeviceClass', 'spec: {}\n'), 33);
    expect(fs[0]?.message).toContain('DeviceClass is served as resource.k8s.io/v1alpha3, resource.k8s.io/v1beta1');
  });
});

// ---------------------------------------------------------------------------------------
describe('fields newer than 1.34 are accepted at 1.36 and refused where they do not exist yet', () => {
  const pod = (spec: string) =>
    obj('v1', 'Pod', `spec:\n  containers:\n    - name: c\n      image: nginx:1.27\n${spec}`);
  const fields = [
    {
      what: 'projected.sources[].podCertificate.userAnnotations',
      yaml: pod(
        '  volumes:\n    - name: cert\n      projected:\n        sources:\n          - podCertificate:\n' +
          '              signerName: example.com/signer\n              keyType: ED25519\n' +
          '              credentialBundlePath: bundle.pem\n              userAnnotations:\n                a: b\n',
      ),
      path: 'spec.volumes[0].projected.sources[0].podCertificate.userAnnotations',
      from: 35,
      before: 34,
    },
    {
      what: 'PodSpec.schedulingGroup',
      yaml: pod('  schedulingGroup:\n    podGroupName: g\n'),
      path: 'spec.schedulingGroup',
      from: 35,
    },
    {
      what: 'CSIDriverSpec.serviceAccountTokenInSecrets',
      yaml: obj('storage.k8s.io/v1', 'CSIDriver', 'spec:\n  serviceAccountTokenInSecrets: true\n'),
      path: 'spec.serviceAccountTokenInSecrets',
      from: 35,
    },
    {
      what: 'DRA DeviceAttribute.strings',
      yaml: obj(
        'resource.k8s.io/v1',
        'ResourceSlice',
        'spec:\n  driver: gpu.example.com\n  pool:\n    name: p\n    generation: 1\n    resourceSliceCount: 1\n' +
          '  nodeName: node-1\n  devices:\n    - name: gpu-0\n      attributes:\n        models:\n' +
          '          strings: [a, b]\n',
      ),
      path: 'spec.devices[0].attributes.models.strings',
      from: 35,
      api: 34,
    },
  ];
  for (const minor of MINORS)
    it.each(fields)(`1.${minor}: $what`, async ({ yaml, path: p, from, before, api }) => {
      const fs = await check(yaml, minor);
      if (api !== undefined && minor < api) expect(codes(fs)).toEqual(['API_NOT_AVAILABLE apiVersion']);
      else if (minor >= from) expect(codes(fs)).toEqual([]);
      else if (before !== undefined && minor < before)
        // The enclosing field is itself newer: the finding is at the outermost new field.
        expect(fs.map((f) => f.code)).toEqual(['FIELD_NOT_AVAILABLE']);
      else expect(codes(fs)).toEqual([`FIELD_NOT_AVAILABLE ${p}`]);
    });
});

// ---------------------------------------------------------------------------------------
describe('kinds kubernetes-models has no validator for still get the unknown-field and type checks', () => {
  it.each([
    { apiVersion: 'admissionregistration.k8s.io/v1', minor: 36 },
    { apiVersion: 'admissionregistration.k8s.io/v1beta1', minor: 34 },
    { apiVersion: 'admissionregistration.k8s.io/v1alpha1', minor: 32 },
  ])('$apiVersion MutatingAdmissionPolicy at 1.$minor', async ({ apiVersion, minor }) => {
    const fs = await check(
      obj(apiVersion, 'MutatingAdmissionPolicy', 'spec:\n  typoField: true\n  failurePolicy: 3\n'),
      minor,
    );
    // v1 has a kubernetes-models validator too (which adds its enum); the others only the field data.
    expect(codes(fs)).toEqual(
      expect.arrayContaining(['INVALID_TYPE spec.failurePolicy', 'UNKNOWN_FIELD spec.typoField']),
    );
    expect(
      codes(fs).every((c) => /^(INVALID_TYPE|INVALID_ENUM) spec\.failurePolicy|UNKNOWN_FIELD spec\.typoField$/.test(c)),
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
describe('the default --kube-version', () => {
  it('should be a minor the data covers, and not older than 1.30', () => {
    const minor = Number(DEFAULT_KUBE_VERSION.split('.')[1]);
    expect(minor).toBeGreaterThanOrEqual(30);
    expect(minor).toBeLessThanOrEqual(apiData().newestMinor);
  });
});

// ---------------------------------------------------------------------------------------
describe('kind: List and configuration files (test/fixtures/list-kind, config-kinds)', () => {
  it('should validate every item of a List at its own path and line, and need no name for the List', async () => {
    const r = await runHarness(harnessOptions(['test/fixtures/list-kind'], { crossref: false }));
    expect(r.findings.map((f) => [f.file, f.code, f.line, f.path])).toEqual([
      [
        'test/fixtures/list-kind/list.yaml',
        'UNKNOWN_FIELD',
        32,
        'items[1].spec.template.spec.containers[0].imagePullPolcy',
      ],
    ]);
    expect(r.findings[0]?.message).toContain('did you mean "imagePullPolicy"?');
    expect(r.coverage).toEqual({ documents: 2, checked: 2, allowlisted: 0, noSchema: 0 });
  });

  it('should pass a clean List, and report items that are not objects', async () => {
    const fs = await runHarness(harnessOptions(['test/fixtures/list-kind/clean-list.yaml'], { crossref: false }));
    expect(fs.findings).toEqual([]);
    const { listItems } = await import('../scripts/harness/list-kind.ts');
    const c = classify(extractYamlFile('x.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - just a string\n'));
    const doc = c.documents[0];
    if (!doc) throw new Error('no document');
    expect(listItems(doc).findings.map((f) => [f.code, f.line, f.path])).toEqual([
      ['NOT_A_KUBERNETES_OBJECT', 4, 'items[0]'],
    ]);
  });

  it('should classify AdmissionConfiguration, EgressSelectorConfiguration, kind Cluster as config files', async () => {
    const r = await runHarness(harnessOptions(['test/fixtures/config-kinds'], { crossref: false }));
    expect(r.findings.map((f) => [f.file.split('/').at(-1), f.code, f.severity])).toEqual([
      ['admission.yaml', 'CONFIG_FILE', 'warning'],
      ['egress.yaml', 'CONFIG_FILE', 'warning'],
      ['kind-cluster.yaml', 'CONFIG_FILE', 'warning'],
    ]);
    expect(r.findings[0]?.message).toContain('kube-apiserver');
    expect(r.findings[2]?.message).toContain('kind create cluster');
    expect(r.outcomes.map((o) => o.status)).toEqual(['passed', 'passed', 'passed']);
  });
});

// ---------------------------------------------------------------------------------------
describe('nothing that exists at a version is refused', () => {
  it.each(MINORS)('1.%i: every kind the data dates at or before it is served, unless removed', (minor) => {
    const refused = Object.entries(apiData().kinds)
      .filter(([, v]) => v.since <= minor)
      .map(([k]) => ({
        apiVersion: k.slice(0, k.lastIndexOf('/')).replace(/^\//, ''),
        kind: k.slice(k.lastIndexOf('/') + 1),
      }))
      .filter(({ apiVersion, kind }) => !builtinApi(apiVersion, kind, minor).served)
      .map(
        ({ apiVersion, kind }) =>
          `${apiVersion} ${kind}: ${(builtinApi(apiVersion, kind, minor) as { message: string }).message}`,
      );
    expect(refused.filter((r) => !r.includes('REMOVED') && !r.includes('no longer served'))).toEqual([]);
  });

  // An independent source: every top-level kind kubernetes-models 5.1.0 (Kubernetes 1.36) has a
  // class for is served at 1.36, unless the deprecation guide lists its removal.
  it('1.36: every kubernetes-models 5.1.0 kind is served, or removed per the deprecation guide', () => {
    const root = path.dirname(createRequire(import.meta.url).resolve('kubernetes-models/package.json'));
    const wrong: string[] = [];
    for (const group of readdirSync(root, { withFileTypes: true }).filter(
      (d) => d.isDirectory() && d.name !== '_schemas',
    )) {
      const versions = /^v\d/.test(group.name)
        ? ['']
        : readdirSync(path.join(root, group.name), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => d.name);
      for (const version of versions) {
        const dir = path.join(root, group.name, version);
        const apiVersion = version ? `${group.name}/${version}` : group.name;
        for (const f of readdirSync(dir).filter((x) => x.endsWith('.js') && x !== 'index.js')) {
          const kind = f.slice(0, -3);
          if (
            kind.endsWith('List') ||
            !readFileSync(path.join(dir, f), 'utf8').includes(`this.apiVersion="${apiVersion}"`)
          )
            continue;
          const v = builtinApi(apiVersion, kind, 36);
          if (!v.served && v.code !== 'REMOVED_API') wrong.push(`${apiVersion} ${kind}: ${v.message}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('a --kube-version beyond the data', () => {
  it('should stop the run with the reason (exit 2), not judge 1.37 by 1.36', () => {
    expect(
      () =>
        new SchemaRegistry({
          kubeVersion: '1.37.0',
          locations: [],
          cacheDir: os.tmpdir(),
          crds: new Map(),
          online: false,
        }),
    ).toThrow(/--kube-version 1\.37\.0: the Kubernetes data in schemas\/kubernetes goes up to 1\.36/);
  });
});
