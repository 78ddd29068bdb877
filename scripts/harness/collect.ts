// Stage 0-2 of the pipeline for a whole run: read the files, extract pages (following
// raw-loader imports and MDX partials), and group the classified snippets into units, one
// per page (with the partials it imports) or example folder, each with its release context.
// Files given alone bring what their verdict depends on as context (see scope.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { classify, toKubeDocument, type Classified } from './classify.ts';
import { DEFAULT_CONTEXT, parseContext, type GhostwireContext } from './context.ts';
import { schemasFromCrds } from './crd-schemas.ts';
import { depthFinding } from './depth.ts';
import { extractYamlFile, type PageExtract } from './extract.ts';
import { extractPageCachedBy } from './extract-cache.ts';
import { createExtractor, type Extractor } from './extract-pool.ts';
import { JSON_EXT, listFiles, listSources, PAGE_EXT, readSource, rel, YAML_EXT } from './files.ts';
import { contextFileFor, importerRoot, importersOf, resolveImport, scanImports, siblings } from './scope.ts';
import type { Finding, Snippet } from './types.ts';
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
  const f = contextFileFor(dir, cwd);
  if (f) {
    const raw = parse(readFileSync(path.resolve(cwd, f), 'utf8')) as Record<string, unknown> | null;
    const parsed = parseContext(raw?.['ghostwire'] ?? raw, f, 1);
    findings.push(...parsed.findings);
    ctx = parsed.context;
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

/** A snippet nested too deeply never reaches a parser; everything else is classified. */
function classifySafely(s: Snippet): Classified {
  const deep = depthFinding(s);
  return deep ? { snippet: s, kind: 'other', documents: [], findings: [deep] } : classify(s);
}

export interface Collected {
  /** The files the report is about (given, or shown by a given page), in reading order. */
  files: string[];
  units: Map<string, Unit>;
  fileFindings: Finding[];
  /** Files whose snippets and findings are reported; the others were read as context only. */
  reported: Set<string>;
}

export interface CollectOptions {
  paths: string[];
  cwd: string;
  maxFileBytes?: number;
  /**
   * Called as soon as a reported file's snippets are classified (a page with its own front matter
   * context), while later pages are still being parsed: run.ts starts chart renders from here.
   */
  onItems?: (file: string, items: readonly Classified[], context?: GhostwireContext) => void;
  /** Called with the files the run was given, once they are listed and before any is read. */
  onListed?: (files: readonly string[]) => void;
}

export async function collectUnits(o: CollectOptions): Promise<Collected> {
  // Pages are parsed in a worker thread when the launcher provides one (extract-pool.ts).
  const extractor = createExtractor();
  try {
    return await collectWith(o, extractor);
  } finally {
    extractor.close();
  }
}

async function collectWith(o: CollectOptions, extractor: Extractor): Promise<Collected> {
  const listing = await listSources(o.paths, o.cwd);
  o.onListed?.(listing.files);
  const fileFindings: Finding[] = [...listing.findings];
  const reported = new Set<string>([...listing.files, ...listing.findings.map((f) => f.file)]);
  // Reported files are read before context files, so a file reached both ways is read as reported.
  const queues: { report: string[]; context: string[] } = { report: [], context: [] };
  const enqueue = (file: string, report: boolean) => {
    if (report) reported.add(file);
    (report ? queues.report : queues.context).push(file);
  };
  // Context of the given files: the pages importing a given page as a partial, and each
  // given example's siblings (they provide Secrets and Services) and .ghostwire.yaml.
  const pagesGiven = listing.files.filter((f) => PAGE_EXT.test(f));
  // One extraction per page, shared by the import scan and pass 1 (same file, same text).
  const extracted = new Map<string, { text: string; page: PageExtract }>();
  // A page's classified snippets, once per extraction (also handed to onItems early).
  const classified = new Map<PageExtract, Classified[]>();
  const itemsOf = (page: PageExtract): Classified[] => {
    let items = classified.get(page);
    if (!items) classified.set(page, (items = page.snippets.map(classifySafely)));
    return items;
  };
  const extract = async (file: string, text: string): Promise<PageExtract> => {
    const hit = extracted.get(file);
    if (hit?.text === text) return hit.page;
    const page = await extractPageCachedBy(extractor, file, text, o.cwd);
    extracted.set(file, { text, page });
    if (o.onItems && reported.has(file)) o.onItems(file, itemsOf(page), parseContext(page.context, file, 2).context);
    return page;
  };
  const graph = await scanImports(new Set(pagesGiven.map(importerRoot)), o.cwd, o.maxFileBytes, extract);
  for (const f of listing.files) enqueue(f, true);
  for (const f of pagesGiven) for (const p of importersOf(graph, f)) enqueue(p, false);
  const seen = new Set<string>();
  const units = new Map<string, Unit>();
  const unit = (id: string, ctx: () => GhostwireContext) => {
    let u = units.get(id);
    if (!u) units.set(id, (u = { id, context: ctx(), items: [], fences: [], shows: [] }));
    return u;
  };
  // Pass 1: read and extract every file, following raw-loader imports and partials.
  const pages = new Map<string, PageExtract>();
  // Replace with extractPage().commands once the parse stage returns them.
  const fences = new Map<string, ShellFence[]>();
  const yamlFiles: { file: string; item: Classified }[] = [];
  const foldersSeen = new Set<string>();
  for (;;) {
    const file = queues.report.shift() ?? queues.context.shift();
    if (file === undefined) break;
    if (seen.has(file)) continue;
    seen.add(file);
    const { source, finding } = await readSource(file, o.cwd, o.maxFileBytes);
    if (!source) {
      if (finding) fileFindings.push(finding);
      continue;
    }
    if (PAGE_EXT.test(file)) {
      const page = await extract(file, source.text);
      pages.set(file, page);
      fences.set(file, shellFences(file, source.text));
      fileFindings.push(...page.findings);
      for (const imp of page.partials) {
        const target = resolveImport(imp.specifier, file, o.cwd);
        if (existsSync(path.resolve(o.cwd, target))) enqueue(target, reported.has(file));
      }
      // A context page's raw imports cannot change the verdict of a given file: skip them.
      if (!reported.has(file)) continue;
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
            message:
              `This page imports ${imp.specifier}, but ${target} does not exist. ` +
              'Fix the path or add the example file.',
          });
        } else enqueue(target, true);
      }
    } else if (YAML_EXT.test(file) || JSON_EXT.test(file)) {
      const item = classifySafely({
        ...extractYamlFile(file, source.text),
        ...(JSON_EXT.test(file) ? { lang: 'json' } : {}),
      });
      yamlFiles.push({ file, item });
      // A values file renders with its folder's release (its findings are reported in pass 2).
      if (reported.has(file))
        o.onItems?.(file, [item], item.kind === 'values' ? folderContext(file, o.cwd, []) : undefined);
      // Once per folder: a folder of many examples would otherwise be listed once per file.
      const dir = path.dirname(file);
      if (reported.has(file) && !foldersSeen.has(dir)) {
        foldersSeen.add(dir);
        const ctx = contextFileFor(dir, o.cwd);
        if (ctx) reported.add(ctx);
        for (const s of siblings(file, o.cwd)) enqueue(s, false);
      }
    }
  }
  // Pass 2: a partial belongs to the page that imports it: same context, same unit,
  // so a Certificate in one partial provides the Secret an Ingress in another uses.
  // With several importers, the first in path order owns it, whatever was read first.
  const owner = new Map<string, string>();
  for (const file of [...pages.keys()].sort())
    for (const p of pages.get(file)?.partials ?? []) {
      const target = resolveImport(p.specifier, file, o.cwd);
      if (!owner.has(target)) owner.set(target, file);
    }
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
        message:
          `${file} is a partial imported by ${root}; Docusaurus refuses front matter in partials. ` +
          `Move its ghostwire: block into the front matter of ${root}.`,
      });
    }
    const pu = unit(root, () => pageContext(root));
    pu.items.push(...itemsOf(page));
    pu.fences.push(...(fences.get(file) ?? []));
    for (const imp of page.imports)
      if (YAML_EXT.test(imp.specifier)) pu.shows.push(path.dirname(resolveImport(imp.specifier, file, o.cwd)));
  }
  for (const y of yamlFiles)
    unit(path.dirname(y.file), () => folderContext(y.file, o.cwd, fileFindings)).items.push(y.item);
  return { files: [...seen].filter((f) => reported.has(f)), units, fileFindings, reported };
}
