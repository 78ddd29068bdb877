// JUnit XML in the common shape CI tools read (the Jenkins xunit plugin's junit-10.xsd:
// testsuites > testsuite > testcase, failure/skipped with message and type, times in
// seconds). One testcase per snippet, named file:line, and one per file-level error.
import { fileLevelErrors, plainLine, summarize } from './report.ts';
import type { HarnessResult } from './run.ts';

/** Escapes for XML 1.0 and replaces the control characters it forbids outright. */
export const xml = (s: string) =>
  s
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );

const SUITE = 'ghostwire examples';
/** The harness times the run, not each snippet (they are validated concurrently). */
const CASE_TIME = '0.000';

const testcase = (file: string, line: number, body: string) =>
  `    <testcase name="${xml(`${file}:${line}`)}" classname="${xml(file)}" time="${CASE_TIME}">${body}</testcase>`;

const failure = (message: string, type: string, text: string) =>
  `<failure message="${xml(message)}" type="${xml(type)}">${xml(text)}</failure>`;

export function toJunit(r: HarnessResult): string {
  const s = summarize(r);
  const cases = r.outcomes.map((o) => {
    const errors = o.findings.filter((f) => f.severity === 'error');
    let body = '';
    if (o.status === 'skipped') body = `<skipped message="${xml(o.reason ?? '')}" type="validate=false"/>`;
    else if (errors.length > 0) {
      const first = errors[0] as (typeof errors)[number];
      body = failure(first.message, first.code, errors.map(plainLine).join('\n'));
    }
    return testcase(o.snippet.file, o.snippet.line, body);
  });
  for (const f of fileLevelErrors(r)) cases.push(testcase(f.file, f.line, failure(f.message, f.code, plainLine(f))));
  const time = (s.ms / 1000).toFixed(3);
  const counts = `tests="${s.snippets}" failures="${s.failed}" errors="0"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${SUITE}" ${counts} time="${time}">`,
    `  <testsuite name="${SUITE}" ${counts} skipped="${s.skipped}" time="${time}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
