// One file, same verdict: a file given alone is read with everything its verdict depends
// on (the page importing a partial, the sibling files and context of an example), and the
// report is then narrowed to the files asked for and what they show. Edge (reads the disk).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { extractPageCached } from './extract-cache.ts';
import type { PageExtract } from './extract.ts';
import { CONTEXT_FILE, isSourceName, listFiles, PAGE_EXT, readSource, rel } from './files.ts';
import type { HarnessResult } from './run.ts';

/** Resolves an import specifier of `page` (`@site/...` is the repository root) to a path relative to cwd. */
export function resolveImport(specifier: string, page: string, cwd: string): string {
  if (specifier.startsWith('@site/')) return rel(specifier.slice('@site/'.length), cwd);
  return rel(path.join(path.dirname(page), specifier), cwd);
}

/** What each page imports: MDX partials and raw-loader files, resolved, for finding importers. */
export interface ImportGraph {
  partials: Map<string, string[]>;
  raws: Map<string, string[]>;
}

/**
 * Where the pages that may import `page` live: docs/ for a page under docs/, else the folder
 * above its outermost `_`-prefixed folder (Docusaurus partials), else its own folder.
 */
export function importerRoot(page: string): string {
  const parts = page.split('/');
  if (parts[0] === 'docs' && parts.length > 1) return 'docs';
  const underscore = parts.findIndex((p, i) => i < parts.length - 1 && p.startsWith('_'));
  if (underscore >= 0) return parts.slice(0, underscore).join('/') || '.';
  return parts.slice(0, -1).join('/') || '.';
}

/**
 * Reads the pages under `roots` and records their imports. Unreadable pages are left to the run to report.
 * `extract` lets the run share one extraction per page between this scan and the run itself; every
 * page is handed to it before the first result is awaited, so a worker thread can parse the next
 * page while this thread handles the last one (extract-pool.ts).
 */
export async function scanImports(
  roots: Iterable<string>,
  cwd: string,
  maxBytes?: number,
  extract: (file: string, text: string) => PageExtract | Promise<PageExtract> = (f, t) => extractPageCached(f, t, cwd),
): Promise<ImportGraph> {
  const graph: ImportGraph = { partials: new Map(), raws: new Map() };
  const existing = [...new Set(roots)].filter((r) => existsSync(path.resolve(cwd, r)));
  if (existing.length === 0) return graph;
  const files = await listFiles(existing, cwd);
  const asked: { file: string; page: PageExtract | Promise<PageExtract> }[] = [];
  for (const file of files.filter((f) => PAGE_EXT.test(f))) {
    const { source } = await readSource(file, cwd, maxBytes);
    if (!source) continue;
    const page = extract(file, source.text);
    // Awaited below, in order; a failure is thrown there, not reported as unhandled meanwhile.
    if (page instanceof Promise) page.catch(() => undefined);
    asked.push({ file, page });
  }
  for (const { file, page: pending } of asked) {
    const page = await pending;
    graph.partials.set(
      file,
      page.partials.map((p) => resolveImport(p.specifier, file, cwd)),
    );
    graph.raws.set(
      file,
      page.imports.map((p) => resolveImport(p.specifier, file, cwd)),
    );
  }
  return graph;
}

/**
 * One turn of the event loop: parsing pages is synchronous, and the chart renders started
 * meanwhile need the loop to feed helm its values and to start the next one.
 */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The pages that import `file` (as an MDX partial, or raw-loader when `raw`), sorted. */
export function importersOf(graph: ImportGraph, file: string, raw = false): string[] {
  const out: string[] = [];
  for (const [page, targets] of raw ? graph.raws : graph.partials) if (targets.includes(file)) out.push(page);
  return out.sort();
}

/** The YAML files beside `file` in its folder (an example's siblings), sorted. */
export function siblings(file: string, cwd: string): string[] {
  const dir = path.dirname(file);
  try {
    return readdirSync(path.resolve(cwd, dir), { withFileTypes: true })
      .filter((e) => !e.isDirectory() && isSourceName(e.name) && !PAGE_EXT.test(e.name))
      .map((e) => rel(path.join(dir, e.name), cwd))
      .sort();
  } catch {
    return [];
  }
}

/** The `.ghostwire.yaml` that applies to a file in `dir`: the nearest one in it or a folder above. */
export function contextFileFor(dir: string, cwd: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const f = path.join(d, CONTEXT_FILE);
    if (existsSync(path.resolve(cwd, f))) return rel(f, cwd);
    if (d === '.' || d === path.dirname(d)) return undefined;
  }
}

/** Keeps only what the report is about: outcomes and findings of the reported files. */
export function narrow(reported: ReadonlySet<string>, r: HarnessResult): HarnessResult {
  const outcomes = r.outcomes.filter((o) => reported.has(o.snippet.file));
  return {
    ...r,
    files: r.files.filter((f) => reported.has(f)),
    outcomes,
    findings: r.findings.filter((f) => reported.has(f.file)),
    optOuts: r.optOuts.filter((x) => reported.has(x.file)),
    documents: outcomes.reduce((n, o) => n + o.documents.length, 0),
  };
}
