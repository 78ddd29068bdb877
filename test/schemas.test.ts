// schemas.ts, crd-schemas.ts and core-schemas.ts: where a document's schema comes from —
// bundled core schemas, --crd manifests, schema folders and kubeconform-style templates
// (the CRD schema cache), and the public catalog through an injected fetch (never the network).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { skippable } from './skip.ts';
import { toKubeDocument } from '../scripts/harness/classify.ts';
import { CatalogSchemas, fillTemplate, schemaLocation, schemasFromCrds } from '../scripts/harness/crd-schemas.ts';
import { extractYamlFile } from '../scripts/harness/extract.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { CATALOG_URL, SchemaRegistry, type SchemaSourceOptions } from '../scripts/harness/schemas.ts';
import type { KubeDocument } from '../scripts/harness/types.ts';
import { validateDocument } from '../scripts/harness/validate.ts';
import { parseSnippet } from '../scripts/harness/yamldoc.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

const schemaDir = path.resolve(import.meta.dirname, '../../shared/crd-schemas');
const haveSchemas = existsSync(schemaDir);
const NO_SCHEMAS = `${schemaDir} is missing (the pre-filled CRD schema cache from ../shared); these tests need it`;
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
  // core-schemas.ts loads each kind's field-list tree lazily. Two kinds that share types
  // (a Deployment and a Pod share PodSpec, Container, ResourceRequirements, ...) load at
  // the same time in every run; loadTypeTree skips a model another load has already
  // registered but whose children that other load has not imported yet, so the Deployment
  // schema resolves before V1ResourceRequirements is known and walkUnknown silently accepts
  // any field below it until the Pod's load finishes. A fresh module instance makes the
  // order deterministic.
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
      coreSchema('apps/v1', 'Deployment').then((s) => s?.validate(obj).map((e) => e.path.join('.'))),
      coreSchema('v1', 'Pod'),
    ]);
    expect(paths).toEqual(['spec.template.spec.containers.0.resources.limit']);
  });
});

// ---------------------------------------------------------------------------------------
describe('the CRD schema cache', () => {
  const file = 'test/fixtures/cert-manager-dnsname/certificate.yaml';

  it.skipIf(!haveSchemas)(
    `a misspelled field in a cert-manager Certificate (dnsName) is caught through the CRD schema cache${haveSchemas ? '' : ` — skipped: ${NO_SCHEMAS}`}`,
    async () => {
      const r = await runHarness(
        harnessOptions(['test/fixtures/cert-manager-dnsname'], { schemaLocations: [schemaDir], crossref: false }),
      );
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
    },
  );

  it.skipIf(!haveSchemas)(
    skippable('should find the same schema through a kubeconform-style template location', !haveSchemas && NO_SCHEMAS),
    async () => {
      const r = await runHarness(
        harnessOptions(['test/fixtures/cert-manager-dnsname'], {
          schemaLocations: [path.join(schemaDir, TEMPLATE)],
          crossref: false,
        }),
      );
      expect(r.findings.map((f) => [f.code, f.file, f.line, f.path])).toEqual([
        ['UNKNOWN_FIELD', file, 9, 'spec.dnsName'],
      ]);
    },
  );

  it.skipIf(!haveSchemas)(
    skippable("should check a custom resource's metadata against ObjectMeta", !haveSchemas && NO_SCHEMAS),
    async () => {
      const fs = await validate(
        registry({ locations: [schemaDir] }),
        docOf(
          'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\n  lables: {a: b}\nspec:\n  secretName: s\n  dnsNames: [a.example.com]\n  issuerRef: {name: x}\n',
        ),
      );
      expect(fs.map((f) => [f.code, f.line, f.path])).toEqual([['UNKNOWN_FIELD', 5, 'metadata.lables']]);
      expect(fs[0]?.message).toContain('did you mean "labels"?');
    },
  );

  it('should without the cache say NO_SCHEMA and list the places it looked', async () => {
    const r = await runHarness(
      harnessOptions(['test/fixtures/cert-manager-dnsname'], {
        schemaLocations: [path.join(tmp, 'empty')],
        crossref: false,
      }),
    );
    expect(r.findings.map((f) => [f.code, f.severity, f.line, f.path])).toEqual([['NO_SCHEMA', 'warning', 3, 'kind']]);
    expect(r.findings[0]?.message).toContain(path.join(tmp, 'empty', 'cert-manager.io', 'certificate_v1.json'));
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
    expect(schemaLocation('/cache')).toEqual({
      spec: '/cache',
      template: path.join('/cache', '{{.Group}}', '{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'),
    });
    expect(schemaLocation(`/x/${TEMPLATE}`)).toEqual({ spec: `/x/${TEMPLATE}`, template: `/x/${TEMPLATE}` });
  });

  it('should search locations in order, take the first file that exists and compile it once', async () => {
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
  it('should use the bundled core schema for a core kind', async () => {
    const l = await registry().lookup('apps/v1', 'Deployment');
    expect(l.schema?.source).toMatch(/^kubernetes-models 1\.36 \+ field list V1Deployment \(1\.34\)$/);
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

  it('should not look in the catalog for an unknown core-group kind, nor download it', async () => {
    const fetchImpl = vi.fn();
    const l = await registry({ online: true, fetchImpl: fetchImpl as unknown as typeof fetch }).lookup('v1', 'Widget');
    expect(l.schema).toBeUndefined();
    expect(fetchImpl).not.toHaveBeenCalled();
    expect('looked' in l && l.looked[0]).toBe('bundled core schemas');
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

  it('should ignore objects that are not CustomResourceDefinitions and versions without a schema', () => {
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
            versions: [{ name: 'v1' }, { name: 'v2', schema: { openAPIV3Schema: { type: 'object' } } }],
          },
        },
      },
    ]);
    expect([...out.keys()]).toEqual(['x.io/v2/X']);
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
      'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/gadgets.example.com/gadget_v1alpha1.json',
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
      'the public CRDs catalog (not asked: download failed: fetch failed: getaddrinfo ENOTFOUND raw.githubusercontent.com)',
    );
    const second = await validate(reg, other, true);
    expect(second.map((f) => [f.code, f.severity])).toEqual([['NO_SCHEMA', 'error']]);
    expect(second[0]?.message).toContain('not asked: download failed');
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
    expect(fs[0]?.message).toMatch(/; the public CRDs catalog\. Pass --crd/);
    await validate(reg, other);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('should never call fetch when offline', async () => {
    const fetchImpl = vi.fn();
    const fs = await validate(registry({ online: false, fetchImpl: fetchImpl as unknown as typeof fetch }), gadget);
    expect(fs[0]?.message).toContain('(not asked: offline)');
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
