// The site's Markdown reading, for extract.ts: pages are parsed by the same remark stack
// Docusaurus 3 compiles them with (remark-parse + remark-mdx for MDX, front matter,
// directives, GFM, MDX 1 comments), so every fence the site renders is found at its line.
// Pure: text in, fences and imports out.
import commentPlugin from '@slorber/remark-comment';
import type { Code, Nodes, Parents, Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * How the site reads a page: docusaurus.config.ts leaves `markdown.format` at Docusaurus'
 * default, 'mdx', so .md pages are MDX too; front matter `mdx.format` overrides it per page.
 */
export const SITE_MARKDOWN_FORMAT = 'mdx';
export type PageFormat = 'md' | 'mdx';

export interface Fence {
  lang: string;
  /** The info string after the language, as written. */
  meta: string;
  /** The fence's content, container prefixes (list indentation, `>`) removed, `\n` line ends. */
  value: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 0-based column of the opening fence. */
  column: number;
  /** The fence characters that opened it (``` or ~~~~ …). */
  marker: string;
  /** False when the fence was never closed (remark ends it with its container). */
  closed: boolean;
  /**
   * The line of a closing marker indented four or more columns deeper than the fence: MDX
   * (no indented code) closes the fence there, CommonMark would not.
   */
  closedEarly?: number;
  /** 0-based source column of each content line's first character, when it is not `column`. */
  offsets?: number[];
  /** The `harness:` directive directly above the fence (its text after `harness:`). */
  directive?: string;
}

export interface EsmImport {
  specifier: string;
  line: number;
}

export interface MarkdownParse {
  fences: Fence[];
  imports: EsmImport[];
  /** Set when the page is not valid MDX; the site build would fail at this place. */
  error?: { line: number; column: number; message: string };
}

interface FromMarkdownExtension {
  transforms?: unknown[];
  enter?: Record<string, unknown>;
}

/**
 * Drops the tree transform of GFM autolink literals (a tenth of the parse): it only turns
 * text nodes into links, so it can change no code node, no ESM import, no error and no
 * directive (a fence's previous sibling is never a text node; a paragraph's last child stays
 * text or link, neither of which is a directive). Micromark's own literal autolinks stay.
 */
function withoutAutolinkTransform(this: { data(): { fromMarkdownExtensions?: unknown[] } }) {
  const strip = (ext: unknown): unknown =>
    Array.isArray(ext)
      ? ext.map(strip)
      : (ext as FromMarkdownExtension).enter?.['literalAutolink'] && (ext as FromMarkdownExtension).transforms
        ? { ...(ext as FromMarkdownExtension), transforms: [] }
        : ext;
  const data = this.data();
  if (data.fromMarkdownExtensions) data.fromMarkdownExtensions = data.fromMarkdownExtensions.map(strip);
}

const processor = (mdx: boolean, comments: boolean) =>
  unified()
    .use(remarkParse)
    .use((mdx ? [remarkMdx] : []) as never)
    .use([
      remarkFrontmatter,
      remarkDirective,
      remarkGfm,
      ...(comments ? [[commentPlugin, { ast: true }]] : []),
      withoutAutolinkTransform,
    ] as never)
    .freeze();

/**
 * The MDX 1 comment syntax matches `<!--` and nothing else (its construct gives up at the
 * second character otherwise), so a page without `<!--` reads the same without it, and about a
 * sixth faster: it is tried at every `<`, which MDX pages are full of.
 */
const processors = new Map<string, ReturnType<typeof processor>>();
/** Each of the four readers is made when a page first needs it (a run without pages needs none). */
function processorFor(format: PageFormat, comments: boolean) {
  const key = `${format}:${comments}`;
  let p = processors.get(key);
  if (!p) processors.set(key, (p = processor(format === 'mdx', comments)));
  return p;
}

const DIRECTIVE = /^\s*(?:\{\/\*|<!--)\s*harness:\s*(.*?)\s*(?:\*\/\}|-->)\s*$/;
const COMMENT_DIRECTIVE = /^\s*harness:\s*(.*?)\s*$/;

/** The `harness:` directive a node stands for, if it is one. */
function directiveOf(node: Nodes | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'mdxFlowExpression') return DIRECTIVE.exec(`{${node.value}}`)?.[1];
  if (node.type === 'html') return DIRECTIVE.exec(node.value)?.[1];
  const comment = node as { type: string; commentValue?: string };
  if (comment.type === 'comment') return COMMENT_DIRECTIVE.exec(comment.commentValue ?? '')?.[1];
  // A comment on the line after prose belongs to that paragraph.
  if (node.type === 'paragraph') return directiveOf(node.children.at(-1) as Nodes | undefined);
  return undefined;
}

/**
 * Docusaurus' preprocessing: heading ids escaped, ```mdx-code-block fences unwrapped (same
 * patterns as its unwrapMdxCodeBlocks), the fence lines becoming blank lines here so every
 * line keeps its number.
 */
function preprocess(source: string): string {
  // MDX 1 heading ids (`## Title {#id}`) are escaped first, as mdx1Compat.headingIds does.
  const text = source.replace(
    /(^|\n)(#{1,6}(?!#).*)/g,
    (_m, nl: string, h: string) => `${nl}${h.replace('{#', '\\{#').replace('\\\\{#', '\\{#')}`,
  );
  if (!text.includes('mdx-code-block')) return text;
  const keepLines = (...args: unknown[]) => {
    const g = args.at(-1) as Record<string, string>;
    return `${g['begin']}\n${g['children']}\n${g['end']}`;
  };
  const fence = (ticks: string) =>
    new RegExp(
      `(?<begin>^|\\r?\\n)(?<indentStart>\\x20*)${ticks}(?<spaces>\\x20*)mdx-code-block\\r?\\n` +
        `(?<children>.*?)\\r?\\n(?<indentEnd>\\x20*)${ticks}(?<end>\\r?\\n|$)`,
      'gs',
    );
  return text.replace(fence('```'), keepLines).replace(fence('````'), keepLines);
}

/** Start offsets of every line (CR, LF and CRLF all end a line, as in CommonMark). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function lineText(text: string, starts: number[], line: number): string {
  const from = starts[line - 1] ?? text.length;
  const to = starts[line] ?? text.length;
  return text.slice(from, to).replace(/\r?\n$|\r$/, '');
}

function toFence(node: Code, text: string, starts: number[], directive: string | undefined): Fence {
  const start = node.position?.start ?? { line: 1, column: 1, offset: 0 };
  const end = node.position?.end ?? start;
  const marker = /^(`{3,}|~{3,})/.exec(text.slice(start.offset ?? 0))?.[1] ?? '```';
  // A closed fence ends right after its closing marker; remark ends an unclosed one at the
  // start of the line after its container (or at the end of the file).
  const lastLine = text.slice(starts[end.line - 1] ?? 0, end.offset ?? 0);
  const closing = new RegExp(`^[ \\t>]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  const closed = end.line > start.line && closing.test(lastLine);
  const value = node.value.replace(/\r\n?/g, '\n');
  const column = start.column - 1;
  const offsets = value.split('\n').map((v, i) => {
    const src = lineText(text, starts, start.line + 1 + i);
    return v !== '' && src.endsWith(v) ? src.length - v.length : column;
  });
  const fence: Fence = {
    lang: (node.lang ?? '').toLowerCase(),
    meta: node.meta ?? '',
    value,
    line: start.line,
    column,
    marker,
    closed,
  };
  if (offsets.some((o) => o !== column)) fence.offsets = offsets;
  // Indentation inside the innermost blockquote, of the closing marker and of the fence.
  const inQuote = (line: string, at: number) => at - (line.lastIndexOf('>', at) + 1);
  const closeIndent = inQuote(lastLine, lastLine.search(/[`~]/));
  const fenceIndent = inQuote(lineText(text, starts, start.line), column);
  if (closed && closeIndent - fenceIndent > 3) fence.closedEarly = end.line;
  if (directive !== undefined) fence.directive = directive;
  return fence;
}

function walk(parent: Parents, visit: (node: Code, previous: Nodes | undefined) => void): void {
  parent.children.forEach((child, i) => {
    if (child.type === 'code') visit(child, parent.children[i - 1] as Nodes | undefined);
    else if ('children' in child) walk(child as Parents, visit);
  });
}

function esmImports(tree: Root): EsmImport[] {
  const out: EsmImport[] = [];
  for (const node of tree.children) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const stmt of node.data?.estree?.body ?? []) {
      if (stmt.type !== 'ImportDeclaration' || typeof stmt.source.value !== 'string') continue;
      out.push({ specifier: stmt.source.value, line: stmt.loc?.start.line ?? node.position?.start.line ?? 1 });
    }
  }
  return out;
}

/**
 * Parses a page as the site does and returns its fenced code blocks and ESM imports.
 * `comments` forces the MDX 1 comment syntax on (by default it is on when the page has `<!--`).
 */
export function parseMarkdown(source: string, format: PageFormat, comments?: boolean): MarkdownParse {
  const text = preprocess(source);
  const withComments = comments ?? text.includes('<!--');
  let tree: Root;
  let error: MarkdownParse['error'];
  try {
    tree = processorFor(format, withComments).parse(text);
  } catch (err) {
    const e = err as { line?: number; column?: number; reason?: string; message?: string };
    error = {
      line: e.line ?? 1,
      column: e.column ?? 1,
      message: (e.reason ?? e.message ?? String(err)).split('\n')[0] ?? '',
    };
    // The fences are still worth checking: read the page as plain CommonMark.
    tree = processorFor('md', withComments).parse(text);
  }
  const starts = lineStarts(text);
  const fences: Fence[] = [];
  walk(tree, (node, previous) => fences.push(toFence(node, text, starts, directiveOf(previous))));
  return { fences, imports: esmImports(tree), ...(error ? { error } : {}) };
}
