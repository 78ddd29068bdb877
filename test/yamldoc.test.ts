// yamldoc.ts: a snippet's YAML → documents that know where each path sits in the file.
import { describe, expect, it } from 'vitest';
import type { Snippet } from '../scripts/harness/types.ts';
import { extractYamlFile } from '../scripts/harness/extract.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { parseCareful } from '../scripts/harness/yamlcareful.ts';
import { harnessOptions } from './helpers/harness.ts';
import { formatPath, parseSnippet, pointerToPath } from '../scripts/harness/yamldoc.ts';
import { yamlFence } from './helpers/yaml-fence.ts';

const fence = yamlFence;
const yamlFile = (text: string): Snippet => extractYamlFile('examples/a/x.yaml', text);

describe('locate', () => {
  const text = [
    'apiVersion: v1', //             line 20
    'kind: Service', //              21
    'metadata:', //                  22
    '  name: web', //                23
    '  labels: {app: web, "x/y": z}', // 24
    'spec:', //                      25
    '  ports:', //                   26
    '    - name: http', //           27
    '      port: 80', //             28
    '    - port: 443', //            29
    '  args: [a, b]', //             30
    '  list:', //                    31
    '  - one', //                    32
    '  - two', //                    33
  ].join('\n');
  const { docs, findings } = parseSnippet(fence(text));
  const doc = docs[0];

  it('should parse one document starting at the fence line', () => {
    expect(findings).toEqual([]);
    expect(docs).toHaveLength(1);
    expect(doc?.line).toBe(20);
    expect(doc?.empty).toBe(false);
  });

  it.each([
    { path: [], line: 20, column: 5, what: 'the document' },
    { path: ['metadata'], line: 22, column: 5, what: 'a top-level key' },
    { path: ['metadata', 'name'], line: 23, column: 7, what: 'a nested key, at the key' },
    { path: ['metadata', 'labels', 'app'], line: 24, column: 16, what: 'a key in a flow mapping' },
    { path: ['metadata', 'labels', 'x/y'], line: 24, column: 26, what: 'a quoted key' },
    { path: ['spec', 'ports', 0], line: 27, column: 11, what: 'a sequence item (the item, after "- ")' },
    { path: ['spec', 'ports', 0, 'port'], line: 28, column: 11, what: 'a key inside a sequence item' },
    { path: ['spec', 'ports', 1, 'port'], line: 29, column: 11, what: 'the first key of a later item' },
    { path: ['spec', 'args', 1], line: 30, column: 17, what: 'an item of a flow sequence' },
    { path: ['spec', 'list', 1], line: 33, column: 9, what: 'a scalar item of a non-indented sequence' },
    { path: ['spec', 'nope'], line: 26, column: 7, what: 'a missing key, at the deepest node that exists' },
    { path: ['spec', 'ports', 5], line: 27, column: 9, what: 'a missing item, at the sequence' },
  ] as { path: (string | number)[]; line: number; column: number; what: string }[])(
    'should map $what ($path) to $line:$column, adding the snippet line and indent',
    ({ path, line, column }) => {
      expect(doc?.locate(path)).toEqual({ line, column });
    },
  );

  it('should map paths in a YAML file (line 1, no indent)', () => {
    const d = parseSnippet(yamlFile('a: 1\nb:\n  c: [x, y]\n')).docs[0];
    expect(d?.locate(['b', 'c', 1])).toEqual({ line: 3, column: 10 });
  });

  it('should map CRLF files to the same lines and columns', () => {
    const r = parseSnippet(yamlFile('a: 1\r\nb:\r\n  c: 2\r\n---\r\nd: 3\r\n'));
    expect(r.findings).toEqual([]);
    expect(r.docs.map((d) => d.line)).toEqual([1, 5]);
    expect(r.docs[0]?.locate(['b', 'c'])).toEqual({ line: 3, column: 3 });
    expect(r.docs[1]?.locate(['d'])).toEqual({ line: 5, column: 1 });
  });
});

describe('multi-document snippets', () => {
  const r = parseSnippet(
    fence(['---', 'a: 1', '...', '---', '# about b', '', 'b: 2', '---', '---', 'c:', '  d: 3'].join('\n')),
  );

  it('should give each document the file line of its first content line', () => {
    expect(r.findings).toEqual([]);
    expect(r.docs.map((d) => [d.line, d.empty, d.value])).toEqual([
      [21, false, { a: 1 }],
      [26, false, { b: 2 }],
      [27, true, null],
      [29, false, { c: { d: 3 } }],
    ]);
  });

  it('should locate paths of a later document in the file', () => {
    expect(r.docs[3]?.locate(['c', 'd'])).toEqual({ line: 30, column: 7 });
  });

  it('should give no content document for a comment-only snippet', () => {
    const r = parseSnippet(fence('# only a comment\n# and another\n'));
    expect(r.findings).toEqual([]);
    expect(r.docs.filter((d) => !d.empty)).toEqual([]);
  });
});

describe('leading comments (for # ghostwire-ignore)', () => {
  it('should keep a comment separated from the document by a blank line', () => {
    const d = parseSnippet(
      yamlFile('# ghostwire-ignore ROUTE_PORT_MISMATCH: port-forward\n\napiVersion: v1\nkind: Service\n'),
    ).docs[0];
    expect(d?.leadingComment.trim()).toBe('ghostwire-ignore ROUTE_PORT_MISMATCH: port-forward');
  });

  // CONTRIBUTING.md: "a comment `# ghostwire-ignore CODE: why` on the line above the
  // document". The yaml AST attaches a comment directly above the first key to that key
  // (or, after `---`, to the document's contents); each layout is tried on the fast path
  // and, with an anchor in the document, on the careful (yaml AST) path.
  const LAYOUTS = [
    {
      layout: 'directly above the first document',
      text: '# ghostwire-ignore ROUTE_PORT_MISMATCH: why\napiVersion: v1\nkind: Service\n',
      index: 0,
    },
    {
      layout: 'directly after --- above a later document',
      text:
        'apiVersion: v1\nkind: ConfigMap\n---\n# ghostwire-ignore ROUTE_PORT_MISMATCH: why\napiVersion: v1\n' +
        'kind: Service\n',
      index: 1,
    },
    {
      layout: 'after --- and a blank line',
      text:
        'apiVersion: v1\nkind: ConfigMap\n---\n# ghostwire-ignore ROUTE_PORT_MISMATCH: why\n\n' +
        'apiVersion: v1\nkind: Service\n',
      index: 1,
    },
  ];
  it.each([
    ...LAYOUTS.map((l) => ({ ...l, path: 'fast' })),
    ...LAYOUTS.map((l) => ({ ...l, path: 'careful', text: `${l.text}metadata: &m {name: x}\n` })),
  ])('should keep a comment $layout ($path path)', ({ text, index }) => {
    const d = parseSnippet(yamlFile(text)).docs[index];
    expect(d?.leadingComment).toContain('ghostwire-ignore ROUTE_PORT_MISMATCH: why');
  });
});

describe('syntax findings', () => {
  it("should report a duplicate key at the second key's line and column", () => {
    const r = parseSnippet(fence('metadata:\n  name: a\n  labels: {}\n  name: b\n'));
    expect(r.docs).toEqual([]);
    expect(r.findings).toEqual([
      {
        code: 'DUPLICATE_KEY',
        severity: 'error',
        file: 'docs/p.md',
        line: 23,
        column: 7,
        path: '',
        message: expect.stringMatching(/same key twice.*Remove one of them/),
      },
    ]);
  });

  it('should report a duplicate top-level key in a later document', () => {
    const r = parseSnippet(yamlFile('a: 1\n---\nb: 1\nb: 2\n'));
    expect(r.findings.map((f) => [f.code, f.line, f.column])).toEqual([['DUPLICATE_KEY', 4, 1]]);
    expect(r.docs.map((d) => d.value)).toEqual([{ a: 1 }]);
  });

  it('should report tab indentation at the tab line', () => {
    const r = parseSnippet(fence('spec:\n  ports:\n\t- port: 80\n'));
    expect(r.docs).toEqual([]);
    expect(r.findings).toEqual([
      {
        code: 'YAML_TAB_INDENT',
        severity: 'error',
        file: 'docs/p.md',
        line: 22,
        column: 5,
        path: '',
        message: expect.stringMatching(/indented with a tab\. Replace the tab with spaces/),
      },
    ]);
  });

  it('should report a tab after spaces in the indentation', () => {
    const r = parseSnippet(yamlFile('a:\n  \tb: 1\n'));
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['YAML_TAB_INDENT', 2]]);
  });

  it('should accept a tab inside a value', () => {
    const r = parseSnippet(yamlFile('a: "x\ty"\nb: x\ty\n'));
    expect(r.findings).toEqual([]);
    expect(r.docs[0]?.value).toEqual({ a: 'x\ty', b: 'x\ty' });
  });

  // A tab after the block scalar's indentation is content (a Makefile, an nginx config
  // in a ConfigMap), and valid YAML; the harness's /^ *\t/ check calls it tab indentation
  // and drops the whole snippet.
  // (The fast reader declines a tab it is not sure of and the careful path decides;
  // check; an anchor anywhere in the snippet sends it down the careful path.)
  it.each([
    { path: 'fast', text: 'data:\n  Makefile: |\n    all:\n    \techo hi\n' },
    { path: 'careful', text: 'data:\n  Makefile: &mk |\n    all:\n    \techo hi\n' },
  ])("should accept tabs inside a block scalar's content ($path path)", ({ text }) => {
    const r = parseSnippet(yamlFile(text));
    expect(r.findings).toEqual([]);
    expect(r.docs[0]?.value).toEqual({ data: { Makefile: 'all:\n\techo hi\n' } });
    // On the fast path locate() builds the careful AST, which refuses the snippet, so every
    // finding in the document falls back to the document's first line.
    expect(r.docs[0]?.locate(['data', 'Makefile'])).toEqual({ line: 2, column: 3 });
  });

  it.each([
    { what: 'an unclosed quote', text: 'a: 1\nb: "open\n', line: 22 },
    { what: 'a nested compact mapping', text: 'a: 1\nb: c: d\n', line: 21 },
    { what: 'an unclosed flow sequence (where the parser notices)', text: 'a: [1, 2\nb: 1\n', line: 21 },
  ])('should report $what as YAML_SYNTAX with a file line', ({ text, line }) => {
    const r = parseSnippet(fence(text));
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings[0]).toMatchObject({ code: 'YAML_SYNTAX', severity: 'error', file: 'docs/p.md', path: '' });
    expect(r.findings[0]?.line).toBe(line);
    expect(r.findings[0]?.message).toMatch(/^YAML syntax error: \S/);
    expect(r.findings[0]?.message).not.toContain('\n');
  });

  it('should stop an alias bomb with YAML_ALIAS_LIMIT, quickly', () => {
    let bomb = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++)
      bomb += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const started = performance.now();
    const r = parseSnippet(fence(`# billion laughs\n${bomb}`));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.docs).toEqual([]);
    expect(r.findings).toEqual([
      {
        code: 'YAML_ALIAS_LIMIT',
        severity: 'error',
        file: 'docs/p.md',
        line: 24,
        column: 29,
        path: '',
        message: expect.stringMatching(/kubectl refuses this document .*excessive aliasing.*write the values out/),
      },
    ]);
  });

  it('should accept a few ordinary anchors and aliases', () => {
    const r = parseSnippet(yamlFile('base: &b {cpu: 100m}\nrequests: *b\nlimits: *b\n'));
    expect(r.findings).toEqual([]);
    expect(r.docs[0]?.value).toEqual({ base: { cpu: '100m' }, requests: { cpu: '100m' }, limits: { cpu: '100m' } });
  });

  // An alias to an anchor that does not exist is a plain mistake, not an expansion attack;
  // the harness reports it as YAML_ALIAS_LIMIT "expands too many aliases" at the document's
  // first line instead of at the alias.
  it('should report an undefined alias as what it is, at the alias', () => {
    const r = parseSnippet(fence('a: &x 1\nb: *y\n'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.code).not.toBe('YAML_ALIAS_LIMIT');
    expect(r.findings[0]?.message).not.toMatch(/too many aliases/);
    expect(r.findings[0]?.message).toMatch(/\by\b/);
    expect(r.findings[0]?.line).toBe(21);
  });
});

describe('formatPath', () => {
  it.each([
    { path: [], want: '' },
    { path: ['spec'], want: 'spec' },
    { path: ['spec', 'rules', 0, 'host'], want: 'spec.rules[0].host' },
    { path: ['metadata', 'labels', 'app.kubernetes.io/name'], want: 'metadata.labels["app.kubernetes.io/name"]' },
    { path: ['metadata', 'annotations', 'a b'], want: 'metadata.annotations["a b"]' },
    { path: ['data', 'my-key'], want: 'data.my-key' },
    { path: ['data', '1st'], want: 'data["1st"]' },
    { path: [0, 'kind'], want: '[0].kind' },
    { path: ['', 'x'], want: '[""].x' },
  ] as { path: (string | number)[]; want: string }[])('should render $path as $want', ({ path, want }) => {
    expect(formatPath(path)).toBe(want);
  });
});

describe('pointerToPath', () => {
  it.each([
    { pointer: '', root: {}, want: [] },
    { pointer: '/spec/rules/0/host', root: { spec: { rules: [{ host: 'x' }] } }, want: ['spec', 'rules', 0, 'host'] },
    { pointer: '/data/0', root: { data: { '0': 'x' } }, want: ['data', '0'] },
    { pointer: '/metadata/labels/a~1b~0c', root: {}, want: ['metadata', 'labels', 'a/b~c'] },
    { pointer: '/items/1/name', root: { items: [{}, {}] }, want: ['items', 1, 'name'] },
    { pointer: '/missing/0', root: { other: [] }, want: ['missing', '0'] },
  ] as { pointer: string; root: unknown; want: (string | number)[] }[])(
    'should split $pointer',
    ({ pointer, root, want }) => {
      expect(pointerToPath(pointer, root)).toEqual(want);
    },
  );
});

// kubectl reads manifests (and Helm reads values) with sigs.k8s.io/yaml over go-yaml v2:
// YAML 1.1 scalars. Each row: the YAML, the value kubectl sends, and whether the harness
// warns that the value only means this by YAML 1.1 rules. Both readers must agree.
describe('values as kubectl reads them', () => {
  it.each([
    { yaml: 'hostNetwork: yes', value: { hostNetwork: true }, warn: true },
    { yaml: 'a: Yes', value: { a: true }, warn: true },
    { yaml: 'a: ON', value: { a: true }, warn: true },
    { yaml: 'a: off', value: { a: false }, warn: true },
    { yaml: 'a: y', value: { a: true }, warn: true },
    { yaml: 'a: N', value: { a: false }, warn: true },
    { yaml: 'a: yEs', value: { a: 'yEs' }, warn: false },
    { yaml: 'a: True', value: { a: true }, warn: false },
    { yaml: 'labels: {country: NO}', value: { labels: { country: false } }, warn: true },
    { yaml: 'labels: {country: "NO"}', value: { labels: { country: 'NO' } }, warn: false },
    { yaml: 'mode: 0777', value: { mode: 511 }, warn: true },
    { yaml: 'mode: 0o777', value: { mode: 511 }, warn: false },
    { yaml: 'num: 1_000', value: { num: 1000 }, warn: true },
    { yaml: 'n: 1', value: { false: 1 }, warn: true },
    { yaml: 'b: 0b101', value: { b: 5 }, warn: true },
    { yaml: 'h: 0x1F', value: { h: 31 }, warn: false },
    { yaml: 'f: 1e3', value: { f: 1000 }, warn: false },
    { yaml: 'f: -.inf', value: { f: Number.NEGATIVE_INFINITY }, warn: false },
    { yaml: 't: 1:30', value: { t: '1:30' }, warn: false },
    { yaml: 'd: 2024-01-01', value: { d: '2024-01-01' }, warn: false },
    { yaml: 'z: ~', value: { z: null }, warn: false },
    { yaml: 'q: "yes"', value: { q: 'yes' }, warn: false },
    { yaml: `s: "it\\'s"`, value: { s: "it's" }, warn: false },
    { yaml: 'on: push', value: { true: 'push' }, warn: true },
    {
      yaml: 'base: &b {cpu: 1, mem: 2}\nlimits:\n  <<: *b\n  mem: 3',
      value: { base: { cpu: 1, mem: 2 }, limits: { cpu: 1, mem: 3 } },
      warn: false,
    },
    {
      yaml: 'a: &a {x: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]',
      value: { a: { x: 1 }, b: { x: 2, z: 2 }, c: { x: 1, z: 2 } },
      warn: false,
    },
  ])('should read $yaml as kubectl does', ({ yaml, value, warn }) => {
    for (const r of [parseSnippet(yamlFile(`${yaml}\n`)), parseCareful(yamlFile(`${yaml}\n`))]) {
      expect(r.findings).toEqual([]);
      expect(r.docs[0]?.value).toEqual(value);
      expect(r.warnings.map((w) => [w.code, w.severity, w.line])).toEqual(
        warn ? [['YAML11_AMBIGUOUS', 'warning', 1]] : [],
      );
    }
  });

  it('should say what kubectl does and how to quote it', () => {
    const r = parseSnippet(fence('spec:\n  hostNetwork: yes\n  mode: 0644\n'));
    expect(r.warnings.map((w) => [w.line, w.column])).toEqual([
      [21, 20],
      [22, 13],
    ]);
    expect(r.warnings[0]?.message).toBe(
      'kubectl (YAML 1.1) reads the unquoted yes as the boolean true; YAML 1.2 tools read the string "yes". ' +
        'Write true for a boolean, or "yes" in quotes for a string.',
    );
    expect(r.warnings[1]?.message).toMatch(
      /reads the unquoted 0644 as the number 420; YAML 1.2 tools read the number 644/,
    );
  });

  it('should refuse an escape go-yaml refuses, at its line', () => {
    const r = parseSnippet(yamlFile('a: 1\nb: "x\\/y"\n'));
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['YAML_SYNTAX', 2]]);
    expect(r.findings[0]?.message).toMatch(/refuses the escape/);
  });
});

describe('one reader decides each document', () => {
  // The issue's case: the fast parser accepted `"b"#c`, the careful one did not, and the
  // finding landed in the next document.
  it('should report a syntax error in its own document, at its own line', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', 'data:', '  x: "1"', '  y: "2"'];
    const text = [
      ...lines,
      '  a: "b"#c',
      '  z: "3"',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: b}',
    ];
    const r = parseSnippet(yamlFile(`${text.join('\n')}\n`));
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['YAML_SYNTAX', 8]]);
    expect(r.docs.map((d) => [d.line, (d.value as { metadata: { name: string } }).metadata.name])).toEqual([[11, 'b']]);
  });

  it('should accept an ordinary alias used 300 times', () => {
    const uses = Array.from({ length: 300 }, (_, i) => `  c${i}: *r`).join('\n');
    const r = parseSnippet(yamlFile(`base: &r {cpu: 100m, memory: 128Mi}\nall:\n${uses}\n`));
    expect(r.findings).toEqual([]);
    expect(r.docs[0]?.value).toMatchObject({
      all: {
        c299: {
          cpu: '100m',
          memory: '128Mi',
        },
      },
    });
  });
});

describe('a manifest read as kubectl reads it (test/fixtures/yaml-1-1)', () => {
  it('should accept hostNetwork: yes with a warning and refuse the label NO', async () => {
    const file = 'test/fixtures/yaml-1-1/manifests.yaml';
    const r = await runHarness(harnessOptions([file], { crossref: false }));
    expect(r.findings.map((f) => [f.code, f.severity, f.line, f.path]).sort()).toEqual([
      ['INVALID_TYPE', 'error', 8, 'metadata.labels.country'],
      ['YAML11_AMBIGUOUS', 'warning', 10, ''],
      ['YAML11_AMBIGUOUS', 'warning', 8, ''],
    ]);
  });
});
