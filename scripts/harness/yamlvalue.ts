// The `yaml` (eemeli) AST → the value kubectl would send, with go-yaml v2 semantics
// (yaml11.ts): YAML 1.1 scalars, merge keys, Go-formatted keys, its alias budget. Pure.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, Scalar } from 'yaml';
import { AliasBudget, ambiguity, decodeDoubleQuoted, keyString, type Resolved, resolvePlain } from './yaml11.ts';

export interface ValueProblem {
  code: 'YAML_ALIAS_LIMIT' | 'YAML_SYNTAX' | 'YAML11_AMBIGUOUS';
  offset: number;
  message: string;
}

const CORE = 'tag:yaml.org,2002:';

/** How go-yaml v2 resolves a scalar node (plain, quoted, block, or tagged). */
export function resolveScalar(node: Scalar, source: string): Resolved {
  const text = String(node.value ?? '');
  const tag = node.tag?.startsWith('!!') ? CORE + node.tag.slice(2) : node.tag;
  if (tag === undefined) {
    if (node.type === Scalar.PLAIN) return resolvePlain(text);
    if (node.type === Scalar.QUOTE_DOUBLE && node.range) {
      const raw = source.slice(node.range[0], node.range[1]);
      if (!raw.includes('\n') && raw.includes("\\'")) {
        const fixed = decodeDoubleQuoted(raw.trim().slice(1, -1));
        if (fixed !== undefined) return { kind: 'str', value: fixed };
      }
    }
    return { kind: 'str', value: text };
  }
  if (tag === `${CORE}str` || !tag.startsWith(CORE)) return { kind: 'str', value: text };
  const r = resolvePlain(text);
  const want = tag.slice(CORE.length);
  if (want === r.kind || (want === 'float' && r.kind === 'int')) return { kind: r.kind, value: r.value } as Resolved;
  return { kind: 'str', value: text };
}

/** The JSON key sigs.k8s.io/yaml gives a map key node. */
export function keyOf(key: unknown, source: string): string {
  if (isScalar(key)) return keyString(resolveScalar(key, source));
  return JSON.stringify(key);
}

const isMergeKey = (key: unknown) => isScalar(key) && key.type === Scalar.PLAIN && !key.tag && key.value === '<<';

/** Converts a parsed document; problems come back with source offsets. */
export function toValue(doc: Document.Parsed, source: string): { value: unknown; problems: ValueProblem[] } {
  const problems: ValueProblem[] = [];
  const budget = new AliasBudget();
  const values = new Map<Node, unknown>();
  const sizes = new Map<Node, number>();
  let refused = false;

  const size = (node: unknown): number => {
    if (!node || typeof node !== 'object') return 1;
    const known = sizes.get(node as Node);
    if (known !== undefined) return known;
    let n = 1;
    if (isAlias(node)) n += size(node.resolve(doc));
    else if (isMap(node)) for (const p of node.items) n += size(p.key) + size(p.value);
    else if (isSeq(node)) for (const i of node.items) n += size(i);
    sizes.set(node as Node, n);
    return n;
  };

  const convert = (node: unknown, depth: number): unknown => {
    if (refused || node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const offset = node.range?.[0] ?? 0;
      if (!target) {
        const message =
          `YAML alias *${node.source} refers to no anchor &${node.source} defined before it. ` +
          'Define the anchor first or write the value out.';
        problems.push({ code: 'YAML_SYNTAX', offset, message });
        return null;
      }
      budget.node();
      if (depth === 0 && !budget.expand(size(target))) {
        refused = true;
        const message =
          `kubectl refuses this document ("document contains excessive aliasing"): ${budget.aliased} of ` +
          `${budget.decoded} values come from aliases; write the values out instead of nesting anchors.`;
        problems.push({ code: 'YAML_ALIAS_LIMIT', offset, message });
        return null;
      }
      return values.has(target) ? values.get(target) : convert(target, depth + 1);
    }
    if (depth === 0) budget.node();
    let value: unknown;
    if (isScalar(node)) {
      const r = resolveScalar(node, source);
      const warn = node.type === Scalar.PLAIN && !node.tag ? ambiguity(String(node.value), r) : undefined;
      if (warn && depth === 0) problems.push({ code: 'YAML11_AMBIGUOUS', offset: node.range?.[0] ?? 0, message: warn });
      value = typeof r.value === 'bigint' ? Number(r.value) : r.value;
    } else if (isSeq(node)) {
      value = node.items.map((i) => convert(i, depth));
    } else if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isMergeKey(pair.key)) {
          merge(out, pair.value, depth);
          continue;
        }
        if (depth === 0) budget.node();
        const key = keyOf(pair.key, source);
        if (isScalar(pair.key) && pair.key.type === Scalar.PLAIN && !pair.key.tag) {
          const warn = ambiguity(String(pair.key.value), resolveScalar(pair.key, source));
          if (warn && depth === 0)
            problems.push({ code: 'YAML11_AMBIGUOUS', offset: pair.key.range?.[0] ?? 0, message: `As a key: ${warn}` });
        }
        out[key] = convert(pair.value, depth);
      }
      value = out;
    }
    values.set(node as Node, value);
    return value;
  };

  // go-yaml v2 merges in place, in order: later keys win; in a list, earlier maps win.
  const merge = (out: Record<string, unknown>, source: unknown, depth: number) => {
    const list = isSeq(source) ? [...source.items].reverse() : [source];
    for (const item of list) {
      const v = convert(item, depth);
      if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
      else if (!refused) {
        const offset = (item as Node | null)?.range?.[0] ?? 0;
        problems.push({
          code: 'YAML_SYNTAX',
          offset,
          message: 'A merge key (<<) needs a mapping or a list of mappings.',
        });
      }
    }
  };

  const value = convert(doc.contents, 0);
  return { value: refused ? null : value, problems };
}
