// Findings → pretty, json (contract version 1), junit, github annotations. Pure: each
// renderer returns text; the CLI decides where it goes.
import type { HarnessResult } from './run.ts';
import type { Finding } from './types.ts';

export type Format = 'pretty' | 'json' | 'junit' | 'github';
export const FORMATS: readonly Format[] = ['pretty', 'json', 'junit', 'github'];

export interface Summary {
  files: number;
  snippets: number;
  documents: number;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
}

/** Errors that belong to no snippet (unreadable file, missing import): each counts as one failure. */
export function fileLevelErrors(r: HarnessResult): Finding[] {
  const inSnippets = new Set(r.outcomes.flatMap((o) => o.findings));
  return r.findings.filter((f) => f.severity === 'error' && !inSnippets.has(f));
}

export function summarize(r: HarnessResult): Summary {
  const count = (s: string) => r.outcomes.filter((o) => o.status === s).length;
  // File-level errors (unreadable file, missing import) count as failures too.
  const fileFailures = fileLevelErrors(r).length;
  return {
    files: r.files.length,
    snippets: r.outcomes.length,
    documents: r.documents,
    passed: count('passed'),
    failed: count('failed') + fileFailures,
    skipped: count('skipped'),
    ms: r.ms,
  };
}

/** The plain closing line every format ends with. */
export function closingLine(s: Summary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}

export function toJson(r: HarnessResult): string {
  const summary = summarize(r);
  return JSON.stringify(
    {
      version: 1,
      summary,
      snippets: r.outcomes.map((o) => ({
        file: o.snippet.file,
        line: o.snippet.line,
        kind: o.kind,
        status: o.status,
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
      })),
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

/** Escapes for XML 1.0 and replaces the control characters it forbids outright. */
const xml = (s: string) =>
  s
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );

export function toJunit(r: HarnessResult): string {
  const s = summarize(r);
  const cases = r.outcomes.map((o) => {
    const name = `${o.snippet.file}:${o.snippet.line}`;
    const errors = o.findings.filter((f) => f.severity === 'error');
    let body = '';
    if (o.status === 'skipped') body = `<skipped message="${xml(o.reason ?? '')}"/>`;
    else if (errors.length > 0)
      body = `<failure message="${xml(errors[0]?.message ?? '')}">${xml(errors.map(plainLine).join('\n'))}</failure>`;
    return `    <testcase classname="${xml(o.snippet.file)}" name="${xml(name)}">${body}</testcase>`;
  });
  const loose = fileLevelErrors(r);
  for (const f of loose)
    cases.push(
      `    <testcase classname="${xml(f.file)}" name="${xml(`${f.file}:${f.line}`)}"><failure message="${xml(f.message)}">${xml(plainLine(f))}</failure></testcase>`,
    );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites tests="${s.snippets + loose.length}" failures="${s.failed}" skipped="${s.skipped}" time="${(s.ms / 1000).toFixed(3)}">`,
    `  <testsuite name="ghostwire examples" tests="${s.snippets + loose.length}" failures="${s.failed}" skipped="${s.skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function toGithub(r: HarnessResult): string {
  return r.findings
    .map(
      (f) =>
        `::${f.severity === 'error' ? 'error' : 'warning'} file=${ghProp(f.file)},line=${f.line}${f.column ? `,col=${f.column}` : ''},title=${ghProp(f.code)}::${ghEscape(f.message)}`,
    )
    .join('\n');
}

export function plainLine(f: Finding): string {
  return `${f.file}:${f.line}${f.column ? `:${f.column}` : ''} ${f.severity} ${f.code}${f.path ? ` ${f.path}` : ''}: ${f.message}`;
}

/** A few source lines around the finding, with a caret under its column. */
export function codeFrame(lines: readonly string[], line: number, column: number | undefined): string {
  const out: string[] = [];
  const width = String(line + 1).length;
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line && column) out.push(`  ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return out.join('\n');
}

export function toPretty(
  r: HarnessResult,
  readLines: (file: string) => readonly string[] | undefined,
  color = false,
): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, fs] of byFile) {
    out.push(paint('1;4', file));
    const lines = readLines(file);
    for (const f of fs) {
      const sev = f.severity === 'error' ? paint('31', 'error') : paint('33', 'warning');
      out.push(
        `  ${file}:${f.line}${f.column ? `:${f.column}` : ''}  ${sev}  ${paint('2', f.code)}${f.path ? `  ${f.path}` : ''}`,
      );
      out.push(`    ${f.message}`);
      if (lines) out.push(codeFrame(lines, f.line, f.column).replace(/^/gm, '    '));
      out.push('');
    }
  }
  const skipped = r.outcomes.filter((o) => o.status === 'skipped');
  if (skipped.length > 0) {
    out.push(paint('1', `Skipped (${skipped.length}), each with its reason:`));
    for (const o of skipped) out.push(`  ${o.snippet.file}:${o.snippet.line}  ${o.reason ?? ''}`);
    out.push('');
  }
  if (r.optOuts.length > 0) {
    out.push(paint('1', `Cross-check opt-outs (${r.optOuts.length}):`));
    for (const x of r.optOuts) out.push(`  ${x.file}:${x.line}  ${x.code}: ${x.reason}`);
    out.push('');
  }
  const s = summarize(r);
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.length - errors;
  out.push(
    `${s.files} files, ${s.snippets} snippets, ${s.documents} documents, ${r.renders} chart renders in ${s.ms} ms: ${errors} errors, ${warnings} warnings.`,
  );
  return out.join('\n');
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
