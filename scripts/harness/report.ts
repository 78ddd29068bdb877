// Findings → pretty, json (contract version 2, scripts/harness/README.md), junit, github
// annotations and the GitHub job summary. Pure: each renderer returns text; the CLI decides
// where it goes. The renderers other than JSON live in report-*.ts.
import { toGithub } from './report-github.ts';
import { toJunit } from './report-junit.ts';
import { toPretty } from './report-pretty.ts';
import type { HarnessResult } from './run.ts';
import type { Finding } from './types.ts';

export { codeFrame, FRAME_LIMIT, toPretty } from './report-pretty.ts';
export { toJunit } from './report-junit.ts';
export { toGithub, toStepSummary } from './report-github.ts';

export type Format = 'pretty' | 'json' | 'junit' | 'github';
export const FORMATS: readonly Format[] = ['pretty', 'json', 'junit', 'github'];
export const JSON_VERSION = 2;

/** Documents checked against a schema / all documents (computed by the schema stage when it can). */
export interface Coverage {
  documents: number;
  checked: number;
  allowlisted: number;
  noSchema: number;
}

export interface Summary {
  files: number;
  /** Entries in the JSON `snippets` list: every snippet, plus one per file-level error. */
  snippets: number;
  documents: number;
  passed: number;
  failed: number;
  skipped: number;
  /** How many of `snippets` are file-level errors (kind "file"). */
  fileErrors: number;
  ms: number;
  coverage?: Coverage;
}

export const coverageOf = (r: HarnessResult): Coverage | undefined =>
  (r as HarnessResult & { coverage?: Coverage }).coverage;

/** Errors that belong to no snippet (unreadable file, missing import): each counts as one failure. */
export function fileLevelErrors(r: HarnessResult): Finding[] {
  const inSnippets = new Set(r.outcomes.flatMap((o) => o.findings));
  return r.findings.filter((f) => f.severity === 'error' && !inSnippets.has(f));
}

export function summarize(r: HarnessResult): Summary {
  const by = { passed: 0, failed: 0, skipped: 0 };
  for (const o of r.outcomes) by[o.status]++;
  const fileErrors = fileLevelErrors(r).length;
  const coverage = coverageOf(r);
  return {
    files: r.files.length,
    snippets: r.outcomes.length + fileErrors,
    documents: r.documents,
    passed: by.passed,
    failed: by.failed + fileErrors,
    skipped: by.skipped,
    fileErrors,
    ms: r.ms,
    ...(coverage ? { coverage } : {}),
  };
}

/** The plain closing line every format ends with. */
export function closingLine(s: Summary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}

export interface JsonEntry {
  file: string;
  line: number;
  kind: 'manifests' | 'values' | 'other' | 'file';
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
  code?: string;
}

/** The `snippets` list: each snippet, and each file-level error as a failed entry of kind "file". */
export function entries(r: HarnessResult): JsonEntry[] {
  const out: JsonEntry[] = r.outcomes.map((o) => ({
    file: o.snippet.file,
    line: o.snippet.line,
    kind: o.kind,
    status: o.status,
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
  }));
  for (const f of fileLevelErrors(r))
    out.push({ file: f.file, line: f.line, kind: 'file', status: 'failed', code: f.code });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

export function toJson(r: HarnessResult): string {
  return JSON.stringify(
    {
      version: JSON_VERSION,
      summary: summarize(r),
      snippets: entries(r),
      findings: r.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column ?? 1,
        path: f.path,
        message: f.message,
      })),
      optOuts: r.optOuts,
    },
    null,
    2,
  );
}

export function plainLine(f: Finding): string {
  const at = `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}`;
  return `${at} ${f.severity} ${f.code}${f.path ? ` ${f.path}` : ''}: ${f.message}`;
}

export function render(
  format: Format,
  r: HarnessResult,
  readLines: (file: string) => readonly string[] | undefined,
  color = false,
): string {
  switch (format) {
    case 'json':
      return toJson(r);
    case 'junit':
      return toJunit(r);
    case 'github':
      return toGithub(r);
    default:
      return toPretty(r, readLines, color);
  }
}
