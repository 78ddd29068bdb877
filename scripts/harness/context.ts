// The release a page or example folder talks about: release name, namespace, page-wide
// values and prerequisites, from front matter `ghostwire:` or `<folder>/.ghostwire.yaml`.
// Parsing is pure; finding the folder file is done by the caller.
import type { Finding } from './types.ts';
import { isMap } from './objects.ts';

export interface GhostwireContext {
  release: string;
  namespace: string;
  values: Record<string, unknown>;
  prerequisites: { secrets: string[]; services: string[] };
  /** Where it was declared, for messages. */
  source: string;
}

export const DEFAULT_CONTEXT: GhostwireContext = {
  release: 'ghostwire',
  namespace: 'ghostwire',
  values: {},
  prerequisites: { secrets: [], services: [] },
  source: 'defaults',
};

const KEYS = new Set(['release', 'namespace', 'values', 'prerequisites']);

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
    if (typeof v !== 'string' || v === '') {
      bad(`ghostwire.${k} must be a non-empty string.`);
      return d;
    }
    return v;
  };
  const values = raw['values'];
  if (values !== undefined && !isMap(values)) bad('ghostwire.values must be a mapping of chart values.');
  const pre = raw['prerequisites'];
  const names = (key: string): string[] => {
    const v = isMap(pre) ? pre[key] : undefined;
    if (v === undefined) return [];
    // Entries are names or { name, note?, ... } (the reader-facing shape the site shows).
    const name = (s: unknown) => (typeof s === 'string' ? s : isMap(s) ? s['name'] : undefined);
    if (!(Array.isArray(v) && v.every((s) => typeof name(s) === 'string'))) {
      bad(`ghostwire.prerequisites.${key} must be a list of names (or of { name, note } mappings).`);
      return [];
    }
    return v.map(name) as string[];
  };
  if (pre !== undefined && !isMap(pre))
    bad('ghostwire.prerequisites must be a mapping with secrets and services lists.');
  if (isMap(pre))
    for (const k of Object.keys(pre))
      if (!['secrets', 'services', 'configMaps', 'serviceAccounts'].includes(k))
        bad(`Unknown key "${k}" in ghostwire.prerequisites; allowed: secrets, services, configMaps, serviceAccounts.`);
  return {
    context: {
      release: str('release', DEFAULT_CONTEXT.release),
      namespace: str('namespace', DEFAULT_CONTEXT.namespace),
      values: isMap(values) ? values : {},
      prerequisites: { secrets: names('secrets'), services: names('services') },
      source: file,
    },
    findings,
  };
}
