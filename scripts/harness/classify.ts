// Stage 2: a snippet → Kubernetes documents, chart values, or something else with the
// reason it is not validated. Pure.
import path from 'node:path';
import { isMap } from './objects.ts';
import type { Finding, KubeDocument, Snippet, SnippetKind } from './types.ts';
import { parseSnippet, type ParsedDoc } from './yamldoc.ts';

export interface Classified {
  snippet: Snippet;
  kind: SnippetKind;
  /** Set when the snippet is deliberately not validated. */
  skipReason?: string;
  documents: KubeDocument[];
  /** The parsed values document, for `kind: values`. */
  values?: ParsedDoc;
  findings: Finding[];
}

function isValuesSnippet(s: Snippet): boolean {
  if (s.meta['values'] === 'true') return true;
  const title = s.meta['title'];
  if (title && /values\.ya?ml$/i.test(title)) return true;
  return s.origin === 'file' && /values\.ya?ml$/i.test(path.basename(s.file));
}

export function toKubeDocument(file: string, d: ParsedDoc): KubeDocument | undefined {
  const v = d.value;
  if (!isMap(v) || typeof v['apiVersion'] !== 'string' || typeof v['kind'] !== 'string') return undefined;
  const meta = isMap(v['metadata']) ? v['metadata'] : {};
  return {
    file,
    line: d.line,
    apiVersion: v['apiVersion'],
    kind: v['kind'],
    name: typeof meta['name'] === 'string' ? meta['name'] : undefined,
    namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined,
    object: v,
    comment: d.leadingComment || undefined,
    locate: d.locate,
  };
}

/** An error about a whole snippet, at its first line (or `line`) and its fence's column. */
function snippetError(snippet: Snippet): (code: string, message: string, line?: number) => Finding {
  return (code, message, line = snippet.line) => ({
    code,
    severity: 'error',
    file: snippet.file,
    line,
    column: snippet.indent + 1,
    path: '',
    message,
  });
}

export function classify(snippet: Snippet): Classified {
  const base = { snippet, documents: [] as KubeDocument[] };
  const f = snippetError(snippet);
  if (snippet.meta['validate'] === 'false') {
    const reason = snippet.meta['reason']?.trim();
    if (!reason) {
      return {
        ...base,
        kind: 'other',
        findings: [
          f(
            'SKIP_WITHOUT_REASON',
            'This fence says validate=false but gives no reason; add reason="…" so readers and reviewers know ' +
              'why it is not checked.',
          ),
        ],
      };
    }
    return { ...base, kind: 'other', skipReason: reason, findings: [] };
  }
  const { docs, findings, warnings } = parseSnippet(snippet);
  const result = classifyDocs(snippet, base, docs, findings);
  return warnings.length > 0 ? { ...result, findings: [...result.findings, ...warnings] } : result;
}

function classifyDocs(
  snippet: Snippet,
  base: { snippet: Snippet; documents: KubeDocument[] },
  docs: ParsedDoc[],
  findings: Finding[],
): Classified {
  const f = snippetError(snippet);
  if (findings.length > 0) return { ...base, kind: isValuesSnippet(snippet) ? 'values' : 'manifests', findings };
  const content = docs.filter((d) => !d.empty);
  if (content.length === 0) {
    const what = snippet.text.trim() === '' ? 'is empty' : 'holds only comments';
    return {
      ...base,
      kind: 'other',
      findings: [
        f(
          'EMPTY_SNIPPET',
          `This YAML ${snippet.origin === 'file' ? 'file' : 'fence'} ${what}; remove it, fill it in, or mark it ` +
            'validate=false reason="…".',
        ),
      ],
    };
  }
  if (isValuesSnippet(snippet)) {
    if (content.length > 1)
      return {
        ...base,
        kind: 'values',
        findings: [
          f(
            'VALUES_MULTI_DOCUMENT',
            'A chart values snippet must be a single YAML document; split it into separate fences.',
            content[1]?.line,
          ),
        ],
      };
    const only = content[0] as ParsedDoc;
    if (!isMap(only.value))
      return {
        ...base,
        kind: 'values',
        findings: [
          f('VALUES_NOT_A_MAP', 'Chart values must be a YAML mapping (key: value) at the top level.', only.line),
        ],
      };
    return { ...base, kind: 'values', values: only, findings: [] };
  }
  const documents: KubeDocument[] = [];
  const bad: Finding[] = [];
  for (const d of content) {
    const k = toKubeDocument(snippet.file, d);
    if (k) documents.push(k);
    else
      bad.push(
        f(
          documents.length + bad.length === 0 && content.length === 1
            ? 'UNCLASSIFIED_SNIPPET'
            : 'NOT_A_KUBERNETES_OBJECT',
          unclassifiedMessage(snippet, content.length),
          d.line,
        ),
      );
  }
  if (documents.length === 0)
    return { ...base, kind: 'other', findings: bad.map((b) => ({ ...b, code: 'UNCLASSIFIED_SNIPPET' })) };
  return { ...base, kind: 'manifests', documents, findings: bad };
}

function unclassifiedMessage(s: Snippet, docs: number): string {
  const where = s.origin === 'file' ? 'This YAML file' : 'This YAML fence';
  const lead =
    docs > 1
      ? 'This document has no apiVersion and kind, so it is not a Kubernetes object'
      : `${where} has no apiVersion and kind, so it is not a Kubernetes object, and it is not marked as chart values`;
  return (
    `${lead}. Add apiVersion/kind, mark chart values with \`values\` (or title="values.yaml"), or skip it ` +
    'with validate=false reason="…".'
  );
}
