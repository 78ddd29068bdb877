// report.ts: findings → pretty, JSON (contract version 2), JUnit, GitHub annotations and job summary.
import { describe, expect, it } from 'vitest';
import {
  closingLine,
  codeFrame,
  plainLine,
  render,
  summarize,
  toGithub,
  toJson,
  toJunit,
  toPretty,
  toStepSummary,
  type Coverage,
} from '../scripts/harness/report.ts';
import type { HarnessResult, Outcome } from '../scripts/harness/run.ts';
import type { Finding, Snippet, SnippetKind, SnippetStatus } from '../scripts/harness/types.ts';
import { junitViolations, parseXml, suiteCounts } from './helpers/junit-xsd.ts';

const snippet = (file: string, line: number, meta: Record<string, string> = {}): Snippet => ({
  file,
  line,
  indent: 0,
  lang: 'yaml',
  meta,
  text: 'a: 1',
  origin: 'fence',
});
const outcome = (
  file: string,
  line: number,
  kind: SnippetKind,
  status: SnippetStatus,
  findings: Finding[] = [],
  reason?: string,
): Outcome => ({ snippet: snippet(file, line), kind, status, reason, findings, documents: [] });

const unknownField: Finding = {
  code: 'UNKNOWN_FIELD',
  severity: 'error',
  file: 'docs/a.md',
  line: 22,
  column: 5,
  path: 'spec.foo',
  message:
    'Deployment web: spec.foo unknown field "foo" (did you mean "for"?). ' +
    'Check the spelling and the indentation, or remove the field.',
};
const noSchema: Finding = {
  code: 'NO_SCHEMA',
  severity: 'warning',
  file: 'docs/b.md',
  line: 4,
  column: 1,
  path: 'kind',
  message: 'No schema for example.com/v1 Widget, so this document is not validated.',
};
const skipNoReason: Finding = {
  code: 'SKIP_WITHOUT_REASON',
  severity: 'error',
  file: 'docs/b.md',
  line: 9,
  column: 1,
  path: '',
  message: 'This fence says validate=false but gives no reason.',
};
const missingImport: Finding = {
  code: 'MISSING_IMPORT',
  severity: 'error',
  file: 'docs/c.mdx',
  line: 3,
  path: '',
  message: 'This page imports ./x.yaml, but docs/x.yaml does not exist.',
};
const tooLarge: Finding = {
  code: 'FILE_TOO_LARGE',
  severity: 'error',
  file: 'docs/big.md',
  line: 1,
  path: '',
  message: 'This file is 50.0 MiB.',
};

function result(over: Partial<HarnessResult> = {}): HarnessResult {
  const outcomes = [
    outcome('docs/a.md', 5, 'manifests', 'passed'),
    outcome('docs/a.md', 20, 'manifests', 'failed', [unknownField]),
    outcome('docs/a.md', 40, 'other', 'skipped', [], 'GitHub Actions workflow'),
    outcome('docs/b.md', 3, 'manifests', 'passed', [noSchema]),
    outcome('docs/b.md', 9, 'other', 'failed', [skipNoReason]),
  ];
  return {
    files: ['docs/a.md', 'docs/b.md', 'docs/c.mdx', 'docs/big.md'],
    outcomes,
    findings: [unknownField, noSchema, skipNoReason, tooLarge, missingImport],
    optOuts: [{ file: 'docs/a.md', line: 60, code: 'ROUTE_PORT_MISMATCH', reason: 'port-forward only' }],
    documents: 4,
    renders: 0,
    ms: 1234,
    ...over,
  };
}

const SOURCE: Record<string, string[]> = {
  'docs/a.md': Array.from({ length: 30 }, (_, i) => (i === 21 ? '    foo: 1' : `line ${i + 1}`)),
  'docs/b.md': ['# B', '', '```yaml', 'kind: Widget', '```'],
};
const readLines = (file: string) => SOURCE[file];

describe('summary and closing line', () => {
  it('should count snippets by status, and each file-level error as one failed entry', () => {
    expect(summarize(result())).toEqual({
      files: 4,
      snippets: 7,
      documents: 4,
      passed: 2,
      failed: 4,
      skipped: 1,
      fileErrors: 2,
      ms: 1234,
    });
  });

  it('should count every file-level error (each is one JUnit failure), and not file-level warnings', () => {
    const dup: Finding = { ...missingImport, code: 'OTHER', message: 'x' };
    const warn: Finding = { ...missingImport, line: 7, severity: 'warning' };
    expect(summarize(result({ findings: [...result().findings, dup, warn] })).failed).toBe(5);
  });

  it.each([
    { r: result(), want: '2 passed, 4 failed, 1 skipped' },
    { r: result({ outcomes: [], findings: [], files: [] }), want: '0 passed, 0 failed, 0 skipped' },
  ])('should close with "$want"', ({ r, want }) => {
    expect(closingLine(summarize(r))).toBe(want);
  });
});

describe('JSON, contract version 2', () => {
  const json = JSON.parse(toJson(result())) as Record<string, unknown>;

  it("should have the contract's top-level keys, version 2 first", () => {
    expect(Object.keys(json)).toEqual(['version', 'summary', 'snippets', 'findings', 'optOuts']);
    expect(json['version']).toBe(2);
  });

  it('should have exactly the summary keys of scripts/harness/README.md', () => {
    expect(json['summary']).toEqual({
      files: 4,
      snippets: 7,
      documents: 4,
      passed: 2,
      failed: 4,
      skipped: 1,
      fileErrors: 2,
      ms: 1234,
    });
  });

  it('should list every snippet, and every file-level error as a failed entry of kind file with its code', () => {
    expect(json['snippets']).toEqual([
      { file: 'docs/a.md', line: 5, kind: 'manifests', status: 'passed' },
      { file: 'docs/a.md', line: 20, kind: 'manifests', status: 'failed' },
      { file: 'docs/a.md', line: 40, kind: 'other', status: 'skipped', reason: 'GitHub Actions workflow' },
      { file: 'docs/b.md', line: 3, kind: 'manifests', status: 'passed' },
      { file: 'docs/b.md', line: 9, kind: 'other', status: 'failed' },
      { file: 'docs/big.md', line: 1, kind: 'file', status: 'failed', code: 'FILE_TOO_LARGE' },
      { file: 'docs/c.mdx', line: 3, kind: 'file', status: 'failed', code: 'MISSING_IMPORT' },
    ]);
  });

  const warnOnly: Finding = { ...missingImport, severity: 'warning', code: 'SOME_WARNING' };
  it.each([
    { name: 'the sample run', r: result() },
    { name: 'an empty run', r: result({ outcomes: [], findings: [], files: [] }) },
    { name: 'only file-level errors', r: result({ outcomes: [], findings: [tooLarge, missingImport] }) },
    { name: 'a file-level warning', r: result({ findings: [...result().findings, warnOnly] }) },
    {
      name: 'two file-level errors on one line',
      r: result({ outcomes: [], findings: [missingImport, { ...missingImport, code: 'OTHER' }] }),
    },
  ])('should add up for $name: snippets = passed + failed + skipped = entries', ({ r }) => {
    const j = JSON.parse(toJson(r)) as { summary: Record<string, number>; snippets: { kind: string }[] };
    const s = j.summary as Record<string, number>;
    expect(s['snippets']).toBe((s['passed'] ?? 0) + (s['failed'] ?? 0) + (s['skipped'] ?? 0));
    expect(j.snippets).toHaveLength(s['snippets'] as number);
    expect(j.snippets.filter((e) => e.kind === 'file')).toHaveLength(s['fileErrors'] as number);
  });

  it('should carry the coverage in the summary when the run has it, and leave it out otherwise', () => {
    const coverage: Coverage = { documents: 125, checked: 120, allowlisted: 3, noSchema: 2 };
    const withCoverage = { ...result(), coverage } as HarnessResult;
    expect((JSON.parse(toJson(withCoverage)) as { summary: object }).summary).toMatchObject({ coverage });
    expect(json['summary']).not.toHaveProperty('coverage');
  });

  it('should list every finding with code, severity, file, line, column, path and message, in that order', () => {
    const findings = json['findings'] as Record<string, unknown>[];
    expect(findings).toHaveLength(5);
    expect(findings[0]).toEqual({ ...unknownField });
    expect(Object.keys(findings[0] as object)).toEqual([
      'code',
      'severity',
      'file',
      'line',
      'column',
      'path',
      'message',
    ]);
    expect(findings[1]).toMatchObject({ code: 'NO_SCHEMA', severity: 'warning' });
    // A file-level finding knows no column: the contract still carries one, the line's first.
    expect(Object.keys(findings[4] as object)).toEqual([
      'code',
      'severity',
      'file',
      'line',
      'column',
      'path',
      'message',
    ]);
    expect(findings[4]).toEqual({ ...missingImport, column: 1 });
  });

  it('should be valid JSON for an empty run', () => {
    expect(JSON.parse(toJson(result({ outcomes: [], findings: [], files: [], optOuts: [] })))).toMatchObject({
      version: 2,
      snippets: [],
      findings: [],
    });
  });
});

describe('JUnit', () => {
  const xml = toJunit(result());
  const cases = xml.split('\n').filter((l) => l.includes('<testcase'));

  it('should have one testcase per snippet, named file:line, plus one per file-level error', () => {
    expect(cases.map((c) => / name="([^"]+)"/.exec(c)?.[1])).toEqual([
      'docs/a.md:5',
      'docs/a.md:20',
      'docs/a.md:40',
      'docs/b.md:3',
      'docs/b.md:9',
      'docs/big.md:1',
      'docs/c.mdx:3',
    ]);
    expect(cases.map((c) => /classname="([^"]+)"/.exec(c)?.[1])).toEqual([
      'docs/a.md',
      'docs/a.md',
      'docs/a.md',
      'docs/b.md',
      'docs/b.md',
      'docs/big.md',
      'docs/c.mdx',
    ]);
  });

  it('should count tests, failures, errors and skips, with times, on the suites', () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
          '<testsuites name="ghostwire examples" tests="7" failures="4" errors="0" time="1.234">',
      ),
    ).toBe(true);
    expect(xml).toContain(
      '<testsuite name="ghostwire examples" tests="7" failures="4" errors="0" skipped="1" time="1.234">',
    );
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('should give a failed snippet a failure with the first message and every error line', () => {
    const q = (t: string) => t.replace(/"/g, '&quot;');
    expect(cases[1]).toBe(
      '    <testcase name="docs/a.md:20" classname="docs/a.md" time="0.000">' +
        `<failure message="${q(unknownField.message)}" type="UNKNOWN_FIELD">${q(plainLine(unknownField))}</failure>` +
        '</testcase>',
    );
  });

  it('should give a skipped snippet a skipped element with its reason, and a passed one none', () => {
    expect(cases[2]).toBe(
      '    <testcase name="docs/a.md:40" classname="docs/a.md" time="0.000">' +
        '<skipped message="GitHub Actions workflow" type="validate=false"/></testcase>',
    );
    expect(cases[0]).toBe('    <testcase name="docs/a.md:5" classname="docs/a.md" time="0.000"></testcase>');
    expect(cases[3]).not.toContain('<failure');
  });

  it('should escape XML in names, messages and reasons', () => {
    const f: Finding = {
      code: 'X',
      severity: 'error',
      file: 'docs/a&b.md',
      line: 2,
      column: 1,
      path: 'p',
      message: `a < b & "c" > 'd'`,
    };
    const out = toJunit(
      result({
        outcomes: [
          outcome('docs/a&b.md', 2, 'manifests', 'failed', [f]),
          outcome('docs/a&b.md', 9, 'other', 'skipped', [], 'a "quoted" <reason>'),
        ],
        findings: [f],
        optOuts: [],
      }),
    );
    expect(out).toContain('name="docs/a&amp;b.md:2"');
    expect(out).toContain('<failure message="a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;" type="X">');
    expect(out).toContain('<skipped message="a &quot;quoted&quot; &lt;reason&gt;" type="validate=false"/>');
    expect(out).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });

  // A label value from YAML ("a\u0001b" or "\a") is quoted into INVALID_LABEL's message;
  // report.ts escapes only <>&"' so the JUnit file holds a character XML 1.0 forbids, and
  // CI JUnit parsers reject the whole report.
  it('should not write characters that XML 1.0 forbids', () => {
    const f: Finding = {
      code: 'INVALID_LABEL',
      severity: 'error',
      file: 'docs/a.md',
      line: 2,
      column: 1,
      path: 'metadata.labels.app',
      message: 'Label value "a\u0001b\u001b[0m" of "app" must be ...',
    };
    const out = toJunit(
      result({ outcomes: [outcome('docs/a.md', 2, 'manifests', 'failed', [f])], findings: [f], optOuts: [] }),
    );
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  // Two file-level errors on one line (an unterminated fence and a front-matter error, say)
  // become two failing testcases, but summarize() counts distinct file:line pairs, so the
  // suite says failures="1" for two <failure> elements.
  it('should count as many failures as it writes failure elements', () => {
    const a: Finding = {
      code: 'UNTERMINATED_FRONT_MATTER',
      severity: 'error',
      file: 'docs/d.md',
      line: 1,
      path: '',
      message: 'one',
    };
    const b: Finding = { code: 'BINARY_FILE', severity: 'error', file: 'docs/d.md', line: 1, path: '', message: 'two' };
    const out = toJunit(result({ outcomes: [], findings: [a, b], optOuts: [] }));
    const failures = out.match(/<failure /g)?.length;
    expect(failures).toBe(2);
    expect(out).toContain(`failures="${failures}"`);
  });
});

describe('GitHub annotations', () => {
  it('should write one annotation per finding, errors and warnings, with file, line, col and title', () => {
    expect(toGithub(result()).split('\n')).toEqual([
      `::error file=docs/a.md,line=22,col=5,title=UNKNOWN_FIELD::${unknownField.message}`,
      `::warning file=docs/b.md,line=4,col=1,title=NO_SCHEMA::${noSchema.message}`,
      `::error file=docs/b.md,line=9,col=1,title=SKIP_WITHOUT_REASON::${skipNoReason.message}`,
      `::error file=docs/big.md,line=1,title=FILE_TOO_LARGE::${tooLarge.message}`,
      `::error file=docs/c.mdx,line=3,title=MISSING_IMPORT::${missingImport.message}`,
    ]);
  });

  it('should escape %, CR and LF in messages, and also : and , in properties', () => {
    const f: Finding = {
      code: 'X',
      severity: 'error',
      file: 'docs/a:b,c%.md',
      line: 2,
      column: 3,
      path: '',
      message: '100% wrong\r\nsecond line: a, b',
    };
    expect(toGithub(result({ findings: [f] }))).toBe(
      '::error file=docs/a%3Ab%2Cc%25.md,line=2,col=3,title=X::100%25 wrong%0D%0Asecond line: a, b',
    );
  });

  it('should write nothing for a clean run', () => {
    expect(toGithub(result({ findings: [] }))).toBe('');
  });
});

describe('pretty', () => {
  const text = toPretty(result(), readLines);
  const lines = text.split('\n');

  it('should group findings by file, each file named once before its findings', () => {
    const headers = lines.filter((l) => /^docs\//.test(l));
    expect(headers).toEqual(['docs/a.md', 'docs/b.md', 'docs/big.md', 'docs/c.mdx']);
    expect(lines.indexOf('docs/a.md')).toBeLessThan(lines.findIndex((l) => l.includes('docs/a.md:22:5')));
  });

  it('should give file:line:col, severity, code and path, then the message', () => {
    const i = lines.indexOf('  docs/a.md:22:5  error  UNKNOWN_FIELD  spec.foo');
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toBe(`    ${unknownField.message}`);
    expect(lines).toContain('  docs/b.md:4:1  warning  NO_SCHEMA  kind');
    expect(lines).toContain('  docs/c.mdx:3  error  MISSING_IMPORT');
  });

  it('should show a code frame with a caret under the column', () => {
    const i = lines.indexOf('  docs/a.md:22:5  error  UNKNOWN_FIELD  spec.foo');
    expect(lines.slice(i + 2, i + 6)).toEqual([
      '      21 | line 21',
      '    > 22 |     foo: 1',
      '         |     ^',
      '      23 | line 23',
    ]);
  });

  it('should leave out the frame when the file cannot be read', () => {
    const i = lines.indexOf('  docs/c.mdx:3  error  MISSING_IMPORT');
    expect(lines[i + 2]).toBe('');
  });

  it('should list the skipped snippets with their reasons, and the opt-outs', () => {
    const i = lines.indexOf('Skipped (1), each with its reason:');
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toBe('  docs/a.md:40  GitHub Actions workflow');
    const j = lines.indexOf('Cross-check opt-outs (1):');
    expect(lines[j + 1]).toBe('  docs/a.md:60  ROUTE_PORT_MISMATCH: port-forward only');
  });

  it('should end with the totals of the run', () => {
    expect(lines.at(-1)).toBe(
      '4 files, 5 snippets (and 2 file-level errors), 4 documents, 0 chart renders in 1234 ms: 4 errors, 1 warnings.',
    );
  });

  it('should use colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = toPretty(result(), readLines, true);
    expect(coloured).toContain('\u001b[31merror\u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('should print only the totals for a clean run', () => {
    expect(
      toPretty(
        result({
          outcomes: [outcome('docs/a.md', 5, 'manifests', 'passed')],
          findings: [],
          optOuts: [],
          files: ['docs/a.md'],
        }),
        readLines,
      ),
    ).toBe('1 files, 1 snippets, 4 documents, 0 chart renders in 1234 ms: 0 errors, 0 warnings.');
  });
});

describe('codeFrame', () => {
  const src = Array.from({ length: 12 }, (_, i) => `l${i + 1}`);

  it.each([
    { line: 1, column: 2, want: ['> 1 | l1', '    |  ^', '  2 | l2'] },
    { line: 12, column: undefined, want: ['  11 | l11', '> 12 | l12'] },
    { line: 9, column: 1, want: ['   8 | l8', '>  9 | l9', '     | ^', '  10 | l10'] },
  ])('should frame line $line column $column', ({ line, column, want }) => {
    expect(codeFrame(src, line, column).split('\n')).toEqual(want);
  });
});

describe('render', () => {
  it.each([
    { format: 'json' as const, check: (s: string) => expect(JSON.parse(s).version).toBe(2) },
    { format: 'junit' as const, check: (s: string) => expect(s).toMatch(/^<\?xml/) },
    { format: 'github' as const, check: (s: string) => expect(s).toMatch(/^::error /) },
    { format: 'pretty' as const, check: (s: string) => expect(s).toMatch(/^docs\/a\.md\n/) },
  ])('should dispatch $format', ({ format, check }) => {
    check(render(format, result(), readLines));
  });

  it('should render a finding as one plain line', () => {
    expect(plainLine(unknownField)).toBe(`docs/a.md:22:5 error UNKNOWN_FIELD spec.foo: ${unknownField.message}`);
    expect(plainLine(missingImport)).toBe(`docs/c.mdx:3 error MISSING_IMPORT: ${missingImport.message}`);
  });
});

describe('JUnit against the common junit-10.xsd shape', () => {
  const skipNoReasonOnly = result({ outcomes: [outcome('docs/b.md', 9, 'other', 'failed', [skipNoReason])] });
  it.each([
    { name: 'the sample run', r: result() },
    { name: 'an empty run', r: result({ outcomes: [], findings: [], files: [], optOuts: [] }) },
    { name: 'only file-level errors', r: result({ outcomes: [], findings: [tooLarge, missingImport] }) },
    { name: 'one failed snippet', r: skipNoReasonOnly },
    { name: 'a run of 120 s', r: result({ ms: 120_456 }) },
  ])('should be valid, with counts that match its testcases, for $name', ({ r }) => {
    const xml = toJunit(r);
    expect(junitViolations(xml)).toEqual([]);
    const root = parseXml(xml);
    const suite = root.children[0];
    if (!suite) throw new Error('no testsuite');
    const { claimed, actual } = suiteCounts(suite);
    expect(claimed).toEqual(actual);
    const s = summarize(r);
    expect(actual).toEqual({ tests: s.snippets, failures: s.failed, errors: 0, skipped: s.skipped });
    expect(root.attrs).toMatchObject({ tests: String(s.snippets), failures: String(s.failed), errors: '0' });
    expect(Number(root.attrs['time'])).toBeCloseTo(r.ms / 1000, 3);
  });

  // The checker itself must catch what the XSD refuses, or the test above proves nothing.
  it.each([
    {
      xml: '<testsuites tests="1" skipped="0"><testsuite name="a" tests="0" failures="0" errors="0"/></testsuites>',
      want: /may not have @skipped/,
    },
    { xml: '<testsuites><testsuite name="a" tests="1" failures="0"/></testsuites>', want: /lacks required @errors/ },
    {
      xml: '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>',
      want: /lacks required @name/,
    },
    {
      xml: '<testsuites><testsuite name="a" tests="1" failures="0" errors="0" time="1s"/></testsuites>',
      want: /is not a time/,
    },
    {
      xml: '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><failure/></testsuite></testsuites>',
      want: /may not be inside <testsuite>/,
    },
    {
      xml: '<testsuites><testsuite name="a & b" tests="1" failures="0" errors="0"/></testsuites>',
      want: /not well-formed/,
    },
    { xml: '<testsuites><testsuite name="a" tests="x" failures="0" errors="0"></testsuites>', want: /not well-formed/ },
  ])('should refuse $xml', ({ xml, want }) => {
    expect(junitViolations(xml, false).join('\n')).toMatch(want);
  });

  it('should ask for the times, counts and failure types CI tools read', () => {
    const bare =
      '<testsuites><testsuite name="a" tests="1" failures="1" errors="0">' +
      '<testcase name="x"><failure message="m"/></testcase></testsuite></testsuites>';
    expect(junitViolations(bare, false)).toEqual([]);
    expect(junitViolations(bare)).toEqual([
      'testsuites: <testsuites> lacks @name',
      'testsuites: <testsuites> lacks @tests',
      'testsuites: <testsuites> lacks @failures',
      'testsuites: <testsuites> lacks @errors',
      'testsuites: <testsuites> lacks @time',
      'testsuites/testsuite[0]: <testsuite> lacks @skipped',
      'testsuites/testsuite[0]: <testsuite> lacks @time',
      'testsuites/testsuite[0]/testcase[0]: <testcase> lacks @classname',
      'testsuites/testsuite[0]/testcase[0]: <testcase> lacks @time',
      'testsuites/testsuite[0]/testcase[0]/failure[0]: <failure> lacks @type',
    ]);
  });
});

describe('pretty at scale', () => {
  const many = (n: number, files = 100): HarnessResult => {
    const findings: Finding[] = Array.from({ length: n }, (_, i) => ({
      ...unknownField,
      file: `docs/f${i % files}.md`,
      line: 1 + (i % 20),
    }));
    return result({ findings, outcomes: [], files: [] });
  };
  const src = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);

  // Timed on a shared machine, so the check is the growth in CPU time: the best of seven, after
  // a warm-up, with the two sizes measured in turn so that both see the same moments of the
  // machine's load (and neither the compiler's first pass nor one garbage collection decides
  // it). Eight times the findings take eight to fourteen times as long here (a larger heap
  // costs more per object); a quadratic report takes sixty-four times. The bound sits between,
  // at half the quadratic growth, and 100,000 findings never take minutes.
  it('should render 100,000 findings in time linear in their number', () => {
    const cpu = (r: HarnessResult, n: number) => {
      const started = process.cpuUsage();
      const text = toPretty(r, () => src);
      const used = process.cpuUsage(started);
      expect(text.length).toBeGreaterThan(n * 40);
      return (used.user + used.system) / 1000;
    };
    // One file each: grouping by file is where a report turns quadratic.
    const sizes = [10_000, 80_000] as const;
    const results = sizes.map((n) => many(n, 1));
    cpu(many(2_000, 1), 2_000);
    const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let round = 0; round < 7; round++)
      sizes.forEach((n, i) => {
        best[i] = Math.min(best[i] as number, cpu(results[i] as HarnessResult, n));
      });
    const [small, large] = best as [number, number];
    expect(large / Math.max(small, 1)).toBeLessThan(32);
    const started = performance.now();
    const text = toPretty(many(100_000), () => src);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(text.split('\n').filter((l) => l.includes('error  UNKNOWN_FIELD'))).toHaveLength(100_000);
  });

  it('should give code frames to the first 50 findings only, and say how many more there are', () => {
    const lines = toPretty(many(80, 3), () => src).split('\n');
    expect(lines.filter((l) => /^ {4}> +\d+ \|/.test(l))).toHaveLength(50);
    expect(lines).toContain('(30 more findings are shown without code frames; the first 50 have them.)');
    expect(toPretty(many(50), () => src)).not.toContain('more findings are shown without code frames');
  });

  it('should read only the files whose findings get frames', () => {
    const read = new Set<string>();
    // 100 files with 5 findings each: the first 10 files hold the 50 framed findings.
    toPretty(many(500, 100), (f) => {
      read.add(f);
      return src;
    });
    expect(read.size).toBe(10);
  });
});

describe('coverage and the GitHub job summary', () => {
  const coverage: Coverage = { documents: 125, checked: 120, allowlisted: 3, noSchema: 2 };
  const withCoverage = { ...result(), coverage } as HarnessResult;

  it('should state the schema coverage in the pretty report when the run has it', () => {
    const lines = toPretty(withCoverage, readLines).split('\n');
    expect(lines.at(-2)).toBe(
      'Schema coverage: 120 of 125 documents (96%) checked against a schema; 3 allowlisted, 2 without a schema.',
    );
    expect(toPretty(result(), readLines)).not.toContain('Schema coverage');
  });

  it('should give the verdict, the counts, the coverage and the findings in Markdown', () => {
    const md = toStepSummary(withCoverage).split('\n');
    expect(md[0]).toBe('### Ghostwire examples: failed with 4 errors');
    const header = md.indexOf(
      '| Passed | Failed | Skipped | Files | Snippets | Documents | Errors | Warnings | Time |',
    );
    expect(md[header + 2]).toBe('| 2 | 4 | 1 | 4 | 7 | 4 | 4 | 1 | 1.2 s |');
    expect(md).toContain(
      'Schema coverage: 120 of 125 documents (96%) checked against a schema; 3 allowlisted, 2 without a schema.',
    );
    expect(md).toContain(`| docs/a.md:22 | error | UNKNOWN\\_FIELD | ${unknownField.message} |`);
    expect(toStepSummary(result())).not.toContain('Schema coverage');
  });

  it('should escape table syntax in messages and cap the findings it lists', () => {
    const f: Finding = { ...unknownField, message: 'a | b\nc <script>' };
    const md = toStepSummary(result({ findings: Array.from({ length: 60 }, () => f) }));
    expect(md).toContain('| a \\| b c \\<script\\> |');
    expect(md.split('\n').filter((l) => l.startsWith('| docs/a.md:22 |'))).toHaveLength(50);
    expect(md).toContain('10 more findings: see the job log or the annotations.');
  });

  it('should say passed for a run without errors', () => {
    expect(toStepSummary(result({ findings: [noSchema] }))).toMatch(/^### Ghostwire examples: passed\n/);
  });
});
