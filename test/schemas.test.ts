// schemas.ts, crd-schemas.ts and core-schemas.ts: where a document's schema comes from —
// the Kubernetes data and the CRD store that ship in schemas/, --crd manifests, schema
// folders and kubeconform-style templates, and the public catalog at the pinned commit
// through an injected fetch (never the network). No test here needs anything outside the
// repository.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toKubeDocument } from '../scripts/harness/classify.ts';
import { CatalogSchemas, fillTemplate, schemaLocation, schemasFromCrds } from '../scripts/harness/crd-schemas.ts';
import { extractYamlFile } from '../scripts/harness/extract.ts';
import { HarnessError } from '../scripts/harness/files.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { CATALOG_URL, SchemaRegistry, type SchemaSourceOptions } from '../scripts/harness/schemas.ts';
import type { KubeDocument } from '../scripts/harness/types.ts';
import { validateDocument } from '../scripts/harness/validate.ts';
import { parseSnippet } from '../scripts/harness/yamldoc.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

const TEMPLATE = '{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-schemas-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The documents of a YAML file in the repository. */
function docsOf(file: string): KubeDocument[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return parseSnippet(extractYamlFile(file, text)).docs.flatMap((d) => toKubeDocument(file, d) ?? []);
}
function docOf(yaml: string, file = 'x.yaml'): KubeDocument {
  const d = parseSnippet(extractYamlFile(file, yaml)).docs[0];
  const k = d && toKubeDocument(file, d);
  if (!k) throw new Error('not a Kubernetes object');
  return k;
}
const registry = (over: Partial<SchemaSourceOptions> = {}) =>
  new SchemaRegistry({
    kubeVersion: '1.32.0',
    locations: [],
    cacheDir: path.join(tmp, 'unused-cache'),
    crds: new Map(),
    online: false,
    ...over,
  });
const validate = async (r: SchemaRegistry, doc: KubeDocument, strictMissing = false) =>
  validateDocument(doc, await r.lookup(doc.apiVersion, doc.kind), { kubeVersion: '1.32.0', strictMissing });

// ---------------------------------------------------------------------------------------
describe('core schemas loaded concurrently', () => {
  // Two kinds that share types (a Deployment and a Pod share PodSpec, Container,
  // ResourceRequirements, ...) load at the same time in every run; an unknown field deep
  // below a shared type must be found whichever loads first.
  it('should find an unknown field below a type another kind is still loading', async () => {
    vi.resetModules();
    const { coreSchema } = await import('../scripts/harness/core-schemas.ts');
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'i', resources: { limit: { memory: '1Mi' } } }] },
        },
      },
    };
    // As runHarness does: each document is validated as soon as its own schema is there.
    const [paths] = await Promise.all([
      coreSchema('apps/v1', 'Deployment', 32, 'V1Deployment').then((s) =>
        s?.validate(obj).map((e) => e.path.join('.')),
      ),
      coreSchema('v1', 'Pod', 32, 'V1Pod'),
    ]);
    expect(paths).toEqual(['spec.template.spec.containers.0.resources.limit']);
  });
});

// ---------------------------------------------------------------------------------------
describe('the bundled CRD store (schemas/crds)', () => {
  const file = 'test/fixtures/cert-manager-dnsname/certificate.yaml';

  it('a misspelled field in a cert-manager Certificate (dnsName) is caught with no schema location', async () => {
    const r = await runHarness(harnessOptions(['test/fixtures/cert-manager-dnsname'], { crossref: false }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      code: 'UNKNOWN_FIELD',
      severity: 'error',
      file,
      line: 9,
      column: 3,
      path: 'spec.dnsName',
    });
    expect(r.findings[0]?.message).toMatch(
      /^Certificate web-example-com: spec\.dnsName unknown field "dnsName" \(did you mean "dnsNames"\?\)/,
    );
    expect(r.outcomes.map((o) => o.status)).toEqual(['failed']);
    expect(r.coverage).toEqual({ documents: 1, checked: 1, allowlisted: 0, noSchema: 0 });
  });

  it('should name the pinned catalog commit in the manifest, and hold every schema it lists', async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/crds/manifest.json'), 'utf8'));
    expect(manifest.source).toMatchObject({
      repository: 'datreeio/CRDs-catalog',
      commit: '7b1e26ef9deea49293714d204c1a2270aab1178f',
      license: 'MIT',
    });
    const entries = Object.entries(manifest.schemas) as [string, { file: string }][];
    expect(entries.length).toBeGreaterThan(50);
    for (const [, e] of entries) expect(existsSync(path.join(repoRoot, 'schemas/crds', e.file))).toBe(true);
    expect(existsSync(path.join(repoRoot, 'schemas/crds/LICENSE'))).toBe(true);
  });

  it('should read compressed schemas (Argo CD Application) and plain ones (SealedSecret)', async () => {
    const reg = registry();
    const app = await reg.lookup('argoproj.io/v1alpha1', 'Application');
    const sealed = await reg.lookup('bitnami.com/v1alpha1', 'SealedSecret');
    expect(app.schema?.source).toBe('schemas/crds/argoproj.io/application_v1alpha1.json.gz');
    expect(sealed.schema?.source).toBe('schemas/crds/bitnami.com/sealedsecret_v1alpha1.json');
  });

  it("should check a custom resource's metadata against ObjectMeta", async () => {
    const fs = await validate(
      registry(),
      docOf(
        'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\n  lables: {a: b}\nspec:\n' +
          '  secretName: s\n  dnsNames: [a.example.com]\n  issuerRef: {name: x}\n',
      ),
    );
    expect(fs.map((f) => [f.code, f.line, f.path])).toEqual([['UNKNOWN_FIELD', 5, 'metadata.lables']]);
    expect(fs[0]?.message).toContain('did you mean "labels"?');
  });

  it('should say NO_SCHEMA, an error by default, and list the places it looked', async () => {
    await mkdir(path.join(tmp, 'empty'), { recursive: true });
    const fs = await validate(
      registry({ locations: [path.join(tmp, 'empty')] }),
      docOf('apiVersion: gizmos.example.com/v1\nkind: Gizmo\nmetadata:\n  name: g\n'),
      true,
    );
    expect(fs.map((f) => [f.code, f.severity, f.line, f.path])).toEqual([['NO_SCHEMA', 'error', 2, 'kind']]);
    expect(fs[0]?.message).toContain(path.join(tmp, 'empty', 'gizmos.example.com', 'gizmo_v1.json'));
    expect(fs[0]?.message).toContain('the bundled schemas (datreeio/CRDs-catalog at 7b1e26e)');
  });

  it.each([
    ['config.kio.kasten.io/v1alpha1', 'Policy', 'Kasten'],
    ['consul.hashicorp.com/v1alpha1', 'ServiceIntentions', 'Consul'],
    ['policies.kyverno.io/v1', 'ValidatingPolicy', 'Kyverno'],
    ['constraints.gatekeeper.sh/v1beta1', 'K8sAnyConstraint', 'ConstraintTemplate'],
  ])('should report the allowlisted %s %s as such, with its reason, as a warning', async (apiVersion, kind, says) => {
    const fs = await validate(
      registry(),
      docOf(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: p\n`),
      true,
    );
    expect(fs.map((f) => [f.code, f.severity])).toEqual([['NO_SCHEMA_ALLOWLISTED', 'warning']]);
    expect(fs[0]?.message).toContain(says);
  });

  it('should not allowlist another kind of an allowlisted group', async () => {
    const fs = await validate(
      registry(),
      docOf('apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: m\n'),
      true,
    );
    expect(fs.map((f) => f.code)).toEqual(['NO_SCHEMA']);
  });

  // run.ts resolves a relative schema folder against options.cwd but leaves a relative
  // template as it is, so it is then read relative to process.cwd().
  it('should resolve a relative template location against the working directory, like a relative folder', async () => {
    const cwd = path.join(tmp, 'relative-template');
    await mkdir(path.join(cwd, 'schemas', 'widgets.example.com'), { recursive: true });
    await writeFile(
      path.join(cwd, 'schemas', 'widgets.example.com', 'widget_v1.json'),
      JSON.stringify({
        type: 'object',
        properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
      }),
    );
    await writeFile(
      path.join(cwd, 'widget.yaml'),
      'apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  sise: 1\n',
    );
    const byFolder = await runHarness(
      harnessOptions(['widget.yaml'], { cwd, schemaLocations: ['schemas'], crossref: false, chartDir: 'none' }),
    );
    expect(byFolder.findings.map((f) => [f.code, f.path])).toEqual([['UNKNOWN_FIELD', 'spec.sise']]);
    const byTemplate = await runHarness(
      harnessOptions(['widget.yaml'], {
        cwd,
        schemaLocations: [`schemas/${TEMPLATE}`],
        crossref: false,
        chartDir: 'none',
      }),
    );
    expect(byTemplate.findings.map((f) => [f.code, f.path])).toEqual([['UNKNOWN_FIELD', 'spec.sise']]);
  });
});

describe('schema locations and templates', () => {
  it.each([
    {
      template: 'dir/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json',
      want: 'dir/cert-manager.io/certificate_v1.json',
    },
    { template: '{{ .Group }}/{{.Kind}}-{{.ResourceAPIVersion}}.json', want: 'cert-manager.io/Certificate-v1.json' },
    {
      template: 'k8s/{{.NormalizedKubernetesVersion}}{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json',
      want: 'k8s/v1.32.0-strict/certificate-cert-manager-v1.json',
    },
    { template: '{{.KubernetesVersion}}/{{.Unknown}}', want: '1.32.0/{{.Unknown}}' },
  ])('should fill $template', ({ template, want }) => {
    expect(fillTemplate(template, 'cert-manager.io', 'v1', 'Certificate', '1.32.0')).toBe(want);
  });

  it('should give core kinds a KindSuffix without a group', () => {
    expect(fillTemplate('{{.ResourceKind}}{{.KindSuffix}}', '', 'v1', 'Service', '1.32.0')).toBe('service-v1');
  });

  it('should turn a folder into the CRDs-catalog layout and keep a template as it is', () => {
    expect(schemaLocation(tmp)).toEqual({
      spec: tmp,
      template: path.join(tmp, '{{.Group}}', '{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'),
    });
    expect(schemaLocation(`/x/${TEMPLATE}`)).toEqual({ spec: `/x/${TEMPLATE}`, template: `/x/${TEMPLATE}` });
  });

  it.each([
    { what: 'a folder that does not exist', spec: () => path.join(tmp, 'no-such-folder'), says: /no such folder/ },
    { what: 'a file, not a folder', spec: () => path.join(repoRoot, 'package.json'), says: /not a folder/ },
    { what: 'a template without placeholders', spec: () => 'schemas/{{.Nothing}}.json', says: /needs \{\{\.Group\}\}/ },
    {
      what: 'a URL without placeholders',
      spec: () => 'https://example.com/schema.json',
      says: /needs \{\{\.Group\}\}/,
    },
  ])('should refuse $what with a HarnessError (exit 2), never silently', ({ spec, says }) => {
    expect(() => schemaLocation(spec())).toThrow(HarnessError);
    expect(() => schemaLocation(spec())).toThrow(says);
  });

  it('should stop runHarness with the reason for a bad --schema-location', async () => {
    await expect(
      runHarness(harnessOptions(['test/fixtures/clean-core'], { schemaLocations: ['no/such/dir'], crossref: false })),
    ).rejects.toThrow(/--schema-location .*no\/such\/dir: no such folder/);
  });

  it('should search locations in order, take the first file that exists and compile it once', async () => {
    await mkdir(path.join(tmp, 'order-none'), { recursive: true });
    const a = path.join(tmp, 'order-a');
    const b = path.join(tmp, 'order-b');
    for (const [dir, prop] of [
      [a, 'fromA'],
      [b, 'fromB'],
    ] as const) {
      await mkdir(path.join(dir, 'example.com'), { recursive: true });
      await writeFile(
        path.join(dir, 'example.com', 'thing_v1.json'),
        JSON.stringify({ type: 'object', properties: { [prop]: {} } }),
      );
    }
    const cat = new CatalogSchemas(
      [schemaLocation(path.join(tmp, 'order-none')), schemaLocation(a), schemaLocation(b)],
      '1.32.0',
    );
    expect(cat.candidates('example.com', 'v1', 'Thing')).toEqual([
      path.join(tmp, 'order-none', 'example.com', 'thing_v1.json'),
      path.join(a, 'example.com', 'thing_v1.json'),
      path.join(b, 'example.com', 'thing_v1.json'),
    ]);
    const found = cat.find('example.com', 'v1', 'Thing');
    expect(found.schema?.validate({ fromA: 1 })).toEqual([]);
    expect(found.schema?.validate({ fromB: 1 }).map((e) => e.code)).toEqual(['UNKNOWN_FIELD']);
    expect(cat.find('example.com', 'v1', 'Thing').schema).toBe(found.schema);
  });

  it('should say why a schema file could not be used', async () => {
    const dir = path.join(tmp, 'broken');
    await mkdir(path.join(dir, 'example.com'), { recursive: true });
    await writeFile(path.join(dir, 'example.com', 'thing_v1.json'), '{ not json');
    const found = new CatalogSchemas([schemaLocation(dir)], '1.32.0').find('example.com', 'v1', 'Thing');
    expect(found.schema).toBeUndefined();
    expect(found.looked).toHaveLength(1);
    expect(found.looked[0]).toMatch(
      new RegExp(
        `^${path.join(dir, 'example.com', 'thing_v1.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(unusable: .+\\)$`,
      ),
    );
  });
});

describe('lookup order', () => {
  it('should use the bundled core schema for a core kind, with the field list of the minor', async () => {
    const l = await registry().lookup('apps/v1', 'Deployment');
    expect(l.schema?.source).toBe('kubernetes-models 1.36 + field list V1Deployment (1.32)');
  });

  it('should prefer a --crd schema over the bundled store', async () => {
    const crds = schemasFromCrds([
      {
        file: 'own-cert-manager.yaml',
        object: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          spec: {
            group: 'cert-manager.io',
            names: { kind: 'Certificate' },
            versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object' } } }],
          },
        },
      },
    ]);
    const l = await registry({ crds }).lookup('cert-manager.io/v1', 'Certificate');
    expect(l.schema?.source).toBe('own-cert-manager.yaml (Certificate v1)');
  });

  it('should prefer a --crd schema over the catalog', async () => {
    const crds = schemasFromCrds(docsOf('test/fixtures/crd-manifest/crds/widgets.example.com.yaml'));
    const dir = path.join(tmp, 'shadowed');
    await mkdir(path.join(dir, 'example.com'), { recursive: true });
    await writeFile(
      path.join(dir, 'example.com', 'widget_v1.json'),
      JSON.stringify({ type: 'object', additionalProperties: false }),
    );
    const l = await registry({ crds, locations: [dir] }).lookup('example.com/v1', 'Widget');
    expect(l.schema?.source).toBe('test/fixtures/crd-manifest/crds/widgets.example.com.yaml (Widget v1)');
    expect('meta' in l && l.meta?.source).toBe('ObjectMeta');
  });

  it('should refuse an unknown core-group kind without looking in any catalog, nor download it', async () => {
    const fetchImpl = vi.fn();
    const l = await registry({ online: true, fetchImpl: fetchImpl as unknown as typeof fetch }).lookup('v1', 'Widget');
    expect(l.schema).toBeUndefined();
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(l.refused?.code).toBe('UNKNOWN_KIND');
  });
});

// ---------------------------------------------------------------------------------------
describe('--crd manifests (test/fixtures/crd-manifest)', () => {
  const crdFile = 'test/fixtures/crd-manifest/crds/widgets.example.com.yaml';
  const crds = schemasFromCrds(docsOf(crdFile));
  const r = () => registry({ crds });
  const widget = (spec: string) =>
    docOf(`apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n${spec}`);

  it('should convert each served version, keyed group/version/Kind', () => {
    expect([...crds.keys()]).toEqual(['example.com/v1/Widget']);
  });

  it('should ignore objects that are not CustomResourceDefinitions, and refuse a version without a schema', () => {
    const out = schemasFromCrds([
      {
        file: 'a.yaml',
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          spec: { group: 'x', names: { kind: 'X' }, versions: [{ name: 'v1', schema: { openAPIV3Schema: {} } }] },
        },
      },
      {
        file: 'b.yaml',
        object: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          spec: {
            group: 'x.io',
            names: { kind: 'X' },
            versions: [{ name: 'v2', schema: { openAPIV3Schema: { type: 'object' } } }],
          },
        },
      },
    ]);
    expect([...out.keys()]).toEqual(['x.io/v2/X']);
    const noSchema = {
      file: 'c.yaml',
      object: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        spec: { group: 'x.io', names: { kind: 'X' }, versions: [{ name: 'v1' }] },
      },
    };
    expect(() => schemasFromCrds([noSchema])).toThrow(HarnessError);
    expect(() => schemasFromCrds([noSchema])).toThrow(/c\.yaml: X v1 has no openAPIV3Schema/);
  });

  it('should read a v1beta1 CustomResourceDefinition (spec.version and spec.validation)', async () => {
    const out = schemasFromCrds([
      {
        file: 'old.yaml',
        object: {
          apiVersion: 'apiextensions.k8s.io/v1beta1',
          kind: 'CustomResourceDefinition',
          spec: {
            group: 'old.example.com',
            version: 'v1alpha1',
            names: { kind: 'Relic' },
            validation: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { age: { type: 'integer' } } } },
              },
            },
          },
        },
      },
    ]);
    expect([...out.keys()]).toEqual(['old.example.com/v1alpha1/Relic']);
    const fs = await validate(
      registry({ crds: out }),
      docOf('apiVersion: old.example.com/v1alpha1\nkind: Relic\nmetadata:\n  name: r\nspec:\n  aeg: 3\n'),
    );
    expect(fs.map((f) => [f.code, f.path])).toEqual([['UNKNOWN_FIELD', 'spec.aeg']]);
  });

  it('should stop the run (exit 2) when --crd holds no CustomResourceDefinition', async () => {
    await expect(
      runHarness(
        harnessOptions(['test/fixtures/crd-manifest/examples'], {
          crdPaths: ['test/fixtures/crd-manifest/examples'],
          crossref: false,
        }),
      ),
    ).rejects.toThrow(HarnessError);
  });

  it('should reject the unknown field in the fixture through runHarness --crd, at its line', async () => {
    const res = await runHarness(
      harnessOptions(['test/fixtures/crd-manifest/examples'], {
        crdPaths: ['test/fixtures/crd-manifest/crds'],
        crossref: false,
      }),
    );
    expect(res.findings).toHaveLength(1);
    expect(res.findings[0]).toMatchObject({
      code: 'UNKNOWN_FIELD',
      severity: 'error',
      file: 'test/fixtures/crd-manifest/examples/widget.yaml',
      line: 8,
      column: 3,
      path: 'spec.mdoe',
    });
    expect(res.findings[0]?.message).toContain('unknown field "mdoe" (did you mean "mode"?)');
  });

  it.each([
    { what: 'an int-or-string as an integer', spec: '  size: 1\n  port: 8080\n' },
    { what: 'an int-or-string as a string', spec: '  size: 1\n  port: http\n' },
    {
      what: 'anything under x-kubernetes-preserve-unknown-fields',
      spec: '  size: 1\n  config:\n    any: [1, {deep: true}]\n',
    },
  ])('should accept $what', async ({ spec }) => {
    expect(await validate(r(), widget(spec))).toEqual([]);
  });

  it.each([
    { what: 'an unknown field', spec: '  size: 1\n  colour: red\n', want: [['UNKNOWN_FIELD', 7, 'spec.colour']] },
    { what: 'a wrong type', spec: '  size: "3"\n', want: [['INVALID_TYPE', 6, 'spec.size']] },
    { what: 'a value below the minimum', spec: '  size: 0\n', want: [['SCHEMA_VIOLATION', 6, 'spec.size']] },
    { what: 'a value outside the enum', spec: '  size: 1\n  mode: slow\n', want: [['INVALID_ENUM', 7, 'spec.mode']] },
    { what: 'a missing required field', spec: '  mode: fast\n', want: [['MISSING_REQUIRED', 5, 'spec']] },
    { what: 'a boolean int-or-string', spec: '  size: 1\n  port: true\n', want: [['INVALID_TYPE', 7, 'spec.port']] },
  ])('should reject $what', async ({ spec, want }) => {
    const fs = await validate(r(), widget(spec));
    expect(fs.map((f) => [f.code, f.line, f.path])).toEqual(want);
  });

  it('should stop the run with a clear error when a --crd path does not exist', async () => {
    await expect(
      runHarness(
        harnessOptions(['test/fixtures/crd-manifest/examples'], {
          crdPaths: ['test/fixtures/no-such-crds'],
          crossref: false,
        }),
      ),
    ).rejects.toThrow(/cannot read test\/fixtures\/no-such-crds: no such file or folder/);
  });
});

// ---------------------------------------------------------------------------------------
describe('the public catalog, through an injected fetch', () => {
  const gadgetSchema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
  };
  const gadget = docOf(
    'apiVersion: gadgets.example.com/v1alpha1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  sise: 1\n',
  );
  const other = docOf('apiVersion: other.example.com/v1\nkind: Other\nmetadata:\n  name: o\n');
  const fake = (respond: (url: string) => Response | Promise<Response>) =>
    vi.fn(async (url: string | URL | Request) => respond(String(url)));

  it('should download a missing schema into the cache folder, compile it and validate with it', async () => {
    const cacheDir = path.join(tmp, 'download-ok');
    const fetchImpl = fake(() => new Response(JSON.stringify(gadgetSchema), { status: 200 }));
    const reg = registry({ online: true, cacheDir, fetchImpl: fetchImpl as unknown as typeof fetch });
    const fs = await validate(reg, gadget);
    expect(fs.map((f) => [f.code, f.line, f.path])).toEqual([['UNKNOWN_FIELD', 6, 'spec.sise']]);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(fetchImpl.mock.calls[0]?.[0]).toBe(
      CATALOG_URL.replace('{{.Group}}', 'gadgets.example.com')
        .replace('{{.ResourceKind}}', 'gadget')
        .replace('{{.ResourceAPIVersion}}', 'v1alpha1'),
    );
    expect(fetchImpl.mock.calls[0]?.[0]).toBe(
      'https://raw.githubusercontent.com/datreeio/CRDs-catalog/7b1e26ef9deea49293714d204c1a2270aab1178f/' +
        'gadgets.example.com/gadget_v1alpha1.json',
    );
    const written = path.join(cacheDir, 'gadgets.example.com', 'gadget_v1alpha1.json');
    expect(JSON.parse(readFileSync(written, 'utf8'))).toEqual(gadgetSchema);
    // Asked again, it is neither downloaded again nor missing.
    expect((await validate(reg, gadget)).map((f) => f.code)).toEqual(['UNKNOWN_FIELD']);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    // A later run finds it in the cache, offline.
    expect((await validate(registry({ cacheDir }), gadget)).map((f) => f.code)).toEqual(['UNKNOWN_FIELD']);
  });

  it('should go offline after one failed download and say why in NO_SCHEMA', async () => {
    const cacheDir = path.join(tmp, 'download-fails');
    const fetchImpl = fake(() => {
      throw new TypeError('fetch failed: getaddrinfo ENOTFOUND raw.githubusercontent.com');
    });
    const reg = registry({ online: true, cacheDir, fetchImpl: fetchImpl as unknown as typeof fetch });
    const first = await validate(reg, gadget);
    expect(first.map((f) => [f.code, f.severity, f.line, f.path])).toEqual([['NO_SCHEMA', 'warning', 2, 'kind']]);
    expect(first[0]?.message).toContain(
      '(download failed: fetch failed: getaddrinfo ENOTFOUND raw.githubusercontent.com)',
    );
    const second = await validate(reg, other, true);
    expect(second.map((f) => [f.code, f.severity])).toEqual([['NO_SCHEMA', 'error']]);
    expect(second[0]?.message).toContain('download failed');
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('should stay online when the catalog has no such schema (404), and say it asked', async () => {
    const fetchImpl = fake(() => new Response('404: Not Found', { status: 404 }));
    const reg = registry({
      online: true,
      cacheDir: path.join(tmp, 'download-404'),
      fetchImpl: fetchImpl as unknown as typeof fetch,
    });
    const fs = await validate(reg, gadget);
    expect(fs[0]?.code).toBe('NO_SCHEMA');
    expect(fs[0]?.message).toMatch(/; the public CRDs catalog at 7b1e26e\. Add the kind/);
    await validate(reg, other);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('should never call fetch when not asked to go online (the default)', async () => {
    const fetchImpl = vi.fn();
    const fs = await validate(registry({ online: false, fetchImpl: fetchImpl as unknown as typeof fetch }), gadget);
    expect(fs[0]?.message).not.toContain('public CRDs catalog');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  // schemas.ts writes the downloaded text into the cache before parsing it; an HTML error
  // page or a truncated body served with 200 stays in the cache, and every later run
  // reports the schema as "(unusable: …)" instead of downloading it again.
  it('should not leave a download that is not JSON in the cache', async () => {
    const cacheDir = path.join(tmp, 'download-garbage');
    const fetchImpl = fake(() => new Response('<html>rate limited</html>', { status: 200 }));
    const fs = await validate(
      registry({ online: true, cacheDir, fetchImpl: fetchImpl as unknown as typeof fetch }),
      gadget,
    );
    expect(fs[0]?.code).toBe('NO_SCHEMA');
    const left = existsSync(cacheDir) ? await readdir(path.join(cacheDir, 'gadgets.example.com')).catch(() => []) : [];
    expect(left).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
describe('apiVersion and kind grammar, before any path or URL is built', () => {
  const evil = [
    { apiVersion: '../../../../etc/evil/v1', kind: 'Passwd', says: /must be "version" or "group\/version"/ },
    { apiVersion: '..evil/v1', kind: 'Passwd', says: /not a lowercase DNS subdomain/ },
    { apiVersion: 'example.com/../../v1', kind: 'X', says: /must be "version" or "group\/version"/ },
    { apiVersion: 'example.com/v1', kind: '../../x', says: /kind "..\/..\/x" is not an identifier/ },
    { apiVersion: 'Example.COM/v1', kind: 'X', says: /not a lowercase DNS subdomain/ },
    { apiVersion: 'example.com/1.0', kind: 'X', says: /does not have the form v1/ },
    { apiVersion: 'example.com/v1%2f..', kind: 'X', says: /does not have the form v1/ },
    { apiVersion: '/v1', kind: 'X', says: /must be "version" or "group\/version"/ },
  ];

  it.each(evil)(
    'should refuse apiVersion $apiVersion kind $kind with a clear finding',
    async ({ apiVersion, kind, says }) => {
      const fetchImpl = vi.fn();
      const cacheDir = path.join(tmp, 'evil-cache');
      const reg = registry({
        online: true,
        cacheDir,
        fetchImpl: fetchImpl as unknown as typeof fetch,
        locations: [tmp],
      });
      const fs = await validate(reg, docOf(`apiVersion: "${apiVersion}"\nkind: "${kind}"\nmetadata:\n  name: x\n`));
      expect(fs.map((f) => [f.code, f.severity])).toEqual([['INVALID_API_VERSION', 'error']]);
      expect(fs[0]?.message).toMatch(says);
      expect(fetchImpl).not.toHaveBeenCalled();
      expect(existsSync(cacheDir)).toBe(false);
    },
  );

  it('should keep every candidate file of a template inside its folder, whatever the values', () => {
    const cat = new CatalogSchemas([schemaLocation(tmp)], '1.32.0');
    expect(cat.candidates('..', '..', '..')).toEqual([]);
    expect(cat.candidates('a.example.com', 'v1', 'Kind')).toEqual([path.join(tmp, 'a.example.com', 'kind_v1.json')]);
  });
});
