// The release a page or example folder talks about: release name, namespace, page-wide
// values and prerequisites, from front matter `ghostwire:` or `<folder>/.ghostwire.yaml`.
// Parsing is pure; finding the folder file is done by the caller.
import type { Finding } from './types.ts';
import { isMap } from './objects.ts';

/** A Secret or ConfigMap the reader creates; `keys` undefined means the keys are not known. */
export interface KeyedPrerequisite {
  name: string;
  keys?: string[];
  note?: string;
}
export interface ServicePrerequisite {
  name: string;
  namespace?: string;
  note?: string;
}
/** A ServiceAccount created outside the example, e.g. by a Helm-installed gateway, with its pods' labels. */
export interface AccountPrerequisite {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  note?: string;
}
export interface Prerequisites {
  secrets: KeyedPrerequisite[];
  configMaps: KeyedPrerequisite[];
  services: ServicePrerequisite[];
  serviceAccounts: AccountPrerequisite[];
}

export interface GhostwireContext {
  release: string;
  namespace: string;
  values: Record<string, unknown>;
  prerequisites: Prerequisites;
  /** Where it was declared, for messages. */
  source: string;
}

export const NO_PREREQUISITES: Prerequisites = { secrets: [], configMaps: [], services: [], serviceAccounts: [] };

export const DEFAULT_CONTEXT: GhostwireContext = {
  release: 'ghostwire',
  namespace: 'ghostwire',
  values: {},
  prerequisites: NO_PREREQUISITES,
  source: 'defaults',
};

const KEYS = new Set(['release', 'namespace', 'values', 'prerequisites']);
const PRE_FIELDS: Record<keyof Prerequisites, string[]> = {
  secrets: ['name', 'keys', 'note'],
  configMaps: ['name', 'keys', 'note'],
  services: ['name', 'namespace', 'note'],
  serviceAccounts: ['name', 'namespace', 'labels', 'note'],
};

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** One prerequisite list: plain names or mappings with the fields of its kind. */
function parseList(kind: keyof Prerequisites, v: unknown, bad: (m: string) => void): Record<string, unknown>[] {
  if (v === undefined) return [];
  const where = `ghostwire.prerequisites.${kind}`;
  if (!Array.isArray(v)) {
    bad(`${where} must be a list.`);
    return [];
  }
  const out: Record<string, unknown>[] = [];
  v.forEach((e, i) => {
    if (isStr(e) && kind !== 'serviceAccounts') return void out.push({ name: e });
    const shape =
      kind === 'serviceAccounts' ? '{ name, namespace, labels? }' : `a name or { ${PRE_FIELDS[kind].join(', ')} }`;
    if (!isMap(e) || !isStr(e['name'])) return bad(`${where}[${i}] must be ${shape}.`);
    for (const k of Object.keys(e))
      if (!PRE_FIELDS[kind].includes(k))
        bad(`Unknown key "${k}" in ${where}[${i}]; allowed: ${PRE_FIELDS[kind].join(', ')}.`);
    const keys = e['keys'];
    if (keys !== undefined && !(Array.isArray(keys) && keys.every(isStr)))
      return bad(`${where}[${i}].keys must be a list of key names.`);
    const ns = e['namespace'];
    if (ns !== undefined ? !isStr(ns) : kind === 'serviceAccounts')
      return bad(`${where}[${i}].namespace must be a namespace name.`);
    const labels = e['labels'];
    if (labels !== undefined && !(isMap(labels) && Object.values(labels).every((x) => typeof x === 'string')))
      return bad(`${where}[${i}].labels must map label keys to string values.`);
    out.push(e);
  });
  return out;
}

/** Reads a `ghostwire:` block; problems become findings at `line` of `file`. */
export function parseContext(
  raw: unknown,
  file: string,
  line: number,
): { context: GhostwireContext; findings: Finding[] } {
  const findings: Finding[] = [];
  const bad = (message: string) =>
    findings.push({
      code: 'CONTEXT_INVALID',
      severity: 'error',
      file,
      line,
      path: 'ghostwire',
      message: `${message} See CONTRIBUTING.md, "Release name, namespace and prerequisites".`,
    });
  if (raw === undefined || raw === null) return { context: DEFAULT_CONTEXT, findings };
  if (!isMap(raw)) {
    bad('The ghostwire context must be a mapping with release, namespace, values and prerequisites.');
    return { context: DEFAULT_CONTEXT, findings };
  }
  for (const k of Object.keys(raw))
    if (!KEYS.has(k)) bad(`Unknown key "${k}" in the ghostwire context; allowed: ${[...KEYS].join(', ')}.`);
  const str = (k: string, d: string) => {
    const v = raw[k];
    if (v === undefined) return d;
    if (!isStr(v)) {
      bad(`ghostwire.${k} must be a non-empty string.`);
      return d;
    }
    return v;
  };
  const values = raw['values'];
  if (values !== undefined && !isMap(values)) bad('ghostwire.values must be a mapping of chart values.');
  const pre = raw['prerequisites'];
  const kinds = Object.keys(PRE_FIELDS) as (keyof Prerequisites)[];
  if (pre !== undefined && !isMap(pre)) bad(`ghostwire.prerequisites must be a mapping with ${kinds.join(', ')}.`);
  if (isMap(pre))
    for (const k of Object.keys(pre))
      if (!(kinds as string[]).includes(k))
        bad(`Unknown key "${k}" in ghostwire.prerequisites; allowed: ${kinds.join(', ')}.`);
  const get = (k: keyof Prerequisites) => parseList(k, isMap(pre) ? pre[k] : undefined, bad);
  const note = (e: Record<string, unknown>) => (isStr(e['note']) ? { note: e['note'] } : {});
  const keyed = (k: 'secrets' | 'configMaps'): KeyedPrerequisite[] =>
    get(k).map((e) => ({
      name: e['name'] as string,
      ...(Array.isArray(e['keys']) ? { keys: e['keys'] as string[] } : {}),
      ...note(e),
    }));
  return {
    context: {
      release: str('release', DEFAULT_CONTEXT.release),
      namespace: str('namespace', DEFAULT_CONTEXT.namespace),
      values: isMap(values) ? values : {},
      prerequisites: {
        secrets: keyed('secrets'),
        configMaps: keyed('configMaps'),
        services: get('services').map((e) => ({
          name: e['name'] as string,
          ...(isStr(e['namespace']) ? { namespace: e['namespace'] } : {}),
          ...note(e),
        })),
        serviceAccounts: get('serviceAccounts').map((e) => ({
          name: e['name'] as string,
          namespace: e['namespace'] as string,
          labels: (e['labels'] as Record<string, string> | undefined) ?? {},
          ...note(e),
        })),
      },
      source: file,
    },
    findings,
  };
}
