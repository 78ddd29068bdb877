// The fast path of YAML parsing (see parseFast); yamldoc.ts holds the careful one.
import jsYaml from 'js-yaml';
import type { Snippet } from './types.ts';
import type { ParsedDoc } from './yamldoc.ts';

const DOC_MARKER = /^(---|\.\.\.)(\s|$)/;
/**
 * Anchors, aliases, tags and merge keys take the careful path (alias limits, exact
 * semantics), and so do directives (`%YAML 1.1`) and digits with underscores, which
 * js-yaml reads as YAML 1.1 numbers where the YAML 1.2 core schema has strings.
 */
const NEEDS_CAREFUL_PATH = /(^|[\s[{,:-])[&*!][^\s]|<<\s*:|^%|\d_\d/m;

/**
 * The fast path: js-yaml turns the text into values about ten times faster than building
 * the `yaml` AST, and most documents never need a position. Document start lines come
 * from the `---` markers; `locate` builds the positional AST only when a finding asks.
 * Returns undefined whenever the careful path must decide (errors, anchors, tags, any
 * doubt about how documents line up), so findings are always reported by one parser.
 */
export function parseFast(
  snippet: Snippet,
  parseCareful: (s: Snippet) => { docs: ParsedDoc[] },
): ParsedDoc[] | undefined {
  if (NEEDS_CAREFUL_PATH.test(snippet.text)) return undefined;
  let values: unknown[];
  try {
    values = jsYaml.loadAll(snippet.text, undefined, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  const lines = snippet.text.split('\n');
  const segments: { start: number; end: number }[] = [];
  let start = 0;
  lines.forEach((l, i) => {
    if (DOC_MARKER.test(l)) {
      segments.push({ start, end: i });
      start = i + 1;
    }
  });
  segments.push({ start, end: lines.length });
  const withContent = segments
    .map((seg) => {
      let first = -1;
      const comments: string[] = [];
      for (let i = seg.start; i < seg.end; i++) {
        const t = (lines[i] as string).trim();
        if (t === '') continue;
        if (t.startsWith('#')) {
          if (first < 0) comments.push(t.replace(/^#\s?/, ''));
          continue;
        }
        first = i;
        break;
      }
      return { first, comments };
    })
    .filter((x) => x.first >= 0);
  const nonEmpty = values.filter((v) => v !== null && v !== undefined);
  if (withContent.length !== nonEmpty.length || nonEmpty.length !== values.length) return undefined;
  let careful: ParsedDoc[] | undefined;
  return nonEmpty.map((value, i) => {
    const seg = withContent[i] as { first: number; comments: string[] };
    const line = snippet.line + seg.first;
    return {
      value,
      line,
      empty: false,
      leadingComment: seg.comments.join('\n'),
      locate: (p) => {
        careful ??= parseCareful(snippet).docs;
        return careful[i]?.locate(p) ?? { line, column: snippet.indent + 1 };
      },
    };
  });
}
