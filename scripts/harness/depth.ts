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
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n] as string;
    const indent = l.length - l.trimStart().length;
    const body = l.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    if (blockScalar >= 0 && indent > blockScalar) continue;
    blockScalar = -1;
    if (flow === 0) {
      while (indents.length > 0 && (indents.at(-1) as number) >= indent) indents.pop();
      indents.push(indent);
    }
    const dashes = /^(?:-\s+)+/.exec(body)?.[0].replace(/\s/g, '').length ?? 0;
    let quote = '';
    let deepest = flow;
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"') i++;
      } else if (c === '"' || c === "'") {
        if (i === 0 || /[\s[{,:]/.test(body[i - 1] as string)) quote = c;
      } else if (c === '#' && i > 0 && /\s/.test(body[i - 1] as string)) break;
      else if (c === '[' || c === '{') deepest = Math.max(deepest, ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    if (flow === 0 && /[|>][-+0-9]*\s*(#.*)?$/.test(body)) blockScalar = indent;
    const depth = indents.length + dashes + deepest;
    if (depth > max) {
      max = depth;
      if (max > limit) return { depth: max, line: n + 1 };
    }
  }
  return { depth: max };
}

/** YAML_TOO_DEEP for a snippet nested beyond MAX_NESTING, else undefined. */
export function depthFinding(s: Snippet, limit = MAX_NESTING): Finding | undefined {
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
