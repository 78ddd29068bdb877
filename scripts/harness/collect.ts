// Stage 0-2 of the pipeline for a whole run: read the files, extract pages (following
// raw-loader imports), and group the classified snippets into units, one per page (with
// the partials it imports) or example folder, each with its release context.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { classify, toKubeDocument, type Classified } from './classify.ts';
import { DEFAULT_CONTEXT, parseContext, type GhostwireContext } from './context.ts';
import { schemasFromCrds } from './crd-schemas.ts';
import { extractYamlFile, type PageExtract } from './extract.ts';
import { extractPageCached } from './extract-cache.ts';
import { CONTEXT_FILE, listFiles, PAGE_EXT, readSource, rel, YAML_EXT } from './files.ts';
import type { Finding } from './types.ts';
import { parseSnippet } from './yamldoc.ts';
import { shellFences, type ShellFence } from './crossref/shell.ts';

export interface Unit {
  id: string;
  context: GhostwireContext;
  items: Classified[];
  /** Shell fences of the unit's pages, for the cross-checks of documented commands. */
  fences: ShellFence[];
  /** Example folders (unit ids) the unit's pages show through raw-loader imports. */
  shows: string[];
}

export async function loadCrds(paths: readonly string[], cwd: string) {
  const docs: { object: Record<string, unknown>; file: string }[] = [];
  for (const f of await listFiles(paths, cwd)) {
    if (!YAML_EXT.test(f)) continue;
    const { source, finding } = await readSource(f, cwd);
    if (!source) throw new Error(`--crd ${f}: ${finding?.message}`);
    for (const d of parseSnippet(extractYamlFile(f, source.text)).docs) {
      const k = toKubeDocument(f, d);
      if (k) docs.push(k);
    }
  }
  return schemasFromCrds(docs);
}

/** The folder context of an example file: the nearest .ghostwire.yaml and the folder's values.yaml. */
function folderContext(file: string, cwd: string, findings: Finding[]): GhostwireContext {
  const dir = path.dirname(file);
  let ctx = DEFAULT_CONTEXT;
  for (let d = dir; ; d = path.dirname(d)) {
    const f = path.join(d, CONTEXT_FILE);
    if (existsSync(path.resolve(cwd, f))) {
      const raw = parse(readFileSync(path.resolve(cwd, f), 'utf8')) as Record<string, unknown> | null;
      const parsed = parseContext(raw?.['ghostwire'] ?? raw, rel(f, cwd), 1);
      findings.push(...parsed.findings);
      ctx = parsed.context;
      break;
    }
    if (d === '.' || d === path.dirname(d)) break;
  }
  for (const name of ['values.yaml', 'values.yml']) {
    const v = path.resolve(cwd, dir, name);
    if (existsSync(v) && Object.keys(ctx.values).length === 0) {
      const parsed = parse(readFileSync(v, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        ctx = {
          ...ctx,
          values: parsed as Record<string, unknown>,
          source: ctx.source === 'defaults' ? rel(path.join(dir, name), cwd) : ctx.source,
        };
    }
  }
  return ctx;
}

function resolveImport(specifier: string, page: string, cwd: string): string {
  if (specifier.startsWith('@site/')) return rel(specifier.slice('@site/'.length), cwd);
  return rel(path.join(path.dirname(page), specifier), cwd);
}

export interface Collected {
  files: string[];
  units: Map<string, Unit>;
  fileFindings: Finding[];
}

export async function collectUnits(o: { paths: string[]; cwd: string }): Promise<Collected> {
  const fileFindings: Finding[] = [];
  const files = await listFiles(o.paths, o.cwd);
  const queue = [...files];
  const seen = new Set<string>();
  const units = new Map<string, Unit>();
  const unit = (id: string, ctx: () => GhostwireContext) => {
    let u = units.get(id);
    if (!u) units.set(id, (u = { id, context: ctx(), items: [], fences: [], shows: [] }));
    return u;
  };
  // Pass 1: read and extract every file, following raw-loader imports.
  const pages = new Map<string, PageExtract>();
  // Replace with extractPage().commands once the parse stage returns them.
  const fences = new Map<string, ShellFence[]>();
  const yamlFiles: { file: string; text: string }[] = [];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const { source, finding } = await readSource(file, o.cwd);
    if (!source) {
      if (finding) fileFindings.push(finding);
      continue;
    }
    if (PAGE_EXT.test(file)) {
      const page = extractPageCached(file, source.text, o.cwd);
      pages.set(file, page);
      fences.set(file, shellFences(file, source.text));
      fileFindings.push(...page.findings);
      for (const imp of page.imports) {
        if (!YAML_EXT.test(imp.specifier)) continue;
        const target = resolveImport(imp.specifier, file, o.cwd);
        if (!existsSync(path.resolve(o.cwd, target))) {
          fileFindings.push({
            code: 'MISSING_IMPORT',
            severity: 'error',
            file,
            line: imp.line,
            path: '',
            message: `This page imports ${imp.specifier}, but ${target} does not exist. Fix the path or add the example file.`,
          });
        } else queue.push(target);
      }
    } else if (YAML_EXT.test(file)) yamlFiles.push(source);
  }
  // Pass 2: a partial belongs to the page that imports it: same context, same unit,
  // so a Certificate in one partial provides the Secret an Ingress in another uses.
  const owner = new Map<string, string>();
  for (const [file, page] of pages)
    for (const p of page.partials) owner.set(resolveImport(p.specifier, file, o.cwd), file);
  const rootOf = (file: string): string => {
    const chain = new Set<string>();
    let f = file;
    while (owner.has(f) && !chain.has(f)) {
      chain.add(f);
      f = owner.get(f) as string;
    }
    return f;
  };
  const pageContext = (file: string): GhostwireContext => {
    const own = pages.get(file);
    const ctx = parseContext(own?.context, file, 2);
    fileFindings.push(...ctx.findings);
    return ctx.context;
  };
  for (const [file, page] of pages) {
    const root = rootOf(file);
    if (root !== file && page.context !== undefined) {
      fileFindings.push({
        code: 'CONTEXT_IN_PARTIAL',
        severity: 'error',
        file,
        line: 2,
        path: 'ghostwire',
        message: `${file} is a partial imported by ${root}; Docusaurus refuses front matter in partials. Move its ghostwire: block into the front matter of ${root}.`,
      });
    }
    const pu = unit(root, () => pageContext(root));
    pu.items.push(...page.snippets.map(classify));
    pu.fences.push(...(fences.get(file) ?? []));
    for (const imp of page.imports)
      if (YAML_EXT.test(imp.specifier)) pu.shows.push(path.dirname(resolveImport(imp.specifier, file, o.cwd)));
  }
  for (const y of yamlFiles)
    unit(path.dirname(y.file), () => folderContext(y.file, o.cwd, fileFindings)).items.push(
      classify(extractYamlFile(y.file, y.text)),
    );
  return { files: [...seen], units, fileFindings };
}
