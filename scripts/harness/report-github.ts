// GitHub Actions: workflow-command annotations (--format github) and the Markdown job
// summary appended to $GITHUB_STEP_SUMMARY (counts, schema coverage, the first findings).
import { coverageLine } from './report-pretty.ts';
import { coverageOf, summarize } from './report.ts';
import type { HarnessResult } from './run.ts';

const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function toGithub(r: HarnessResult): string {
  return r.findings
    .map((f) => {
      const level = f.severity === 'error' ? 'error' : 'warning';
      const at = `file=${ghProp(f.file)},line=${f.line}${f.column ? `,col=${f.column}` : ''}`;
      return `::${level} ${at},title=${ghProp(f.code)}::${ghEscape(f.message)}`;
    })
    .join('\n');
}

/** Findings listed in the job summary; the rest are counted. */
export const SUMMARY_ROWS = 50;

const cell = (s: string) =>
  s
    .replace(/\r?\n/g, ' ')
    .replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`)
    .slice(0, 300);

/** The Markdown job summary: a verdict, the counts, coverage when known, then the first findings. */
export function toStepSummary(r: HarnessResult): string {
  const s = summarize(r);
  let errors = 0;
  for (const f of r.findings) if (f.severity === 'error') errors++;
  const warnings = r.findings.length - errors;
  const verdict = errors === 0 ? 'passed' : `failed with ${errors} error${errors === 1 ? '' : 's'}`;
  const out = [
    `### Ghostwire examples: ${verdict}`,
    '',
    '| Passed | Failed | Skipped | Files | Snippets | Documents | Errors | Warnings | Time |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.passed} | ${s.failed} | ${s.skipped} | ${s.files} | ${s.snippets} | ${s.documents} | ${errors} | ` +
      `${warnings} | ${(s.ms / 1000).toFixed(1)} s |`,
    '',
  ];
  const coverage = coverageOf(r);
  if (coverage) out.push(coverageLine(coverage), '');
  if (r.findings.length > 0) {
    out.push('| Where | Severity | Code | Message |', '|---|---|---|---|');
    for (const f of r.findings.slice(0, SUMMARY_ROWS))
      out.push(`| ${cell(`${f.file}:${f.line}`)} | ${f.severity} | ${cell(f.code)} | ${cell(f.message)} |`);
    if (r.findings.length > SUMMARY_ROWS)
      out.push('', `${r.findings.length - SUMMARY_ROWS} more findings: see the job log or the annotations.`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
