// The pretty report: findings grouped by file with code frames, skips with their reasons,
// opt-outs, coverage and totals. Linear in the number of findings; only the first
// FRAME_LIMIT findings get a code frame, so a run with thousands of findings stays readable.
import { coverageOf, summarize, type Coverage } from './report.ts';
import type { HarnessResult } from './run.ts';
import type { Finding } from './types.ts';

export const FRAME_LIMIT = 50;

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

/** "120 of 125 documents (96%) checked against a schema; 3 allowlisted, 2 without a schema." */
export function coverageLine(c: Coverage): string {
  const pct = c.documents === 0 ? 100 : Math.floor((c.checked / c.documents) * 1000) / 10;
  return (
    `Schema coverage: ${c.checked} of ${c.documents} documents (${pct}%) checked against a schema; ` +
    `${c.allowlisted} allowlisted, ${c.noSchema} without a schema.`
  );
}

export function toPretty(
  r: HarnessResult,
  readLines: (file: string) => readonly string[] | undefined,
  color = false,
  frameLimit = FRAME_LIMIT,
): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  let framed = 0;
  let unframed = 0;
  for (const [file, fs] of byFile) {
    out.push(paint('1;4', file));
    const lines = framed < frameLimit ? readLines(file) : undefined;
    for (const f of fs) {
      const sev = f.severity === 'error' ? paint('31', 'error') : paint('33', 'warning');
      const at = `${file}:${f.line}${f.column ? `:${f.column}` : ''}`;
      out.push(`  ${at}  ${sev}  ${paint('2', f.code)}${f.path ? `  ${f.path}` : ''}`);
      out.push(`    ${f.message}`);
      if (framed < frameLimit) {
        if (lines) {
          out.push(codeFrame(lines, f.line, f.column).replace(/^/gm, '    '));
          framed++;
        }
      } else unframed++;
      out.push('');
    }
  }
  if (unframed > 0) {
    out.push(
      paint('2', `(${unframed} more findings are shown without code frames; the first ${frameLimit} have them.)`),
    );
    out.push('');
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
  const coverage = coverageOf(r);
  if (coverage) out.push(coverageLine(coverage));
  let errors = 0;
  for (const f of r.findings) if (f.severity === 'error') errors++;
  const warnings = r.findings.length - errors;
  const fileErrors = s.fileErrors > 0 ? ` (and ${s.fileErrors} file-level errors)` : '';
  out.push(
    `${s.files} files, ${r.outcomes.length} snippets${fileErrors}, ${s.documents} documents, ` +
      `${r.renders} chart renders in ${s.ms} ms: ${errors} errors, ${warnings} warnings.`,
  );
  return out.join('\n');
}
