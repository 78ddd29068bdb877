// `kind: List` (what `kubectl get -o yaml` prints): no name of its own; each item is a
// document, located inside the List and reported at `items[i]...`. Pure.
import { isMap } from './objects.ts';
import type { Finding, KubeDocument } from './types.ts';
import { finding } from './validate.ts';

export function isList(doc: KubeDocument): boolean {
  return doc.apiVersion === 'v1' && doc.kind === 'List';
}

/** The items of a List as documents located inside it, and findings for what is not an object. */
export function listItems(doc: KubeDocument): { items: KubeDocument[]; findings: Finding[] } {
  const raw = doc.object['items'];
  const prefix = [...(doc.pathPrefix ?? []), 'items'];
  if (!Array.isArray(raw))
    return {
      items: [],
      findings: [finding(doc, 'MISSING_REQUIRED', 'error', ['items'], 'List: "items" must be a list of objects.')],
    };
  const items: KubeDocument[] = [];
  const findings: Finding[] = [];
  raw.forEach((item, i) => {
    const at = ['items', i];
    if (!isMap(item) || typeof item['apiVersion'] !== 'string' || typeof item['kind'] !== 'string') {
      findings.push(finding(doc, 'NOT_A_KUBERNETES_OBJECT', 'error', at, `List item ${i} needs apiVersion and kind.`));
      return;
    }
    const meta = isMap(item['metadata']) ? item['metadata'] : {};
    items.push({
      file: doc.file,
      line: doc.locate(at).line,
      apiVersion: item['apiVersion'],
      kind: item['kind'],
      name: typeof meta['name'] === 'string' ? meta['name'] : undefined,
      namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined,
      object: item,
      pathPrefix: [...prefix, i],
      locate: (p) => doc.locate([...at, ...p]),
    });
  });
  for (const k of Object.keys(doc.object).filter((x) => !['apiVersion', 'kind', 'metadata', 'items'].includes(x)))
    findings.push(
      finding(
        doc,
        'UNKNOWN_FIELD',
        'error',
        [k],
        `List: unknown field "${k}"; a List has apiVersion, kind, metadata and items.`,
      ),
    );
  return { items, findings };
}
