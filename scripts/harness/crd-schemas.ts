// Custom resource schemas: JSON schemas in the CRDs-catalog layout
// ({group}/{kind}_{version}.json) from folders or kubeconform-style templates, and
// CustomResourceDefinition manifests converted from their openAPIV3Schema. Both are
// checked by schema-interp.ts, strictly: objects that list properties are closed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HarnessError } from './files.ts';
import { dedupe, type SchemaError } from './schema-errors.ts';
import { SchemaInterpreter } from './schema-interp.ts';

export interface SchemaLocation {
  /** As given: a folder, or a template with {{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}, {{.Kind}}. */
  spec: string;
  /** A template over the fields above. */
  template: string;
}

const PLACEHOLDERS = /\{\{\s*\.(Group|ResourceKind|Kind|ResourceAPIVersion|KindSuffix)\s*\}\}/;

/** A --schema-location as a template; throws HarnessError when it cannot find any schema. */
export function schemaLocation(spec: string): SchemaLocation {
  if (spec.includes('{{') || /^https?:\/\//.test(spec)) {
    if (!PLACEHOLDERS.test(spec))
      throw new HarnessError(
        `--schema-location ${spec}: a template needs {{.Group}}, {{.ResourceKind}} or {{.Kind}} and ` +
          '{{.ResourceAPIVersion}}; without them every kind would get the same file.',
      );
    return { spec, template: spec };
  }
  let isDir = false;
  try {
    isDir = statSync(spec).isDirectory();
  } catch {
    throw new HarnessError(`--schema-location ${spec}: no such folder. Pass a folder in the CRDs-catalog layout.`);
  }
  if (!isDir) throw new HarnessError(`--schema-location ${spec}: not a folder. Pass a folder or a template.`);
  return { spec, template: path.join(spec, '{{.Group}}', '{{.ResourceKind}}_{{.ResourceAPIVersion}}.json') };
}

/** The fixed part of a template, before its first placeholder: every file must stay below it. */
export function templateRoot(template: string): string {
  const i = template.indexOf('{{');
  return i < 0 ? template : template.slice(0, i);
}

/** True when a filled-in template stays inside its root (no ../ from a value). */
export function insideRoot(template: string, file: string): boolean {
  const root = templateRoot(template);
  if (/^https?:\/\//.test(root)) return !file.slice(root.length).split('/').includes('..');
  const r = path.resolve(root);
  const f = path.resolve(file);
  return f === r || f.startsWith(r.endsWith(path.sep) ? r : `${r}${path.sep}`) || root === '';
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
    return this.locations
      .map((l) => ({ l, file: fillTemplate(l.template, group, version, kind, this.kubeVersion) }))
      .filter(({ l, file }) => insideRoot(l.template, file))
      .map(({ file }) => file);
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

/** The schema store that ships with the repository (schemas/crds, from `npm run schemas:update`). */
export class BundledSchemas {
  private manifest?: { schemas: Record<string, { file: string }>; source: { repository: string; commit: string } };
  private readonly compiled = new Map<string, CrdSchema>();
  constructor(readonly root: string) {}

  private index() {
    if (!this.manifest) {
      const file = path.join(this.root, 'manifest.json');
      if (!existsSync(file))
        throw new HarnessError(`${file} is missing: the bundled CRD schemas are gone. Run npm run schemas:update.`);
      this.manifest = JSON.parse(readFileSync(file, 'utf8'));
    }
    return this.manifest as NonNullable<BundledSchemas['manifest']>;
  }

  get description(): string {
    const { source } = this.index();
    return `the bundled schemas (${source.repository} at ${source.commit.slice(0, 7)})`;
  }

  find(group: string, version: string, kind: string): CrdSchema | undefined {
    const key = `${group}/${version}/${kind}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const entry = this.index().schemas[key];
    if (!entry) return undefined;
    const file = path.join(this.root, entry.file);
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    const schema = compileSchema(JSON.parse(text), `schemas/crds/${entry.file}`);
    this.compiled.set(key, schema);
    return schema;
  }
}

interface CrdVersion {
  name: string;
  schema?: { openAPIV3Schema?: unknown };
}

interface CrdSpec {
  group?: string;
  names?: { kind?: string };
  versions?: CrdVersion[];
  /** apiextensions.k8s.io/v1beta1: one version and a schema shared by all versions. */
  version?: string;
  validation?: { openAPIV3Schema?: unknown };
}

/** Schemas from CustomResourceDefinition objects, keyed `group/version/Kind`; a CRD without one is refused. */
export function schemasFromCrds(
  crds: readonly { object: Record<string, unknown>; file: string }[],
  /** Given with --crd: a CRD that cannot serve as a schema stops the run. From the inputs: it is skipped. */
  given = true,
): Map<string, CrdSchema> {
  const out = new Map<string, CrdSchema>();
  for (const { object, file } of crds) {
    if (object['kind'] !== 'CustomResourceDefinition') continue;
    // A CRD among the validated files gets its own findings (a removed v1beta1, a missing field).
    if (!given && object['apiVersion'] !== 'apiextensions.k8s.io/v1') continue;
    const spec = object['spec'] as CrdSpec | undefined;
    if (!spec?.group || !spec.names?.kind) {
      if (!given) continue;
      throw new HarnessError(`--crd ${file}: a CustomResourceDefinition without spec.group and spec.names.kind.`);
    }
    const versions = spec.versions?.length ? spec.versions : spec.version ? [{ name: spec.version }] : [];
    for (const v of versions) {
      const s = v.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
      if (!s && !given) continue;
      if (!s)
        throw new HarnessError(
          `--crd ${file}: ${spec.names.kind} ${v.name} has no openAPIV3Schema (neither ` +
            'spec.versions[].schema nor spec.validation), so nothing can be checked against it.',
        );
      const key = `${spec.group}/${v.name}/${spec.names.kind}`;
      const source = `${file} (${spec.names.kind} ${v.name})`;
      if (given) out.set(key, compileSchema(s, source));
      else {
        // From the inputs: a schema that does not compile defines nothing; its resources report NO_SCHEMA.
        try {
          out.set(key, compileSchema(s, source));
        } catch {
          // The other CRDs of the run still serve.
        }
      }
    }
  }
  return out;
}
