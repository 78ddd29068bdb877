// Parses a snippet's YAML into documents that know where each of their paths sits
// in the source file, with the values kubectl would send. Pure; used by classify
// (documents) and values (chart values).
import type { Finding, Snippet } from './types.ts';
import { parseCareful, position } from './yamlcareful.ts';
import { type FastNode, readFast } from './yamlfast.ts';

export interface ParsedDoc {
  /** Plain JS value of the document, as kubectl reads it (null for an empty document). */
  value: unknown;
  /** 1-based line in the file where the document starts. */
  line: number;
  /** Whether the document holds anything besides comments. */
  empty: boolean;
  /** Comment lines directly before the document's content (for `# ghostwire-ignore`). */
  leadingComment: string;
  locate: (path: readonly (string | number)[]) => { line: number; column: number };
}

export interface ParseResult {
  docs: ParsedDoc[];
  /** Errors: the documents they belong to are not in `docs`. */
  findings: Finding[];
  /** YAML 1.1 accidents (YAML11_AMBIGUOUS): the value is read as kubectl reads it. */
  warnings: Finding[];
}

const MARKER = /^(?:---|\.\.\.)(?:\s|$)/;

/**
 * Parses every document of a snippet. Documents are split at `---` lines; each is read by
 * the fast reader (yamlfast.ts) when it can, and by the careful path otherwise, so the
 * careful path decides acceptance, boundaries and positions of every document the fast
 * reader declines, and the fast reader returns the careful path's answer for the rest.
 * Directives, `...`, content on a `---` line and empty documents between markers send
 * the whole snippet down the careful path.
 */
export function parseSnippet(snippet: Snippet): ParseResult {
  const lines = snippetLines(snippet);
  const segments: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.startsWith('%') || l.startsWith('...') || l.includes('\r')) return parseCareful(snippet);
    if (MARKER.test(l)) {
      const rest = l.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) return parseCareful(snippet);
      segments.push({ start, end: i });
      start = i + 1;
    }
  }
  segments.push({ start, end: lines.length });
  const out: ParseResult = { docs: [], findings: [], warnings: [] };
  segments.forEach((seg, n) => {
    const comments: string[] = [];
    let first = -1;
    for (let i = seg.start; i < seg.end && first < 0; i++) {
      const t = (lines[i] as string).trim();
      if (t.startsWith('#')) comments.push(t.replace(/^#\s?/, ''));
      else if (t !== '') first = i;
    }
    // A part with no content before a leading --- or after a trailing --- is no document.
    if (first < 0 && ((n === 0 && comments.length === 0) || n === segments.length - 1)) return;
    // Values only: positions are read again for the documents a finding needs them in
    // (most have none), which keeps the node tree of every document out of the heap.
    const fast = first < 0 ? undefined : readFast(lines, seg.start, seg.end, false);
    if (!fast) {
      const r = parseCareful(sub(snippet, lines, seg));
      out.docs.push(...r.docs);
      out.findings.push(...r.findings);
      out.warnings.push(...r.warnings);
      return;
    }
    const root = fast.root;
    for (const w of fast.warnings)
      out.warnings.push({
        code: 'YAML11_AMBIGUOUS',
        severity: 'warning',
        file: snippet.file,
        ...position(snippet, w.line, w.col),
        path: '',
        message: w.message,
      });
    out.docs.push({
      value: root.value,
      line: snippet.line + root.line,
      empty: false,
      leadingComment: comments.join('\n'),
      locate: lazyLocate(snippet, seg.start, seg.end),
    });
  });
  return out;
}

/** A snippet's lines, without their line ends. */
function snippetLines(snippet: Snippet): string[] {
  return snippet.text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** A snippet's lines, split again once for the documents of it that a finding asks about. */
const splitAgain = new WeakMap<Snippet, string[]>();

/**
 * `locate` for a document the fast reader read without positions: on its first call the
 * snippet's lines are split again and the document read again with positions. Made here, out
 * of parseSnippet's scope, so a document keeps only its snippet, not an array of its lines.
 */
function lazyLocate(snippet: Snippet, start: number, end: number): ParsedDoc['locate'] {
  let tree: FastNode | undefined;
  return (path) => {
    if (!tree) {
      let lines = splitAgain.get(snippet);
      if (!lines) splitAgain.set(snippet, (lines = snippetLines(snippet)));
      tree = (readFast(lines, start, end) as { root: FastNode }).root;
    }
    const { line, col } = locateFast(tree, path);
    return position(snippet, line, col);
  };
}

/** A segment of a snippet as a snippet of its own, at its own lines. */
function sub(snippet: Snippet, lines: string[], seg: { start: number; end: number }): Snippet {
  const s: Snippet = { ...snippet, line: snippet.line + seg.start, text: lines.slice(seg.start, seg.end).join('\n') };
  if (snippet.offsets) s.offsets = snippet.offsets.slice(seg.start, seg.end);
  return s;
}

/** The careful path's answer: the key of a path that exists, else the deepest node on it. */
function locateFast(root: FastNode, path: readonly (string | number)[]): { line: number; col: number } {
  let node = root;
  let key: { line: number; col: number } | undefined;
  let depth = 0;
  for (const seg of path) {
    const entry = node.entries?.find((e) => e.key === String(seg));
    const item = typeof seg === 'number' ? node.items?.[seg] : undefined;
    if (entry && !Array.isArray(node.value)) {
      key = entry;
      node = entry.node;
    } else if (item && Array.isArray(node.value)) {
      key = undefined;
      node = item;
    } else break;
    depth++;
  }
  return depth === path.length && key ? key : node;
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

/**
 * Splits an ajv-style instancePath (`/spec/rules/0/host`) into segments; numeric segments into numbers
 * where the value is an array.
 */
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
