// values.yaml and values.schema.json: in step with each other, every key
// documented with a working example, and bad values refused by helm naming the key.
import { Ajv } from 'ajv';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveHelm, type HelmBinary } from '../../scripts/harness/helm';
import { deref, parseValuesDocs, type ValueDoc } from '../../scripts/chart-readme';
import { CHART_DIR, render, renderError, type Obj } from './render';

type Schema = Record<string, unknown>;

let schema: Schema;
let values: Obj;
let docs: ValueDoc[];

beforeAll(async () => {
  const [schemaText, valuesText] = await Promise.all([
    readFile(path.join(CHART_DIR, 'values.schema.json'), 'utf8'),
    readFile(path.join(CHART_DIR, 'values.yaml'), 'utf8'),
  ]);
  schema = JSON.parse(schemaText) as Schema;
  values = parse(valuesText) as Obj;
  docs = parseValuesDocs(valuesText);
});

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A schema object with a fixed set of keys (additionalProperties: false). */
const isFixed = (s: Schema | undefined): boolean =>
  !!s && s['additionalProperties'] === false && isMap(s['properties']);

/** Kubernetes API types (definitions named io.k8s.*) list every field Kubernetes has; values.yaml sets only some. */
const isKubernetesType = (s: Schema | undefined): boolean =>
  typeof s?.['$ref'] === 'string' && (s['$ref'] as string).startsWith('#/definitions/io.k8s.');

/** Keys in values.yaml that the schema does not describe. */
function valuesWithoutSchema(root: Schema, v: Obj, s: Schema | undefined, at: string[]): string[] {
  const node = deref(root, s);
  const out: string[] = [];
  for (const [k, child] of Object.entries(v)) {
    const here = [...at, k].join('.');
    const props = (node?.['properties'] ?? {}) as Record<string, Schema>;
    const sub =
      props[k] ?? (isMap(node?.['additionalProperties']) ? (node['additionalProperties'] as Schema) : undefined);
    if (!sub) {
      if (isFixed(node) || !node) out.push(here);
      continue;
    }
    if (isMap(child)) out.push(...valuesWithoutSchema(root, child, sub, [...at, k]));
  }
  return out;
}

/** Properties of the chart's own fixed objects that values.yaml leaves out. */
function schemaWithoutValues(root: Schema, s: Schema | undefined, v: unknown, at: string[]): string[] {
  if (isKubernetesType(s)) return [];
  const node = deref(root, s);
  if (!isFixed(node)) return [];
  const out: string[] = [];
  for (const [k, sub] of Object.entries(node?.['properties'] as Record<string, Schema>)) {
    const here = [...at, k].join('.');
    if (!isMap(v) || !(k in v)) out.push(here);
    else out.push(...schemaWithoutValues(root, sub, v[k], [...at, k]));
  }
  return out;
}

/** Helm's merge: maps merge, everything else replaces. */
function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMap(v) && isMap(out[k]) ? merge(out[k], v) : v;
  return out;
}

function nest(keys: readonly string[], value: unknown): Obj {
  return keys.reduceRight<Obj>((acc, k, i) => (i === keys.length - 1 ? { [k]: value } : { [k]: acc }), {});
}

describe('values.schema.json', () => {
  it('should compile under ajv strict mode and accept values.yaml', () => {
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
  });

  it('should describe every key of values.yaml', () => {
    expect(valuesWithoutSchema(schema, values, schema, [])).toEqual([]);
  });

  it('should have every key of its fixed objects in values.yaml', () => {
    expect(schemaWithoutValues(schema, schema, values, [])).toEqual([]);
  });

  it('should refuse unknown keys at every fixed level', () => {
    const fixedWithoutStrictness: string[] = [];
    const walk = (s: Schema | undefined, at: string) => {
      const node = deref(schema, s);
      if (node?.['type'] !== 'object' || !isMap(node['properties'])) return;
      // `global` is shared with the parent chart and its other subcharts, so it stays open.
      if (node['additionalProperties'] !== false && at !== 'global') fixedWithoutStrictness.push(at || '(root)');
      for (const [k, sub] of Object.entries(node['properties'] as Record<string, Schema>))
        walk(sub, at ? `${at}.${k}` : k);
    };
    walk(schema, '');
    expect(fixedWithoutStrictness).toEqual([]);
  });

  it('should pin replicaCount to 1 and explain why', () => {
    const rc = (schema['properties'] as Record<string, Schema>)['replicaCount'];
    expect(rc).toMatchObject({ type: 'integer', const: 1 });
    expect(String(rc?.['description'])).toMatch(/one release is one Signal account/);
  });
});

describe('values.yaml documentation', () => {
  it('should document every key with prose', () => {
    expect(docs.filter((d) => d.description.length < 10).map((d) => `${d.key} (line ${d.line})`)).toEqual([]);
  });

  it('should give every key an example', () => {
    expect(
      docs.filter((d) => d.example === undefined || d.example.trim() === '').map((d) => `${d.key} (line ${d.line})`),
    ).toEqual([]);
  });

  it('should give examples that set the key they document and that the schema accepts', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const problems: string[] = [];
    for (const d of docs) {
      if (d.example === undefined) continue;
      let example: unknown;
      try {
        example = parse(d.example);
      } catch (e) {
        problems.push(`${d.key}: example is not YAML: ${String(e)}`);
        continue;
      }
      const name = d.path[d.path.length - 1] as string;
      if (!isMap(example) || !(name in example) || Object.keys(example).length !== 1) {
        problems.push(`${d.key}: example should be a single "${name}:" entry`);
        continue;
      }
      const merged = merge(values, nest(d.path, example[name]));
      if (!validate(merged)) problems.push(`${d.key}: example rejected: ${JSON.stringify(validate.errors?.[0])}`);
    }
    expect(problems).toEqual([]);
  });
});

// Each bad value set fails `helm template` with a message that names the key.
// `key` is a pattern, since Helm 3 writes tls.mode and Helm 4 writes /tls/mode.
const BAD: { name: string; values: Obj; key: RegExp }[] = [
  { name: 'an unknown top-level key', values: { colour: 'blue' }, key: /colour/ },
  { name: 'an unknown nested key', values: { persistence: { sizee: '5Gi' } }, key: /sizee/ },
  { name: 'a typo in a security context field', values: { podSecurityContext: { runAsUsr: 0 } }, key: /runAsUsr/ },
  { name: 'replicaCount: 2', values: { replicaCount: 2 }, key: /replicaCount/ },
  { name: 'tls.mode: maybe', values: { tls: { mode: 'maybe' } }, key: /tls[./]mode/ },
  {
    name: 'tls.mode custom without a Secret or certificate',
    values: { tls: { mode: 'custom' } },
    key: /tls\.secretName/,
  },
  {
    name: 'tls.mode custom with a certificate but no key',
    values: { tls: { mode: 'custom', cert: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' } },
    key: /tls\.key/,
  },
  {
    name: 'tls.mode custom with both a Secret and a certificate',
    values: { tls: { mode: 'custom', secretName: 's', cert: 'c', key: 'k' } },
    key: /tls\.secretName/,
  },
  {
    name: 'auth with both existingSecret and password',
    values: { auth: { enabled: true, existingSecret: 's', password: 'p' } },
    key: /auth\.password/,
  },
  { name: 'a wrong type', values: { display: { width: 'wide' } }, key: /display[./]width/ },
  { name: 'an invalid port name', values: { service: { portName: 'VNC_PORT' } }, key: /service[./]portName/ },
  { name: 'a size that is not a quantity', values: { persistence: { size: 'lots' } }, key: /persistence[./]size/ },
  { name: 'neither tag nor digest', values: { image: { tag: '' } }, key: /image\.tag/ },
  { name: 'VNC_PW in extraEnv', values: { extraEnv: [{ name: 'VNC_PW', value: 'secret' }] }, key: /extraEnv/ },
];

describe.each([4, 3] as const)('bad values with Helm %i', (major) => {
  let helm: HelmBinary;
  let messages: Map<string, string>;

  beforeAll(async () => {
    helm = await resolveHelm({ major });
    messages = new Map(
      await Promise.all(BAD.map(async (b) => [b.name, await renderError({ helm, values: b.values })] as const)),
    );
  }, 60_000);

  it.each(BAD)('should refuse $name and name the key', ({ name, key }) => {
    const message = messages.get(name) ?? '';
    expect(message).toMatch(/^helm template failed \(exit 1\)/);
    expect(message).toMatch(key);
  });

  it('should generate a password rather than fail when auth is enabled with nothing else', async () => {
    const r = await render({ helm, values: { auth: { enabled: true } } });
    expect(r.objects.map((o) => o.kind)).toContain('Secret');
  });
});
