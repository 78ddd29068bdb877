// Parses a snippet's YAML into documents that know where each of their paths sits
// in the source file. Pure; used by classify (documents) and values (chart values).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Finding, Snippet } from './types.ts';
import { parseFast } from './yamlfast.ts';

export interface ParsedDoc {
  /** Plain JS value of the document (null for an empty document). */
  value: unknown;
  /** 1-based line in the file where the document starts. */
  line: number;
  /** Whether the document holds anything besides comments. */
  empty: boolean;
  /** Comment lines directly before the document's content (for `# ghostwire-ignore`). */
  leadingComment: string;
  locate: (path: readonly (string | number)[]) => { line: number; column: number };
}

/** Aliases expanded beyond this count mean a billion-laughs style document. */
const MAX_ALIAS_COUNT = 200;

function pos(lc: LineCounter, snippet: Snippet, offset: number): { line: number; column: number } {
  const p = lc.linePos(offset);
  return { line: snippet.line + p.line - 1, column: (snippet.offsets?.[p.line - 1] ?? snippet.indent) + p.col };
}

function nodeAt(
  doc: Document,
  path: readonly (string | number)[],
): { node?: Node | null; key?: Node | null; depth: number } {
  let node: unknown = doc.contents;
  let key: Node | null | undefined;
  let depth = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      key = undefined;
      node = item;
    } else break;
    depth++;
  }
  return { node: node as Node | null, key, depth };
}

/** Parses every document of a snippet. Syntax problems come back as findings with file positions. */
export function parseSnippet(snippet: Snippet): { docs: ParsedDoc[]; findings: Finding[] } {
  const fast = parseFast(snippet, parseCareful);
  return fast ? { docs: fast, findings: [] } : parseCareful(snippet);
}

/** The careful path: the positional AST of `yaml`, with every syntax problem as a finding. */
export function parseCareful(snippet: Snippet): { docs: ParsedDoc[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const lc = new LineCounter();
  let list: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(snippet.text, {
      lineCounter: lc,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
    });
    list = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    findings.push({
      code: 'YAML_TOO_DEEP',
      severity: 'error',
      file: snippet.file,
      line: snippet.line,
      column: snippet.indent + 1,
      path: '',
      message: 'This YAML is nested too deeply to read. No Kubernetes object needs that depth; flatten it.',
    });
    return { docs: [], findings };
  }
  const docs: ParsedDoc[] = [];
  for (const doc of list) {
    // After a tab or a syntax error the parser reports its consequences too; keep the
    // cause: tab errors if any, else duplicate keys and the first other error.
    const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
    const firstOther = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const errors = tabs.length > 0 ? tabs : doc.errors.filter((e) => e.code === 'DUPLICATE_KEY' || e === firstOther);
    for (const e of errors) {
      const at = pos(lc, snippet, e.pos[0]);
      const dup = e.code === 'DUPLICATE_KEY';
      const tab = e.code === 'TAB_AS_INDENT';
      findings.push({
        code: dup ? 'DUPLICATE_KEY' : tab ? 'YAML_TAB_INDENT' : 'YAML_SYNTAX',
        severity: 'error',
        file: snippet.file,
        ...at,
        path: '',
        message: dup
          ? 'This mapping has the same key twice; YAML parsers disagree on which one wins. Remove one of them.'
          : tab
            ? 'YAML indentation must use spaces; this line is indented with a tab. Replace the tab with spaces.'
            : `YAML syntax error: ${e.message.split('\n')[0]}`,
      });
    }
    if (errors.length > 0) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const message = (err as Error).message;
      const unresolved = /Unresolved alias[^:]*:\s*(\S+)/.exec(message);
      if (unresolved) {
        const at = snippet.text.indexOf(`*${unresolved[1]}`);
        findings.push({
          code: 'YAML_SYNTAX',
          severity: 'error',
          file: snippet.file,
          ...pos(lc, snippet, at >= 0 ? at : doc.range[0]),
          path: '',
          message: `YAML alias *${unresolved[1]} refers to no anchor &${unresolved[1]} defined before it. Define the anchor first or write the value out.`,
        });
      } else if (err instanceof RangeError && !/alias/i.test(message)) {
        findings.push({
          code: 'YAML_TOO_DEEP',
          severity: 'error',
          file: snippet.file,
          ...pos(lc, snippet, doc.range[0]),
          path: '',
          message: 'This YAML is nested too deeply to read. No Kubernetes object needs that depth; flatten it.',
        });
      } else {
        findings.push({
          code: 'YAML_ALIAS_LIMIT',
          severity: 'error',
          file: snippet.file,
          ...pos(lc, snippet, doc.range[0]),
          path: '',
          message: `The document expands too many aliases (${message}); write the values out instead of nesting anchors.`,
        });
      }
      continue;
    }
    const start = doc.contents ? doc.contents.range[0] : doc.range[0];
    const startPos = pos(lc, snippet, start);
    docs.push({
      value,
      line: startPos.line,
      empty: doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null),
      // After a `---` marker the comment belongs to the contents, before it to the document.
      // Where the comment lands depends on blank lines and markers: on the document, on its
      // contents, or on the first key.
      leadingComment: [
        doc.commentBefore,
        (doc.contents as { commentBefore?: string | null } | null)?.commentBefore,
        isMap(doc.contents)
          ? (doc.contents.items[0]?.key as { commentBefore?: string | null } | undefined)?.commentBefore
          : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
      locate: (path) => {
        const { node, key, depth } = nodeAt(doc, path);
        const target = depth === path.length ? (key ?? node) : node;
        const off = target?.range?.[0] ?? start;
        return pos(lc, snippet, off);
      },
    });
  }
  return { docs, findings };
}

/** Renders a path as `spec.rules[0].host`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Splits an ajv-style instancePath (`/spec/rules/0/host`) into segments; numeric segments into numbers where the value is an array. */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}
