// Kubernetes core API schemas, from two npm packages (see DESIGN-NOTES.md, "core schemas"):
//  - kubernetes-models 5.1.0 (Kubernetes 1.36): precompiled validators for types, required
//    fields, enums and formats, but they accept unknown fields;
//  - @kubernetes/client-node 1.4.0 (Kubernetes 1.34): every model's attributeTypeMap, which
//    lists the field names, so unknown fields (typos, mis-indentation) can be found.
// Modules are imported lazily, one per type, and cached; the walk itself is synchronous.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromAjvErrors, type AjvLikeError, type SchemaError } from './schema-errors.ts';
import { suggest } from './suggest.ts';
import { pointerToPath } from './yamldoc.ts';

interface Attribute {
  baseName: string;
  type: string;
}

type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };

export const CORE_KUBERNETES_VERSION = '1.36';
export const FIELD_LIST_KUBERNETES_VERSION = '1.34';

const require = createRequire(import.meta.url);
let modelsDir: string | undefined;
let clientModelsDir: string | undefined;

function dirs(): { models: string; client: string } {
  modelsDir ??= path.dirname(require.resolve('kubernetes-models/package.json'));
  clientModelsDir ??= path.join(
    path.dirname(require.resolve('@kubernetes/client-node/package.json')),
    'dist',
    'gen',
    'models',
  );
  return { models: modelsDir, client: clientModelsDir };
}

const typeMaps = new Map<string, Attribute[] | null>();
const validators = new Map<string, Promise<ValidateFn | undefined>>();

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The client-node model names that may describe a top-level kind, most specific first. */
export function clientModelCandidates(apiVersion: string, kind: string): string[] {
  const { group, version } = splitApiVersion(apiVersion);
  const v = cap(version);
  const prefix = group === '' ? 'Core' : cap(group.split('.')[0] ?? '');
  return [`${prefix}${v}${kind}`, `${v}${kind}`];
}

let loading: Promise<void> = Promise.resolve();

/**
 * Loads the attributeTypeMap of a client-node model and every model it references.
 * Loads run one after another: with two at once, the second would see a type the first
 * has registered but whose children it has not imported yet, finish early, and let an
 * unknown field below that type pass.
 */
function loadTypeTree(root: string): Promise<void> {
  const next = loading.then(() => loadTypeTreeNow(root));
  loading = next.catch(() => undefined);
  return next;
}

async function loadTypeTreeNow(root: string): Promise<void> {
  const queue = [root];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (typeMaps.has(name)) continue;
    const file = path.join(dirs().client, `${name}.js`);
    if (!existsSync(file)) {
      typeMaps.set(name, null);
      continue;
    }
    const mod = (await import(pathToFileURL(file).href)) as Record<string, { attributeTypeMap?: Attribute[] }>;
    const map = mod[name]?.attributeTypeMap ?? null;
    typeMaps.set(name, map);
    for (const a of map ?? []) for (const ref of referencedModels(a.type)) if (!typeMaps.has(ref)) queue.push(ref);
  }
}

function referencedModels(type: string): string[] {
  return [...type.matchAll(/\b((?:[A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?[A-Z]\w*)\b/g)].map((m) => m[1] as string);
}

/** The element type of `Array<X>` or `{ [key: string]: X; }`, or undefined. */
function inner(type: string): { shape: 'array' | 'map'; of: string } | undefined {
  const a = /^Array<(.+)>$/.exec(type);
  if (a) return { shape: 'array', of: a[1] as string };
  const m = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (m) return { shape: 'map', of: m[1] as string };
  return undefined;
}

/** Reports every field that the type does not declare, recursively. Pure over the loaded maps. */
function walkUnknown(value: unknown, type: string, at: (string | number)[], out: SchemaError[]): void {
  if (value === null || value === undefined) return;
  const wrapped = inner(type);
  if (wrapped) {
    if (wrapped.shape === 'array' && Array.isArray(value))
      value.forEach((v, i) => walkUnknown(v, wrapped.of, [...at, i], out));
    if (wrapped.shape === 'map' && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value)) walkUnknown(v, wrapped.of, [...at, k], out);
    return;
  }
  const attrs = typeMaps.get(type);
  if (!attrs || typeof value !== 'object' || Array.isArray(value)) return;
  const known = new Map(attrs.map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const t = known.get(k);
    if (t === undefined)
      out.push({
        code: 'UNKNOWN_FIELD',
        path: [...at, k],
        message: `unknown field "${k}"${suggest(k, [...known.keys()])}`,
      });
    else walkUnknown(v, t, [...at, k], out);
  }
}

async function loadValidator(apiVersion: string, kind: string): Promise<ValidateFn | undefined> {
  const { group, version } = splitApiVersion(apiVersion);
  if (!/^[\w.-]*$/.test(group) || !/^\w+$/.test(version) || !/^\w+$/.test(kind)) return undefined;
  const classFile = path.join(dirs().models, group, version, `${kind}.js`);
  if (!existsSync(classFile)) return undefined;
  const src = readFileSync(classFile, 'utf8');
  if (!src.includes(`this.apiVersion="${apiVersion}"`)) return undefined;
  const m = /from"((?:\.\.\/)+_schemas\/\w+\.js)"/.exec(src);
  if (!m) return undefined;
  const mod = (await import(pathToFileURL(path.resolve(path.dirname(classFile), m[1] as string)).href)) as {
    validate: ValidateFn;
  };
  return mod.validate;
}

export interface CoreSchema {
  source: string;
  validate: (obj: Record<string, unknown>) => SchemaError[];
}

const loaded = new Map<string, Promise<CoreSchema | undefined>>();

/** The core schema for a built-in kind, or undefined when the packages do not know it. */
export function coreSchema(apiVersion: string, kind: string): Promise<CoreSchema | undefined> {
  const key = `${apiVersion}|${kind}`;
  let p = loaded.get(key);
  if (!p) {
    p = (async () => {
      let v = validators.get(key);
      if (!v) validators.set(key, (v = loadValidator(apiVersion, kind)));
      const validate = await v;
      if (!validate) return undefined;
      const candidates = clientModelCandidates(apiVersion, kind);
      for (const c of candidates) await loadTypeTree(c);
      const model = candidates.find((c) => typeMaps.get(c));
      return {
        source: `kubernetes-models ${CORE_KUBERNETES_VERSION}${model ? ` + field list ${model} (${FIELD_LIST_KUBERNETES_VERSION})` : ' (no field list: unknown fields not checked)'}`,
        validate: (obj) => {
          const errs: SchemaError[] = [];
          if (!validate(obj)) errs.push(...fromAjvErrors(validate.errors ?? [], (ptr) => pointerToPath(ptr, obj)));
          if (model) walkUnknown(obj, model, [], errs);
          return errs;
        },
      };
    })();
    loaded.set(key, p);
  }
  return p;
}

/** Field-name check of an ObjectMeta, used for custom resources whose schemas leave metadata open. */
export async function objectMetaSchema(): Promise<CoreSchema> {
  await loadTypeTree('V1ObjectMeta');
  const { validate } = (await import(
    pathToFileURL(
      path.join(
        path.dirname(require.resolve('@kubernetes-models/apimachinery/package.json')),
        '_schemas',
        'IoK8sApimachineryPkgApisMetaV1ObjectMeta.js',
      ),
    ).href
  )) as { validate: ValidateFn };
  return {
    source: 'ObjectMeta',
    validate: (meta) => {
      const errs: SchemaError[] = [];
      if (!validate(meta)) errs.push(...fromAjvErrors(validate.errors ?? [], (ptr) => pointerToPath(ptr, meta)));
      walkUnknown(meta, 'V1ObjectMeta', [], errs);
      return errs;
    },
  };
}
