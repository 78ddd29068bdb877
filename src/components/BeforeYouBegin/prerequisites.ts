// The prerequisites a page declares for the examples harness (front matter
// `ghostwire.prerequisites`), as a flat list the "Before you begin" box can show.
// Pure: no React, no Docusaurus, so tests can call it directly.

export type PrerequisiteKind = 'Secret' | 'ConfigMap' | 'Service' | 'ServiceAccount';

export interface Prerequisite {
  kind: PrerequisiteKind;
  name: string;
  namespace?: string;
  keys: string[];
  labels: Record<string, string>;
  note?: string;
}

export interface PagePrerequisites {
  release: string;
  namespace: string;
  items: Prerequisite[];
}

const GROUPS: [key: string, kind: PrerequisiteKind][] = [
  ['secrets', 'Secret'],
  ['configMaps', 'ConfigMap'],
  ['services', 'Service'],
  ['serviceAccounts', 'ServiceAccount'],
];

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function entry(kind: PrerequisiteKind, raw: unknown): Prerequisite | undefined {
  if (typeof raw === 'string') return raw === '' ? undefined : { kind, name: raw, keys: [], labels: {} };
  if (!isMapping(raw)) return undefined;
  const name = text(raw['name']);
  if (!name) return undefined;
  const keys = Array.isArray(raw['keys']) ? raw['keys'].filter((k): k is string => typeof k === 'string') : [];
  const labels: Record<string, string> = {};
  if (isMapping(raw['labels']))
    for (const [k, v] of Object.entries(raw['labels'])) if (typeof v === 'string') labels[k] = v;
  const namespace = text(raw['namespace']);
  const note = text(raw['note']);
  return { kind, name, keys, labels, ...(namespace ? { namespace } : {}), ...(note ? { note } : {}) };
}

/**
 * Reads a page's front matter (or an example folder's .ghostwire.yaml). Entries the harness would reject
 * (no name) are left out here; `npm run validate` reports them with file and line.
 */
export function pagePrerequisites(frontMatter: unknown): PagePrerequisites {
  // Page front matter wraps the context in `ghostwire:`; a folder's .ghostwire.yaml may too, or not.
  const wrapped = isMapping(frontMatter) ? frontMatter['ghostwire'] : undefined;
  const context = isMapping(wrapped)
    ? wrapped
    : isMapping(frontMatter) && !('ghostwire' in frontMatter)
      ? frontMatter
      : {};
  const declared = context['prerequisites'];
  const items: Prerequisite[] = [];
  if (isMapping(declared))
    for (const [key, kind] of GROUPS) {
      const list = declared[key];
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        const item = entry(kind, raw);
        if (item) items.push(item);
      }
    }
  return {
    release: text(context['release']) ?? 'ghostwire',
    namespace: text(context['namespace']) ?? 'ghostwire',
    items,
  };
}

/** Splits prose at `backticks` so the box can show code spans: odd parts are code. */
export function codeSpans(prose: string): string[] {
  return prose.split('`');
}
