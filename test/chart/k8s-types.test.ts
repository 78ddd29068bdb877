// The Kubernetes types in values.schema.json (definitions named io.k8s.*) are
// closed copies of the Kubernetes API types, narrowed to what the restricted
// profile allows. Every field and enum value they accept must exist in the
// Kubernetes definitions, as published by the kubernetes-models package.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_DIR } from './render';

type Schema = Record<string, unknown>;
const MODULES = path.resolve(CHART_DIR, '..', 'node_modules');
const schema = JSON.parse(await readFile(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as Schema;
const definitions = Object.entries(schema['definitions'] as Record<string, Schema>).filter(([k]) =>
  k.startsWith('io.k8s.'),
);

/** The .d.ts file kubernetes-models publishes for a definition name. */
function declarationFile(name: string): string {
  const core = /^io\.k8s\.api\.core\.v1\.(\w+)$/.exec(name);
  if (core) return path.join(MODULES, 'kubernetes-models', 'v1', `${core[1]}.d.ts`);
  const meta = /^io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\.(\w+)$/.exec(name);
  if (meta) return path.join(MODULES, '@kubernetes-models', 'apimachinery', 'apis', 'meta', 'v1', `${meta[1]}.d.ts`);
  throw new Error(`no Kubernetes type for ${name}`);
}

/** Field name → allowed string literals (undefined when the field is not an enum). */
async function kubernetesFields(name: string): Promise<Map<string, string[] | undefined>> {
  const text = await readFile(declarationFile(name), 'utf8');
  const short = name.split('.').pop() as string;
  const body = new RegExp(`export interface I${short} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? '';
  const fields = new Map<string, string[] | undefined>();
  for (const m of body.matchAll(/^ {4}"(\w+)"\??: ([^;]+);$/gm)) {
    const literals = [...(m[2] ?? '').matchAll(/"([^"]*)"/g)].map((l) => l[1] as string);
    fields.set(m[1] as string, literals.length > 0 ? literals : undefined);
  }
  return fields;
}

describe('Kubernetes types in values.schema.json', () => {
  it('should hold the types the issue names, closed', () => {
    const names = definitions.map(([k]) => k);
    for (const t of ['Toleration', 'Affinity', 'NodeAffinity', 'EnvFromSource', 'EnvVar', 'Volume', 'VolumeMount'])
      expect(names).toContain(`io.k8s.api.core.v1.${t}`);
    for (const [k, s] of definitions) expect(s['additionalProperties'], k).toBe(false);
  });

  it.each(definitions.map(([k]) => k))('should accept only fields and values Kubernetes defines (%s)', async (k) => {
    const fields = await kubernetesFields(k);
    expect(fields.size).toBeGreaterThan(0);
    const props = ((schema['definitions'] as Record<string, Schema>)[k]?.['properties'] ?? {}) as Record<
      string,
      Schema
    >;
    for (const [field, sub] of Object.entries(props)) {
      expect(fields.has(field), `${k}.${field}`).toBe(true);
      const literals = fields.get(field);
      const allowed = Array.isArray(sub['enum']) ? (sub['enum'] as unknown[]) : undefined;
      if (literals && allowed)
        expect(literals, `${k}.${field}`).toEqual(expect.arrayContaining(allowed.filter((v) => v !== '')));
    }
  });
});
