// Stage 1: source files → YAML snippets with file, line and fence meta. Pure.
import { parseDocument } from 'yaml';
import type { Finding, Snippet } from './types.ts';

export interface RawImport {
  /** The specifier as written, without the `!!raw-loader!` prefix. */
  specifier: string;
  line: number;
}

export interface PageExtract {
  snippets: Snippet[];
  imports: RawImport[];
  /** MDX partials the page imports (`import X from './_part.mdx'`): they belong to this page. */
  partials: RawImport[];
  /** The `ghostwire` key of the front matter, if any. */
  context: unknown;
  findings: Finding[];
}

const FENCE_OPEN = /^( *)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;
const YAML_LANGS = new Set(['yaml', 'yml']);
/** `{/* harness: key=value *\/}` or `<!-- harness: key=value -->` directly above a fence. */
const DIRECTIVE = /^\s*(?:\{\/\*|<!--)\s*harness:\s*(.*?)\s*(?:\*\/\}|-->)\s*$/;
const RAW_IMPORT = /^\s*import\s+\w+\s+from\s+['"]!!raw-loader!([^'"]+)['"]/;
const PARTIAL_IMPORT = /^\s*import\s+\w+\s+from\s+['"]((?:\.{1,2}\/|@site\/)[^'"!]+\.mdx?)['"]/;

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

function frontMatter(lines: string[], file: string, findings: Finding[]): { context: unknown; bodyStart: number } {
  if (lines[0]?.trim() !== '---') return { context: undefined, bodyStart: 0 };
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
    return { context: undefined, bodyStart: lines.length };
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
    return { context: undefined, bodyStart: end + 1 };
  }
  const data = doc.toJS() as Record<string, unknown> | null;
  return { context: data && typeof data === 'object' ? data['ghostwire'] : undefined, bodyStart: end + 1 };
}

function stripIndent(line: string, indent: number): string {
  let i = 0;
  while (i < indent && line[i] === ' ') i++;
  return line.slice(i);
}

/** Extracts YAML fences, raw-loader imports and the front-matter context from a Markdown or MDX page. */
export function extractPage(file: string, text: string): PageExtract {
  const findings: Finding[] = [];
  const snippets: Snippet[] = [];
  const imports: RawImport[] = [];
  const partials: RawImport[] = [];
  const lines = text.split(/\r?\n/);
  const { context, bodyStart } = frontMatter(lines, file, findings);
  let directive: Record<string, string> | undefined;
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i] as string;
    const imp = RAW_IMPORT.exec(line);
    if (imp) imports.push({ specifier: imp[1] as string, line: i + 1 });
    const part = PARTIAL_IMPORT.exec(line);
    if (part) partials.push({ specifier: part[1] as string, line: i + 1 });
    const dir = DIRECTIVE.exec(line);
    if (dir) {
      directive = parseMeta(dir[1] as string);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (!open) {
      if (line.trim() !== '') directive = undefined;
      continue;
    }
    const indent = (open[1] as string).length;
    const marker = open[2] as string;
    const lang = (open[3] as string).toLowerCase();
    // CommonMark: a closing fence may be indented up to three spaces (beyond the list
    // indentation the opening fence had); a deeper ``` line is content.
    const close = new RegExp(`^ {0,${indent + 3}}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] as string)) j++;
    const meta = { ...parseMeta(open[4] as string), ...directive };
    directive = undefined;
    if (j >= lines.length) {
      if (YAML_LANGS.has(lang)) {
        findings.push({
          code: 'UNTERMINATED_FENCE',
          severity: 'error',
          file,
          line: i + 1,
          column: indent + 1,
          path: '',
          message: `The ${lang} fence opened here is never closed; add a closing ${marker} line.`,
        });
      }
      break;
    }
    if (YAML_LANGS.has(lang)) {
      const body = lines.slice(i + 1, j).map((l) => stripIndent(l, indent));
      snippets.push({ file, line: i + 2, indent, lang, meta, text: body.join('\n'), origin: 'fence' });
    }
    i = j;
  }
  return { snippets, imports, partials, context, findings };
}

/** A YAML file is one snippet; its documents are split later. */
export function extractYamlFile(file: string, text: string): Snippet {
  return { file, line: 1, indent: 0, lang: 'yaml', meta: {}, text, origin: 'file' };
}
