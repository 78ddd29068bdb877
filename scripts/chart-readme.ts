// Generates the values table of chart/README.md from the comments in
// chart/values.yaml and the types in chart/values.schema.json.
//
//   npx tsx scripts/chart-readme.ts --write   rewrite the table between the markers
//   npx tsx scripts/chart-readme.ts --check   exit 1 when the README's table is stale
//
// Comment convention in values.yaml: the comment block directly above a key
// documents it; prose first, then a line starting with "Example:" followed by
// the example, inline or as indented YAML on the next lines.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';

export const START = '<!-- values:start -->';
export const END = '<!-- values:end -->';

export interface ValueDoc {
  /** Dotted key path, e.g. persistence.retentionPolicy.whenDeleted. */
  key: string;
  path: string[];
  value: unknown;
  /** True when the value is a map with keys of its own (it gets rows of its own). */
  parent: boolean;
  /** The prose, one paragraph. Empty when the key has no comment. */
  description: string;
  /** The YAML after "Example:", dedented; undefined when there is none. */
  example?: string;
  /** 1-based line of the key in values.yaml. */
  line: number;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * The comment block of a key. The yaml package puts the comment above the first
 * key of a nested map on the map itself, and the file's header comment in front
 * of the first key; only the last paragraph (after a blank line) belongs to the key.
 */
function commentOf(pair: Pair, map: YAMLMap, index: number): string {
  const key = pair.key as { commentBefore?: string | null } | null;
  let raw = key?.commentBefore ?? '';
  if (!raw && index === 0) raw = map.commentBefore ?? '';
  const paragraphs = raw.split(/\n[ \t]*\n/);
  return paragraphs[paragraphs.length - 1] ?? '';
}

function splitComment(comment: string): { description: string; example?: string } {
  const lines = comment.split('\n').map((l) => (l.startsWith(' ') ? l.slice(1) : l));
  const at = lines.findIndex((l) => /^Example:/.test(l));
  const prose = (at === -1 ? lines : lines.slice(0, at)).map((l) => l.trim()).filter((l) => l !== '');
  if (at === -1) return { description: prose.join(' ') };
  const inline = (lines[at] ?? '').replace(/^Example:\s*/, '');
  const block = lines.slice(at + 1);
  const indent = Math.min(...block.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  const example =
    inline !== ''
      ? inline
      : block
          .map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
          .join('\n')
          .trimEnd();
  return { description: prose.join(' '), example };
}

/** Every key of values.yaml, in file order, with its documentation. */
export function parseValuesDocs(text: string): ValueDoc[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`values.yaml: ${doc.errors[0]?.message}`);
  const out: ValueDoc[] = [];
  const walk = (map: YAMLMap, prefix: string[]) => {
    map.items.forEach((pair, index) => {
      if (!isScalar(pair.key))
        throw new Error(`values.yaml: only scalar keys are supported (under ${prefix.join('.') || 'the root'})`);
      const name = String(pair.key.value);
      const p = [...prefix, name];
      const parent = isMap(pair.value) && pair.value.items.length > 0;
      out.push({
        key: p.join('.'),
        path: p,
        value:
          pair.value && typeof pair.value === 'object' && 'toJSON' in pair.value
            ? (pair.value as { toJSON(): unknown }).toJSON()
            : pair.value,
        parent,
        ...splitComment(commentOf(pair as Pair, map, index)),
        line: lineOf(text, pair.key.range?.[0] ?? 0),
      });
      if (parent) walk(pair.value as YAMLMap, p);
    });
  };
  if (isMap(doc.contents)) walk(doc.contents, []);
  return out;
}

// ---------------------------------------------------------------- schema types

type Schema = Record<string, unknown>;

/** Follows local "$ref"s ("#/definitions/x"). */
export function deref(root: Schema, node: Schema | undefined): Schema | undefined {
  let cur = node;
  for (let i = 0; cur && typeof cur['$ref'] === 'string' && i < 20; i++) {
    const ref = cur['$ref'] as string;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    cur = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Schema)[k] : undefined), root) as
      | Schema
      | undefined;
  }
  return cur;
}

/** The schema of a value path, following properties (and free-form additionalProperties). */
export function schemaAt(root: Schema, keys: readonly string[]): Schema | undefined {
  let cur: Schema | undefined = root;
  for (const k of keys) {
    cur = deref(root, cur);
    if (!cur) return undefined;
    const props = cur['properties'] as Record<string, Schema> | undefined;
    if (props && k in props) cur = props[k];
    else if (cur['additionalProperties'] && typeof cur['additionalProperties'] === 'object')
      cur = cur['additionalProperties'] as Schema;
    else return undefined;
  }
  return deref(root, cur);
}

function typeName(root: Schema, s: Schema | undefined): string {
  if (!s) return '';
  if (Array.isArray(s['oneOf']) || Array.isArray(s['anyOf'])) {
    const alts = ((s['oneOf'] ?? s['anyOf']) as Schema[]).map((a) => deref(root, a));
    if (alts.some((a) => a?.['description']?.toString().includes('quantity'))) return 'quantity';
    return alts
      .map((a) => typeName(root, a))
      .filter((t, i, all) => t && all.indexOf(t) === i)
      .join(' or ');
  }
  if (s['description']?.toString().startsWith('A Kubernetes quantity')) return 'quantity';
  const t = s['type'];
  if (t === 'array') {
    const items = deref(root, s['items'] as Schema | undefined);
    return `list of ${typeName(root, items) || 'any'}`;
  }
  if (typeof t === 'string') {
    if (Array.isArray(s['enum'])) return `${t} (${(s['enum'] as unknown[]).map((e) => `\`${String(e)}\``).join(', ')})`;
    if (s['const'] !== undefined) return `${t} (\`${String(s['const'])}\` only)`;
    if (t === 'object' && s['additionalProperties'] && typeof s['additionalProperties'] === 'object')
      return `map of ${typeName(root, deref(root, s['additionalProperties'] as Schema))}`;
    return t;
  }
  return '';
}

// ---------------------------------------------------------------- markdown

/** Escapes text for a GFM table cell that MDX also parses: code spans keep their text, only '|' is escaped there. */
export function escapeCell(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part.replace(/\|/g, '\\|');
      return part
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/[{}*_~]/g, (c) => `\\${c}`)
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
    })
    .join('');
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function defaultCell(d: ValueDoc): string {
  if (d.parent) return '';
  return code(JSON.stringify(d.value) ?? 'null');
}

function exampleSuffix(d: ValueDoc): string {
  if (!d.example || d.example.includes('\n')) return '';
  return ` Example: ${code(d.example)}.`;
}

/** The generated table, without the markers. */
export function valuesTable(docs: readonly ValueDoc[], schema: Schema): string {
  const rows = docs.map((d) => {
    const type = d.parent ? 'object' : typeName(schema, schemaAt(schema, d.path));
    const description = `${escapeCell(d.description)}${exampleSuffix(d)}`;
    return `| ${code(d.key)} | ${escapeCell(type)} | ${defaultCell(d)} | ${description} |`;
  });
  return ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with the table between the markers replaced. */
export function updateReadme(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start)
    throw new Error(`chart/README.md needs the markers ${START} and ${END}, in that order`);
  return `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

export interface ChartPaths {
  values: string;
  schema: string;
  readme: string;
}

export function chartPaths(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')): ChartPaths {
  const chart = path.join(root, 'chart');
  return {
    values: path.join(chart, 'values.yaml'),
    schema: path.join(chart, 'values.schema.json'),
    readme: path.join(chart, 'README.md'),
  };
}

/** The README as it should be, and as it is. */
export async function expectedReadme(p: ChartPaths = chartPaths()): Promise<{ current: string; expected: string }> {
  const [values, schema, current] = await Promise.all([
    readFile(p.values, 'utf8'),
    readFile(p.schema, 'utf8'),
    readFile(p.readme, 'utf8'),
  ]);
  const table = valuesTable(parseValuesDocs(values), JSON.parse(schema) as Schema);
  return { current, expected: updateReadme(current, table) };
}

async function main(argv: readonly string[]): Promise<number> {
  const mode = argv.includes('--write') ? 'write' : argv.includes('--check') ? 'check' : undefined;
  if (!mode) {
    console.error('usage: tsx scripts/chart-readme.ts --write | --check');
    return 2;
  }
  const p = chartPaths();
  const { current, expected } = await expectedReadme(p);
  if (mode === 'write') {
    if (current !== expected) await writeFile(p.readme, expected);
    console.log(
      current === expected ? 'chart/README.md: values table is up to date' : 'chart/README.md: values table rewritten',
    );
    return 0;
  }
  if (current === expected) {
    console.log('chart/README.md: values table is up to date');
    return 0;
  }
  console.error(
    'chart/README.md: the values table differs from chart/values.yaml; run: npx tsx scripts/chart-readme.ts --write',
  );
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
}
