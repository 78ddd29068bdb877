// Custom resource schemas: JSON schemas in the CRDs-catalog layout
// ({group}/{kind}_{version}.json) from folders or kubeconform-style templates, and
// CustomResourceDefinition manifests converted from their openAPIV3Schema. Both are
// checked by schema-interp.ts, strictly: objects that list properties are closed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dedupe, type SchemaError } from './schema-errors.ts';
import { SchemaInterpreter } from './schema-interp.ts';

export interface SchemaLocation {
  /** As given: a folder, or a template with {{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}, {{.Kind}}. */
  spec: string;
  /** A template over the fields above. */
  template: string;
}

export function schemaLocation(spec: string): SchemaLocation {
  if (spec.includes('{{')) return { spec, template: spec };
  return { spec, template: path.join(spec, '{{.Group}}', '{{.ResourceKind}}_{{.ResourceAPIVersion}}.json') };
}

export function fillTemplate(
  template: string,
  group: string,
  version: string,
  kind: string,
  kubeVersion: string,
): string {
  const vals: Record<string, string> = {
    Group: group,
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: version,
    Kind: kind,
    KindSuffix: group ? `-${group.split('.')[0]}-${version}` : `-${version}`,
    NormalizedKubernetesVersion: `v${kubeVersion}`,
    KubernetesVersion: kubeVersion,
    StrictSuffix: '-strict',
  };
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (m, k: string) => vals[k] ?? m);
}

export interface CrdSchema {
  source: string;
  validate: (obj: Record<string, unknown>) => SchemaError[];
}

export function compileSchema(schema: unknown, source: string): CrdSchema {
  if (!schema || typeof schema !== 'object') throw new Error('the schema is not a JSON object');
  const root = { ...(schema as Record<string, unknown>) };
  // metadata is checked separately against ObjectMeta; the catalog leaves it open.
  if (root['properties'] && typeof root['properties'] === 'object') {
    const props = { ...(root['properties'] as Record<string, unknown>) };
    props['metadata'] = {};
    props['apiVersion'] ??= { type: 'string' };
    props['kind'] ??= { type: 'string' };
    root['properties'] = props;
  }
  const interp = new SchemaInterpreter(root);
  return { source, validate: (obj) => dedupe(interp.validate(obj)) };
}

/** Looks a custom resource up in the schema locations; caches compiled schemas by file. */
export class CatalogSchemas {
  private readonly compiled = new Map<string, CrdSchema | undefined>();
  /** Why a schema file that exists could not be used, kept for every later lookup. */
  private readonly unusable = new Map<string, string>();
  constructor(
    readonly locations: readonly SchemaLocation[],
    readonly kubeVersion: string,
  ) {}

  candidates(group: string, version: string, kind: string): string[] {
    return this.locations.map((l) => fillTemplate(l.template, group, version, kind, this.kubeVersion));
  }

  find(group: string, version: string, kind: string): { schema?: CrdSchema; looked: string[] } {
    const looked = this.candidates(group, version, kind);
    for (const file of looked) {
      if (this.compiled.has(file)) {
        const hit = this.compiled.get(file);
        if (hit) return { schema: hit, looked };
        const why = this.unusable.get(file);
        if (why) looked[looked.indexOf(file)] = `${file} (unusable: ${why})`;
        continue;
      }
      if (!existsSync(file)) {
        this.compiled.set(file, undefined);
        continue;
      }
      let schema: CrdSchema;
      try {
        schema = compileSchema(JSON.parse(readFileSync(file, 'utf8')), path.relative(process.cwd(), file) || file);
      } catch (err) {
        this.compiled.set(file, undefined);
        this.unusable.set(file, (err as Error).message);
        looked[looked.indexOf(file)] = `${file} (unusable: ${(err as Error).message})`;
        continue;
      }
      this.compiled.set(file, schema);
      return { schema, looked };
    }
    return { looked };
  }
}

interface CrdVersion {
  name: string;
  schema?: { openAPIV3Schema?: unknown };
}

/** Schemas from CustomResourceDefinition objects, keyed `group/version/Kind`. */
export function schemasFromCrds(
  crds: readonly { object: Record<string, unknown>; file: string }[],
): Map<string, CrdSchema> {
  const out = new Map<string, CrdSchema>();
  for (const { object, file } of crds) {
    if (object['kind'] !== 'CustomResourceDefinition') continue;
    const spec = object['spec'] as { group?: string; names?: { kind?: string }; versions?: CrdVersion[] } | undefined;
    if (!spec?.group || !spec.names?.kind) continue;
    for (const v of spec.versions ?? []) {
      const s = v.schema?.openAPIV3Schema;
      if (!s) continue;
      out.set(`${spec.group}/${v.name}/${spec.names.kind}`, compileSchema(s, `${file} (${spec.names.kind} ${v.name})`));
    }
  }
  return out;
}
