// The pipeline: files → extract → classify → (values: render chart) → validate → crossref.
// This module wires the stages together and owns the I/O; each stage stays pure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { classify, toKubeDocument, type Classified } from './classify.ts';
import { DEFAULT_CONTEXT, parseContext, type GhostwireContext } from './context.ts';
import { checkCrossrefs, type CrossrefUnit } from './crossref/index.ts';
import { schemasFromCrds } from './crd-schemas.ts';
import { embeddedValues } from './embedded.ts';
import { extractPage, extractYamlFile, type PageExtract } from './extract.ts';
import { CONTEXT_FILE, listFiles, PAGE_EXT, readSource, rel, YAML_EXT } from './files.ts';
import { SchemaRegistry } from './schemas.ts';
import type { Finding, KubeDocument, Snippet, SnippetKind, SnippetStatus } from './types.ts';
import { validateDocument } from './validate.ts';
import { ChartRenderer, checkValues, loadChart, valuesFindings, type Render } from './values.ts';
import { parseSnippet } from './yamldoc.ts';

export interface HarnessOptions {
  paths: string[];
  cwd: string;
  kubeVersion: string;
  schemaLocations: string[];
  crdPaths: string[];
  strictMissing: boolean;
  online: boolean;
  cacheDir: string;
  chartDir: string;
  crossref: boolean;
  /** Keep rendered charts here between runs; undefined renders every time. */
  renderCacheDir?: string;
}

export interface Outcome {
  snippet: Snippet;
  kind: SnippetKind;
  status: SnippetStatus;
  reason?: string;
  findings: Finding[];
  documents: KubeDocument[];
}

export interface HarnessResult {
  files: string[];
  outcomes: Outcome[];
  /** Every finding, snippet-level and file-level, in file/line order. */
  findings: Finding[];
  /** Opt-outs of cross-checks, listed in every report. */
  optOuts: { file: string; line: number; code: string; reason: string }[];
  documents: number;
  renders: number;
  ms: number;
}

interface Unit {
  id: string;
  context: GhostwireContext;
  items: Classified[];
}

async function loadCrds(paths: readonly string[], cwd: string) {
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
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) ctx = { ...ctx, values: parsed as Record<string, unknown>, source: ctx.source === 'defaults' ? rel(path.join(dir, name), cwd) : ctx.source };
    }
  }
  return ctx;
}

function resolveImport(specifier: string, page: string, cwd: string): string {
  if (specifier.startsWith('@site/')) return rel(specifier.slice('@site/'.length), cwd);
  return rel(path.join(path.dirname(page), specifier), cwd);
}

export async function runHarness(o: HarnessOptions): Promise<HarnessResult> {
  const started = performance.now();
  const fileFindings: Finding[] = [];
  const files = await listFiles(o.paths, o.cwd);
  const queue = [...files];
  const seen = new Set<string>();
  const units = new Map<string, Unit>();
  const unit = (id: string, ctx: () => GhostwireContext) => {
    let u = units.get(id);
    if (!u) units.set(id, (u = { id, context: ctx(), items: [] }));
    return u;
  };
  // Pass 1: read and extract every file, following raw-loader imports.
  const pages = new Map<string, PageExtract>();
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
      const page = extractPage(file, source.text);
      pages.set(file, page);
      fileFindings.push(...page.findings);
      for (const imp of page.imports) {
        if (!YAML_EXT.test(imp.specifier)) continue;
        const target = resolveImport(imp.specifier, file, o.cwd);
        if (!existsSync(path.resolve(o.cwd, target))) {
          fileFindings.push({ code: 'MISSING_IMPORT', severity: 'error', file, line: imp.line, path: '', message: `This page imports ${imp.specifier}, but ${target} does not exist. Fix the path or add the example file.` });
        } else queue.push(target);
      }
    } else if (YAML_EXT.test(file)) yamlFiles.push(source);
  }
  // Pass 2: a partial belongs to the page that imports it: same context, same unit,
  // so a Certificate in one partial provides the Secret an Ingress in another uses.
  const owner = new Map<string, string>();
  for (const [file, page] of pages) for (const p of page.partials) owner.set(resolveImport(p.specifier, file, o.cwd), file);
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
      fileFindings.push({ code: 'CONTEXT_IN_PARTIAL', severity: 'error', file, line: 2, path: 'ghostwire', message: `${file} is a partial imported by ${root}; Docusaurus refuses front matter in partials. Move its ghostwire: block into the front matter of ${root}.` });
    }
    unit(root, () => pageContext(root)).items.push(...page.snippets.map(classify));
  }
  for (const y of yamlFiles) unit(path.dirname(y.file), () => folderContext(y.file, o.cwd, fileFindings)).items.push(classify(extractYamlFile(y.file, y.text)));
  const all = [...units.values()].flatMap((u) => u.items);
  const crds = await loadCrds(o.crdPaths, o.cwd);
  const registry = new SchemaRegistry({ kubeVersion: o.kubeVersion, locations: o.schemaLocations.map((l) => (/^https?:\/\//.test(l) ? l : path.resolve(o.cwd, l))), cacheDir: o.cacheDir, crds, online: o.online });
  const chart = await loadChart(path.resolve(o.cwd, o.chartDir));
  const renderer = chart ? new ChartRenderer(chart, o.renderCacheDir) : undefined;
  const extra = new Map<Classified, Finding[]>();
  const add = (c: Classified, fs: Finding[]) => extra.set(c, [...(extra.get(c) ?? []), ...fs]);
  const renders = new Map<Classified, Render[]>();

  const validateRendered = async (c: Classified, r: Render, at: { line: number; column: number }, what: string) => {
    for (const obj of r.objects) {
      const doc: KubeDocument = { file: c.snippet.file, line: at.line, apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name, namespace: obj.namespace, object: obj.object, locate: () => at };
      const fs = validateDocument(doc, await registry.lookup(obj.apiVersion, obj.kind), { kubeVersion: o.kubeVersion, strictMissing: true });
      add(c, fs.map((f) => ({ ...f, code: `RENDERED_${f.code}`, message: `The chart rendered with ${what} produces an invalid ${obj.kind} ${obj.name} (${obj.source}): ${f.message}` })));
    }
  };

  const renderValues = async (c: Classified, u: Unit, values: Record<string, unknown>, locate: (p: (string | number)[]) => { line: number; column: number }, release: string, namespace: string, what: string) => {
    if (!chart || !renderer) {
      add(c, [{ code: 'CHART_MISSING', severity: 'error', file: c.snippet.file, line: locate([]).line, path: '', message: `Chart values cannot be checked: ${o.chartDir}/values.yaml was not found. Pass --chart with the chart folder.` }]);
      return;
    }
    const errs = checkValues(chart, values);
    if (errs.length > 0) {
      add(c, valuesFindings(errs, c.snippet.file, locate));
      return;
    }
    const r = await renderer.render(release, namespace, values);
    renders.set(c, [...(renders.get(c) ?? []), r]);
    const at = locate([]);
    if (r.error) add(c, [{ code: 'HELM_TEMPLATE_FAILED', severity: 'error', file: c.snippet.file, ...at, path: '', message: `The chart does not render with ${what}: ${r.error}` }]);
    else await validateRendered(c, r, at, what);
    void u;
  };

  const jobs: Promise<void>[] = [];
  for (const u of units.values()) {
    for (const c of u.items) {
      if (c.kind === 'values' && c.values) {
        const v = c.values;
        jobs.push(renderValues(c, u, v.value as Record<string, unknown>, v.locate, u.context.release, u.context.namespace, 'these values'));
      }
      for (const d of c.documents) {
        jobs.push(
          (async () => {
            add(c, validateDocument(d, await registry.lookup(d.apiVersion, d.kind), { kubeVersion: o.kubeVersion, strictMissing: o.strictMissing }));
            for (const e of embeddedValues(d)) {
              const locate = (p: (string | number)[]) => d.locate(e.opaque ? e.at : [...e.at, ...p]);
              await renderValues(c, u, e.values, locate, e.release, e.namespace, `the values of ${d.kind} ${d.name ?? ''}`);
            }
          })(),
        );
      }
    }
  }
  await Promise.all(jobs);

  const optOuts: HarnessResult['optOuts'] = [];
  if (o.crossref && chart && renderer) {
    for (const u of units.values()) {
      const cu: CrossrefUnit = { id: u.id, context: u.context, items: u.items, renders, renderer };
      const res = await checkCrossrefs(cu);
      for (const [c, fs] of res.findings) add(c, fs);
      optOuts.push(...res.optOuts);
    }
  }

  const outcomes: Outcome[] = all.map((c) => {
    const findings = [...c.findings, ...(extra.get(c) ?? [])].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    const failed = findings.some((f) => f.severity === 'error');
    const status: SnippetStatus = c.skipReason !== undefined && !failed ? 'skipped' : failed ? 'failed' : 'passed';
    return { snippet: c.snippet, kind: c.kind, status, reason: c.skipReason, findings, documents: c.documents };
  });
  outcomes.sort((a, b) => a.snippet.file.localeCompare(b.snippet.file) || a.snippet.line - b.snippet.line);
  const findings = [...fileFindings, ...outcomes.flatMap((x) => x.findings)].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { files: [...seen], outcomes, findings, optOuts, documents: all.reduce((n, c) => n + c.documents.length, 0), renders: renderer?.renders ?? 0, ms: Math.round(performance.now() - started) };
}
