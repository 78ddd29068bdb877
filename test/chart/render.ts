// Internal to the chart tests: renders the chart with real helm and splits the
// output into objects. Each suite renders its value sets once, in a beforeAll.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { helmTemplate, resolveHelm, type HelmBinary } from '../../scripts/harness/helm';

export const CHART_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../chart');

export type Obj = Record<string, unknown>;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Rendered {
  /** Objects helm installs, hooks excluded. */
  objects: KubeObject[];
  /** Hook objects (the helm test pod). */
  hooks: KubeObject[];
  text: string;
}

export interface RenderOptions {
  release?: string;
  namespace?: string;
  values?: Obj;
  extraArgs?: string[];
  helm?: HelmBinary;
  /** Another copy of the chart (see probe.ts); default the real one. */
  chartDir?: string;
}

export function isHook(o: KubeObject): boolean {
  return o.metadata.annotations?.['helm.sh/hook'] !== undefined;
}

export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${d.errors[0]?.message}`);
      return d.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null && typeof o === 'object');
}

export async function render(o: RenderOptions = {}): Promise<Rendered> {
  const helm = o.helm ?? (await resolveHelm());
  const text = await helmTemplate(helm, {
    chartDir: o.chartDir ?? CHART_DIR,
    release: o.release ?? 'ghostwire',
    namespace: o.namespace ?? 'ghostwire',
    valuesYaml: o.values ? [stringify(o.values)] : [],
    extraArgs: o.extraArgs,
  });
  const all = parseObjects(text);
  return { objects: all.filter((x) => !isHook(x)), hooks: all.filter(isHook), text };
}

/** Renders that must fail: resolves to helm's error message. */
export async function renderError(o: RenderOptions): Promise<string> {
  try {
    await render(o);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error(`helm template succeeded with ${JSON.stringify(o.values)}`);
}

export function byKind(r: Rendered, kind: string): KubeObject[] {
  return r.objects.filter((o) => o.kind === kind);
}

export function one(r: Rendered | KubeObject[], kind: string, name?: string): KubeObject {
  const list = (Array.isArray(r) ? r : [...r.objects, ...r.hooks]).filter(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
  if (list.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, rendered ${list.length}`);
  return list[0] as KubeObject;
}

/** Follows a path of keys and indexes; undefined when any step is missing. */
export function dig(value: unknown, ...keys: (string | number)[]): unknown {
  let cur = value;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export function asList<T = Obj>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function podSpec(o: KubeObject): Obj {
  const spec = o.kind === 'Pod' ? dig(o, 'spec') : dig(o, 'spec', 'template', 'spec');
  if (!spec || typeof spec !== 'object') throw new Error(`${o.kind} ${o.metadata.name} has no pod spec`);
  return spec as Obj;
}

export function container(o: KubeObject, name: string): Obj {
  const c = asList(podSpec(o)['containers']).find((x) => x['name'] === name);
  if (!c) throw new Error(`${o.kind} ${o.metadata.name} has no container ${name}`);
  return c;
}

export function env(c: Obj): Map<string, Obj> {
  return new Map(asList(c['env']).map((e) => [String(e['name']), e]));
}

export function decode(b64: unknown): string {
  return Buffer.from(String(b64), 'base64').toString('utf8');
}
