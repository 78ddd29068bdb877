// The pipeline: files → extract → classify → (values: render chart) → validate → crossref.
// This module wires the stages together and owns the I/O; each stage stays pure.
import path from 'node:path';
import type { Classified } from './classify.ts';
import { collectUnits, loadCrds } from './collect.ts';
import { schemasFromCrds } from './crd-schemas.ts';
import { checkCrossrefs, scenarioUnit, type CrossrefUnit } from './crossref/index.ts';
import { ghostwireUnits, notAboutGhostwire } from './crossref/applies.ts';
import { checkScenarios, type ScenarioUnit } from './crossref/scenario.ts';
import { commandsOf } from './crossref/shell.ts';
import { embeddedValues } from './embedded.ts';
import { HarnessError } from './files.ts';
import { SchemaRegistry } from './schemas.ts';
import { narrow } from './scope.ts';
import type { Finding, KubeDocument, Snippet, SnippetKind, SnippetStatus } from './types.ts';
import { isList, listItems } from './list-kind.ts';
import { coverageOf, validateDocument } from './validate.ts';
import { ChartRenderer, checkValues, loadChart, valuesFindings, type ChartInfo, type Render } from './values.ts';
import type { GhostwireContext } from './context.ts';
import { isMap } from './objects.ts';

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
  /** Files larger than this are FILE_TOO_LARGE (default MAX_FILE_BYTES, --max-file-size). */
  maxFileBytes?: number;
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
  /** Documents checked against a schema (or refused by the API data) / all documents. */
  coverage?: Coverage;
  ms: number;
}

export interface Coverage {
  documents: number;
  checked: number;
  allowlisted: number;
  noSchema: number;
}

/** The schemas of the apiextensions.k8s.io/v1 CRDs among the run's documents (and List items). */
function crdsAmong(items: readonly Classified[]) {
  const docs = items.flatMap((c) =>
    c.documents.flatMap((d) => (isList(d) ? listItems(d).items : [d])).map((d) => ({ object: d.object, file: d.file })),
  );
  return schemasFromCrds(docs, false);
}

/** Starts the renders renderValues below will ask for: the same values, release and namespace. */
function prefetchRenders(
  chart: ChartInfo,
  renderer: ChartRenderer,
  items: readonly Classified[],
  ctx: GhostwireContext | undefined,
  crossref: boolean,
) {
  // The cross-checks model a page's documents on the chart rendered with the page's own values.
  if (crossref && ctx && items.some((c) => c.documents.length > 0 && !c.snippet.meta['uses']))
    renderer.prefetch(ctx.release, ctx.namespace, ctx.values);
  // Values the chart schema refuses start nothing. The schema compiles in a worker thread
  // (prepare), so this page's renders start when it is ready while later pages are parsed.
  const wanted: { release: string; namespace: string; values: Record<string, unknown> }[] = [];
  for (const c of items) {
    const v = c.values?.value;
    if (ctx && c.kind === 'values' && isMap(v))
      wanted.push({ release: ctx.release, namespace: ctx.namespace, values: v });
    for (const d of c.documents) wanted.push(...embeddedValues(d));
  }
  if (wanted.length === 0) return;
  const start = () => {
    for (const w of wanted)
      if (checkValues(chart, w.values).length === 0) renderer.prefetch(w.release, w.namespace, w.values);
  };
  if (chart.prepare) void chart.prepare().then(start);
  else start();
}

/** Whether a given file may ask for the values schema: a page, or a chart values file. */
const mayNeedValuesSchema = (file: string) => /\.mdx?$|(?:^|[\\/])values\.ya?ml$/i.test(file);

export async function runHarness(o: HarnessOptions): Promise<HarnessResult> {
  const started = performance.now();
  // The chart is read first, so renders can start while later pages are still being parsed.
  const chartLoad = loadChart(path.resolve(o.cwd, o.chartDir));
  chartLoad.catch(() => undefined); // Reported below, after the inputs' own errors.
  const early = await chartLoad.then(
    (c) => (c ? { chart: c, renderer: new ChartRenderer(c, o.renderCacheDir, o.kubeVersion) } : undefined),
    () => undefined,
  );
  const { files, units, fileFindings, reported } = await collectUnits({
    ...o,
    onItems:
      early && ((_file, items, context) => prefetchRenders(early.chart, early.renderer, items, context, o.crossref)),
    // Given pages or values files: the values schema compiles in a worker thread while they are read.
    onListed: (files) => {
      if (!early || !files.some(mayNeedValuesSchema)) return;
      void early.chart.prepare?.();
      early.renderer.resolveHelm();
    },
  });
  const all = [...units.values()].flatMap((u) => u.items);
  const given = await loadCrds(o.crdPaths, o.cwd);
  if (o.crdPaths.length > 0 && given.size === 0)
    throw new HarnessError(`--crd ${o.crdPaths.join(', ')}: no CustomResourceDefinition with a schema found there.`);
  // A CRD among the inputs defines its custom resources for the whole run, as applying it would.
  const crds = new Map([...given, ...crdsAmong(all)]);
  const registry = new SchemaRegistry({
    kubeVersion: o.kubeVersion,
    locations: o.schemaLocations.map((l) => (/^https?:\/\//.test(l) ? l : path.resolve(o.cwd, l))),
    cacheDir: o.cacheDir,
    crds,
    online: o.online,
  });
  const chart = await chartLoad;
  // A compile started in the worker is awaited, not done again here.
  await chart?.preparing;
  const renderer = early?.renderer;
  const extra = new Map<Classified, Finding[]>();
  const add = (c: Classified, fs: Finding[]) => extra.set(c, [...(extra.get(c) ?? []), ...fs]);

  const validateRendered = async (c: Classified, r: Render, at: { line: number; column: number }, what: string) => {
    for (const obj of r.objects) {
      const doc: KubeDocument = {
        file: c.snippet.file,
        line: at.line,
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.name,
        namespace: obj.namespace,
        object: obj.object,
        locate: () => at,
      };
      const fs = validateDocument(doc, await registry.lookup(obj.apiVersion, obj.kind), {
        kubeVersion: o.kubeVersion,
        strictMissing: true,
      });
      add(
        c,
        fs.map((f) => ({
          ...f,
          code: `RENDERED_${f.code}`,
          message:
            `The chart rendered with ${what} produces an invalid ${obj.kind} ${obj.name} ` +
            `(${obj.source}): ${f.message}`,
        })),
      );
    }
  };

  const renderValues = async (
    c: Classified,
    values: Record<string, unknown>,
    locate: (p: (string | number)[]) => { line: number; column: number },
    release: string,
    namespace: string,
    what: string,
  ) => {
    if (!chart || !renderer) {
      add(c, [
        {
          code: 'CHART_MISSING',
          severity: 'error',
          file: c.snippet.file,
          line: locate([]).line,
          path: '',
          message:
            `Chart values cannot be checked: ${o.chartDir}/values.yaml was not found. ` +
            'Pass --chart with the chart folder.',
        },
      ]);
      return;
    }
    const errs = checkValues(chart, values);
    if (errs.length > 0) {
      add(c, valuesFindings(errs, c.snippet.file, locate));
      return;
    }
    const r = await renderer.render(release, namespace, values);
    const at = locate([]);
    if (r.error)
      add(c, [
        {
          code: 'HELM_TEMPLATE_FAILED',
          severity: 'error',
          file: c.snippet.file,
          ...at,
          path: '',
          message: `The chart does not render with ${what}: ${r.error}`,
        },
      ]);
    else await validateRendered(c, r, at, what);
  };

  const coverage: Coverage = { documents: 0, checked: 0, allowlisted: 0, noSchema: 0 };
  /** Validates a document (a List: each item), counting it once in the coverage: a List by its least-covered item. */
  const validateOne = async (d: KubeDocument): Promise<Finding[]> => {
    const seen: ReturnType<typeof coverageOf>[] = [];
    const one = async (doc: KubeDocument): Promise<Finding[]> => {
      if (isList(doc)) {
        const { items, findings } = listItems(doc);
        const nested = [];
        for (const item of items) nested.push(await one(item));
        return [...findings, ...nested.flat()];
      }
      const lookup = await registry.lookup(doc.apiVersion, doc.kind);
      seen.push(coverageOf(lookup));
      return validateDocument(doc, lookup, { kubeVersion: o.kubeVersion, strictMissing: o.strictMissing });
    };
    const out = await one(d);
    coverage.documents++;
    coverage[seen.includes('noSchema') ? 'noSchema' : seen.includes('allowlisted') ? 'allowlisted' : 'checked']++;
    return out;
  };

  const jobs: Promise<void>[] = [];
  for (const u of units.values()) {
    for (const c of u.items) {
      if (c.kind === 'values' && c.values) {
        const v = c.values;
        jobs.push(
          renderValues(
            c,
            v.value as Record<string, unknown>,
            v.locate,
            u.context.release,
            u.context.namespace,
            'these values',
          ),
        );
      }
      for (const d of c.documents) {
        jobs.push(
          (async () => {
            add(c, await validateOne(d));
            for (const e of embeddedValues(d)) {
              const locate = (p: (string | number)[]) => d.locate(e.opaque ? e.at : [...e.at, ...p]);
              await renderValues(
                c,
                e.values,
                locate,
                e.release,
                e.namespace,
                `the values of ${d.kind} ${d.name ?? ''}`,
              );
            }
          })(),
        );
      }
    }
  }
  await Promise.all(jobs);

  const optOuts: HarnessResult['optOuts'] = [];
  if (o.crossref && chart && renderer) {
    const scenario: ScenarioUnit[] = [];
    const about = ghostwireUnits(units.values());
    for (const u of units.values()) {
      if (!about.has(u.id)) {
        const first = u.items[0]?.snippet;
        if (first) optOuts.push({ file: first.file, line: 1, code: 'CROSSREF', ...notAboutGhostwire(u) });
        continue;
      }
      const { commands, findings: optFindings } = commandsOf(u.fences);
      const cu: CrossrefUnit = { ...u, renderer, commands };
      const res = await checkCrossrefs(cu);
      for (const [c, fs] of res.findings) add(c, fs);
      fileFindings.push(...optFindings, ...res.unitFindings);
      optOuts.push(...res.optOuts);
      scenario.push(scenarioUnit(cu));
    }
    const roots = o.paths.map((p) => path.relative(o.cwd, path.resolve(o.cwd, p)).split(path.sep).join('/'));
    // A cross-unit finding at a YAML line belongs to that snippet (so it counts as failed).
    const owner = (f: Finding) =>
      all.find(
        (c) =>
          c.snippet.file === f.file &&
          f.line >= c.snippet.line &&
          f.line < c.snippet.line + c.snippet.text.split('\n').length,
      );
    for (const f of checkScenarios(scenario, roots)) {
      const c = owner(f);
      if (c) add(c, [f]);
      else fileFindings.push(f);
    }
  }

  const outcomes: Outcome[] = all.map((c) => {
    const findings = [...c.findings, ...(extra.get(c) ?? [])].sort(
      (a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0),
    );
    const failed = findings.some((f) => f.severity === 'error');
    const status: SnippetStatus = c.skipReason !== undefined && !failed ? 'skipped' : failed ? 'failed' : 'passed';
    return { snippet: c.snippet, kind: c.kind, status, reason: c.skipReason, findings, documents: c.documents };
  });
  outcomes.sort((a, b) => a.snippet.file.localeCompare(b.snippet.file) || a.snippet.line - b.snippet.line);
  const findings = [...fileFindings, ...outcomes.flatMap((x) => x.findings)].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
  return narrow(reported, {
    files,
    outcomes,
    findings,
    optOuts,
    documents: all.reduce((n, c) => n + c.documents.length, 0),
    renders: renderer?.renders ?? 0,
    coverage,
    ms: Math.round(performance.now() - started),
  });
}
