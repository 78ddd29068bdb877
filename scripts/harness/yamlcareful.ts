// The careful path: the `yaml` (eemeli) AST, with every syntax problem as a finding at its
// position and values as kubectl reads them (yamlvalue.ts). Pure.
import { isMap, isPair, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Finding, Snippet } from './types.ts';
import type { ParsedDoc, ParseResult } from './yamldoc.ts';
import { keyOf, toValue } from './yamlvalue.ts';

const TOO_DEEP = 'This YAML is nested too deeply to read. No Kubernetes object needs that depth; flatten it.';

export function position(snippet: Snippet, line: number, col: number): { line: number; column: number } {
  return { line: snippet.line + line, column: (snippet.offsets?.[line] ?? snippet.indent) + col + 1 };
}

function nodeAt(doc: Document, path: readonly (string | number)[], source: string) {
  let node: unknown = doc.contents;
  let key: Node | null | undefined;
  let depth = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyOf(p.key, source) === String(seg));
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

/** go-yaml v2 accepts `\'` in double quotes and refuses `\/`; `yaml` does the opposite. */
function escapeProblems(text: string, doc: Document.Parsed): { pos: number; message: string }[] {
  const out: { pos: number; message: string }[] = [];
  doc.errors = doc.errors.filter((e) => !(e.code === 'BAD_DQ_ESCAPE' && text.slice(e.pos[0], e.pos[0] + 2) === "\\'"));
  const re = /"(?:[^"\\]|\\.)*"/g;
  const [from, to] = doc.range;
  const body = text.slice(from, to);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const at = m[0].search(/(?<!\\)(?:\\\\)*\\\//);
    if (at >= 0)
      out.push({
        pos: from + m.index + at + m[0].slice(at).indexOf('\\/'),
        message: 'kubectl (go-yaml) refuses the escape \\/ in a double-quoted string; write / without the backslash.',
      });
  }
  return out;
}

export function parseCareful(snippet: Snippet): ParseResult {
  const findings: Finding[] = [];
  const warnings: Finding[] = [];
  const lc = new LineCounter();
  const at = (offset: number) => {
    const p = lc.linePos(offset);
    return position(snippet, p.line - 1, p.col - 1);
  };
  const finding = (code: string, offset: number, message: string): Finding => ({
    code,
    severity: 'error',
    file: snippet.file,
    ...at(offset),
    path: '',
    message,
  });
  let list: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(snippet.text, {
      lineCounter: lc,
      uniqueKeys: true,
      prettyErrors: false,
      schema: 'failsafe',
    });
    list = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { docs: [], findings: [{ ...finding('YAML_TOO_DEEP', 0, TOO_DEEP), ...position(snippet, 0, 0) }], warnings };
  }
  const docs: ParsedDoc[] = [];
  for (const doc of list) {
    const escapes = escapeProblems(snippet.text, doc);
    // After a tab or a syntax error the parser reports its consequences too; keep the
    // cause: tab errors if any, else duplicate keys and the first other error.
    const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
    const firstOther = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const errors = tabs.length > 0 ? tabs : doc.errors.filter((e) => e.code === 'DUPLICATE_KEY' || e === firstOther);
    for (const e of errors) {
      const dup = e.code === 'DUPLICATE_KEY';
      const tab = e.code === 'TAB_AS_INDENT';
      findings.push(
        finding(
          dup ? 'DUPLICATE_KEY' : tab ? 'YAML_TAB_INDENT' : 'YAML_SYNTAX',
          e.pos[0],
          dup
            ? 'This mapping has the same key twice; YAML parsers disagree on which one wins. Remove one of them.'
            : tab
              ? 'YAML indentation must use spaces; this line is indented with a tab. Replace the tab with spaces.'
              : `YAML syntax error: ${e.message.split('\n')[0]}`,
        ),
      );
    }
    for (const e of errors.length === 0 ? escapes : []) findings.push(finding('YAML_SYNTAX', e.pos, e.message));
    if (errors.length > 0 || escapes.length > 0) continue;
    let converted: ReturnType<typeof toValue>;
    try {
      converted = toValue(doc, snippet.text);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      findings.push(finding('YAML_TOO_DEEP', doc.range[0], TOO_DEEP));
      continue;
    }
    const bad = converted.problems.filter((p) => p.code !== 'YAML11_AMBIGUOUS');
    for (const p of bad) findings.push(finding(p.code, p.offset, p.message));
    for (const p of converted.problems)
      if (p.code === 'YAML11_AMBIGUOUS')
        warnings.push({ ...finding(p.code, p.offset, p.message), severity: 'warning' });
    if (bad.length > 0) continue;
    const start = doc.contents ? (doc.contents.range?.[0] ?? doc.range[0]) : doc.range[0];
    docs.push({
      value: converted.value,
      line: at(start).line,
      empty: converted.value === null,
      // Where a comment above the document lands depends on blank lines and markers: on the
      // document, on its contents, or on the first key.
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
        const { node, key, depth } = nodeAt(doc, path, snippet.text);
        const target = depth === path.length ? (key ?? node) : node;
        return at(target?.range?.[0] ?? start);
      },
    });
  }
  return { docs, findings, warnings };
}
