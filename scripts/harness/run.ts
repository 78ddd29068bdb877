// The pipeline: files → extract → classify → (values: render chart) → validate → crossref.
// This module wires the stages together and owns the I/O; each stage stays pure.
import path from 'node:path';
import type { Classified } from './classify.ts';
import { collectUnits, loadCrds } from './collect.ts';
import { checkCrossrefs, type CrossrefUnit } from './crossref/index.ts';
import { embeddedValues } from './embedded.ts';
import { SchemaRegistry } from './schemas.ts';
import { narrow } from './scope.ts';
import type { Finding, KubeDocument, Snippet, SnippetKind, SnippetStatus } from './types.ts';
import { validateDocument } from './validate.ts';
import { ChartRenderer, checkValues, loadChart, valuesFindings, type Render } from './values.ts';

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
  ms: number;
}

export async function runHarness(o: HarnessOptions): Promise<HarnessResult> {
  const started = performance.now();
  const { files, units, fileFindings, reported } = await collectUnits(o);
  const all = [...units.values()].flatMap((u) => u.items);
  const crds = await loadCrds(o.crdPaths, o.cwd);
  const registry = new SchemaRegistry({
    kubeVersion: o.kubeVersion,
    locations: o.schemaLocations.map((l) => (/^https?:\/\//.test(l) ? l : path.resolve(o.cwd, l))),
    cacheDir: o.cacheDir,
    crds,
    online: o.online,
  });
  const chart = await loadChart(path.resolve(o.cwd, o.chartDir));
  const renderer = chart ? new ChartRenderer(chart, o.renderCacheDir, o.kubeVersion) : undefined;
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
            add(
              c,
              validateDocument(d, await registry.lookup(d.apiVersion, d.kind), {
                kubeVersion: o.kubeVersion,
                strictMissing: o.strictMissing,
              }),
            );
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
    for (const u of units.values()) {
      const cu: CrossrefUnit = { id: u.id, context: u.context, items: u.items, renderer };
      const res = await checkCrossrefs(cu);
      for (const [c, fs] of res.findings) add(c, fs);
      optOuts.push(...res.optOuts);
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
    ms: Math.round(performance.now() - started),
  });
}
