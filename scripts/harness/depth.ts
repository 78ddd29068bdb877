// A cheap, linear look at how deeply a YAML text nests, before any parser recurses into it:
// a document nested thousands of levels deep overflows the parser's or the validator's
// stack. Kubernetes objects nest a few dozen levels at most. Pure.
import type { Finding, Snippet } from './types.ts';

/** Deeper than this is refused with YAML_TOO_DEEP. */
export const MAX_NESTING = 100;

/**
 * The deepest nesting in the text (block indentation levels, `- ` entries on one line, and
 * open flow brackets outside quotes) and the 1-based line where it first exceeds `limit`.
 */
export function nestingDepth(text: string, limit = MAX_NESTING): { depth: number; line?: number } {
  const indents: number[] = [];
  let flow = 0;
  let max = 0;
  let blockScalar = -1;
  let n = 0;
  // Without a bracket in the text, flow depth stays 0 and quotes and comments cannot change
  // it: the character loop is skipped. `|`/`>` positions are found with indexOf, once each.
  const anyFlow = text.includes('[') || text.includes('{');
  let pipe = -1;
  let gt = -1;
  // Lines end at \r\n, \r or \n; each is scanned by character code, without copies.
  // Without \r, each line ends at the next \n, found natively.
  const crlf = text.includes('\r');
  for (let from = 0; from <= text.length; n++) {
    let to = crlf ? from : text.indexOf('\n', from);
    if (to < 0) to = text.length;
    if (crlf) while (to < text.length && text.charCodeAt(to) !== 10 && text.charCodeAt(to) !== 13) to++;
    const lineStart = from;
    from = text.charCodeAt(to) === 13 && text.charCodeAt(to + 1) === 10 ? to + 2 : to + 1;
    let b = lineStart;
    while (b < to && isSpace(text.charCodeAt(b))) b++;
    if (b === to || text.charCodeAt(b) === 35) continue;
    const indent = b - lineStart;
    if (blockScalar >= 0 && indent > blockScalar) continue;
    blockScalar = -1;
    if (flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
      indents.push(indent);
    }
    let dashes = 0;
    for (let j = b; text.charCodeAt(j) === 45 && j + 1 < to && isSpace(text.charCodeAt(j + 1)); ) {
      dashes++;
      j += 2;
      while (j < to && isSpace(text.charCodeAt(j))) j++;
    }
    let quote = 0;
    let deepest = flow;
    for (let i = anyFlow ? b : to; i < to; i++) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 92 && quote === 34) i++;
      } else if (c === 34 || c === 39) {
        if (i === b || opensQuote(text.charCodeAt(i - 1))) quote = c;
      } else if (c === 35 && i > b && isSpace(text.charCodeAt(i - 1))) break;
      else if (c === 91 || c === 123) deepest = Math.max(deepest, ++flow);
      else if ((c === 93 || c === 125) && flow > 0) flow--;
    }
    if (pipe < b) pipe = nextAt(text, '|', b);
    if (gt < b) gt = nextAt(text, '>', b);
    if (flow === 0 && (pipe < to || gt < to) && BLOCK_SCALAR.test(text.slice(b, to))) blockScalar = indent;
    const depth = indents.length + dashes + deepest;
    if (depth > max) {
      max = depth;
      if (max > limit) return { depth: max, line: n + 1 };
    }
  }
  return { depth: max };
}

/** The index of the next `c` at or after `from`, or the text's length when there is none. */
function nextAt(text: string, c: string, from: number): number {
  const i = text.indexOf(c, from);
  return i < 0 ? text.length : i;
}

const BLOCK_SCALAR = /[|>][-+0-9]*\s*(#.*)?$/;

/** Whitespace as \s reads it (the ASCII cases first, the rest through the regex). */
function isSpace(c: number): boolean {
  if (c === 32 || c === 9) return true;
  if (c < 128) return c === 11 || c === 12;
  return /\s/.test(String.fromCharCode(c));
}

/** A quote opens a quoted scalar at the start, or after whitespace, `[`, `{`, `,` or `:`. */
function opensQuote(prev: number): boolean {
  return isSpace(prev) || prev === 91 || prev === 123 || prev === 44 || prev === 58;
}

/**
 * A bound nestingDepth never exceeds, in one light pass: a line's block levels are at most its
 * indentation + 1 (the levels on the stack are distinct indentations), its `- ` entries at most
 * the dashes before its content, and flow levels at most the brackets in the whole text.
 * Infinity for text with CR line ends (the exact walk handles those).
 */
export function depthBound(text: string): number {
  if (text.includes('\r')) return Number.POSITIVE_INFINITY;
  let brackets = 0;
  for (const open of ['[', '{']) for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) brackets++;
  let indent = 0;
  let dashes = 0;
  for (let from = 0; from < text.length; ) {
    let i = from;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    indent = Math.max(indent, i - from);
    let d = 0;
    for (let c = text.charCodeAt(i); c === 45 || isSpace(c); c = text.charCodeAt(++i)) if (c === 45) d++;
    dashes = Math.max(dashes, d);
    const next = text.indexOf('\n', i);
    if (next < 0) break;
    from = next + 1;
  }
  return indent + 1 + dashes + brackets;
}

/** YAML_TOO_DEEP for a snippet nested beyond MAX_NESTING, else undefined. */
export function depthFinding(s: Snippet, limit = MAX_NESTING): Finding | undefined {
  if (depthBound(s.text) <= limit) return undefined;
  const d = nestingDepth(s.text, limit);
  if (d.line === undefined) return undefined;
  return {
    code: 'YAML_TOO_DEEP',
    severity: 'error',
    file: s.file,
    line: s.line + d.line - 1,
    column: s.indent + 1,
    path: '',
    message:
      `This YAML nests more than ${limit} levels deep; no Kubernetes object needs that, and reading it ` +
      'could exhaust the stack. Flatten it or remove it.',
  };
}
