// Stage 1: source files → YAML snippets with file, line and fence meta. Pure. Fences are
// found by the site's own Markdown parser (extract-mdx.ts), so nothing the site shows escapes.
import { parseDocument } from 'yaml';
import { type PageFormat, parseMarkdown, SITE_MARKDOWN_FORMAT } from './extract-mdx.ts';
import type { Finding, Snippet } from './types.ts';

export interface RawImport {
  /** The specifier as written, without the `!!raw-loader!` prefix. */
  specifier: string;
  line: number;
}

/** A shell fence (bash, sh, shell, console, zsh); `line` is the first line inside the fence. */
export interface ShellCommand {
  file: string;
  line: number;
  lang: string;
  text: string;
}

export interface PageExtract {
  snippets: Snippet[];
  commands: ShellCommand[];
  imports: RawImport[];
  /** MDX partials the page imports (`import X from './_part.mdx'`): they belong to this page. */
  partials: RawImport[];
  /** The `ghostwire` key of the front matter, if any. */
  context: unknown;
  findings: Finding[];
}

const YAML_LANGS = new Set(['yaml', 'yml']);
const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);
const PARTIAL = /^(?:\.{1,2}\/|@site\/)[^!]+\.mdx?$/;

/** Parses fence meta such as `title="values.yaml" values validate=false reason="CI workflow"`. */
export function parseMeta(meta: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w.-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g;
  for (let m = re.exec(meta); m; m = re.exec(meta)) {
    const key = m[1] as string;
    out[key] = m[2] ?? m[3] ?? m[4] ?? 'true';
  }
  return out;
}

interface FrontMatter {
  context: unknown;
  /** The whole front matter, when it parses. */
  data?: unknown;
  unterminated?: boolean;
}

function frontMatter(lines: string[], file: string, findings: Finding[]): FrontMatter {
  if (lines[0]?.trim() !== '---') return { context: undefined };
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    findings.push({
      code: 'UNTERMINATED_FRONT_MATTER',
      severity: 'error',
      file,
      line: 1,
      path: '',
      message: 'Front matter opened with --- is never closed; add a closing --- line.',
    });
    return { context: undefined, unterminated: true };
  }
  const doc = parseDocument(lines.slice(1, end).join('\n'));
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    findings.push({
      code: 'FRONT_MATTER_SYNTAX',
      severity: 'error',
      file,
      line: 2 + (e?.linePos?.[0].line ?? 1) - 1,
      path: '',
      message: `Front matter is not valid YAML: ${e?.message.split('\n')[0]}`,
    });
    return { context: undefined };
  }
  const data = doc.toJS() as Record<string, unknown> | null;
  return { context: data && typeof data === 'object' ? data['ghostwire'] : undefined, data };
}

function finding(file: string, line: number, code: string, message: string, column?: number): Finding {
  return { code, severity: 'error', file, line, ...(column === undefined ? {} : { column }), path: '', message };
}

/** The page's format as the site reads it: front matter `mdx.format` first, then the site default. */
function pageFormat(file: string, frontMatter: unknown): PageFormat {
  const mdx = (frontMatter as { mdx?: { format?: unknown } } | undefined)?.mdx;
  const format = mdx?.format ?? SITE_MARKDOWN_FORMAT;
  if (format === 'md' || format === 'mdx') return format;
  return /\.mdx$/i.test(file) ? 'mdx' : 'md';
}

/** Extracts YAML fences, shell commands, imports and the front-matter context from a Markdown or MDX page. */
export function extractPage(file: string, text: string): PageExtract {
  const findings: Finding[] = [];
  const snippets: Snippet[] = [];
  const commands: ShellCommand[] = [];
  const imports: RawImport[] = [];
  const partials: RawImport[] = [];
  const fm = frontMatter(text.split(/\r\n|\r|\n/), file, findings);
  if (fm.unterminated) return { snippets, commands, imports, partials, context: undefined, findings };
  const parsed = parseMarkdown(text, pageFormat(file, fm.data));
  if (parsed.error) {
    const { line, column, message } = parsed.error;
    findings.push(
      finding(file, line, 'MDX_SYNTAX', `The site cannot compile this page: ${message}. Fix the MDX here.`, column),
    );
  }
  for (const imp of parsed.imports) {
    if (imp.specifier.startsWith('!!raw-loader!'))
      imports.push({ specifier: imp.specifier.slice('!!raw-loader!'.length), line: imp.line });
    else if (PARTIAL.test(imp.specifier)) partials.push(imp);
  }
  for (const fence of parsed.fences) {
    const line = fence.line + 1;
    if (SHELL_LANGS.has(fence.lang)) commands.push({ file, line, lang: fence.lang, text: fence.value });
    if (!YAML_LANGS.has(fence.lang)) continue;
    if (!fence.closed) {
      const message = `The ${fence.lang} fence opened here is never closed; add a closing ${fence.marker} line.`;
      findings.push(finding(file, fence.line, 'UNTERMINATED_FENCE', message, fence.column + 1));
      continue;
    }
    if (fence.closedEarly !== undefined) {
      findings.push({
        ...finding(file, fence.closedEarly, 'FENCE_CLOSED_EARLY', ''),
        severity: 'warning',
        message:
          `The site (MDX) ends the ${fence.lang} fence opened at line ${fence.line} here, at an indented ` +
          `${fence.marker} line, so the rest of the YAML is shown as text. ` +
          `Open the fence with more ${fence.marker[0]} characters than any line inside it.`,
      });
    }
    const meta = { ...parseMeta(fence.meta), ...(fence.directive === undefined ? {} : parseMeta(fence.directive)) };
    const snippet: Snippet = {
      file,
      line,
      indent: fence.column,
      lang: fence.lang,
      meta,
      text: fence.value,
      origin: 'fence',
    };
    if (fence.offsets) snippet.offsets = fence.offsets;
    snippets.push(snippet);
  }
  return { snippets, commands, imports, partials, context: fm.context, findings };
}

/** A YAML file is one snippet; its documents are split later. */
export function extractYamlFile(file: string, text: string): Snippet {
  return { file, line: 1, indent: 0, lang: 'yaml', meta: {}, text, origin: 'file' };
}
