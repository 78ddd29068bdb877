// classify.ts: a snippet → Kubernetes documents, chart values, or other (with the reason).
import { describe, expect, it } from 'vitest';
import { classify } from '../scripts/harness/classify.ts';
import { extractYamlFile } from '../scripts/harness/extract.ts';
import type { Snippet } from '../scripts/harness/types.ts';

const fence = (text: string, meta: Record<string, string> = {}, over: Partial<Snippet> = {}): Snippet => ({
  file: 'docs/p.md',
  line: 10,
  indent: 2,
  lang: 'yaml',
  meta,
  text,
  origin: 'fence',
  ...over,
});
const yamlFile = extractYamlFile;

const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: demo\nspec:\n  ports: [{port: 80}]';
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata: {}';

describe('Kubernetes manifests', () => {
  it('should turn every document with apiVersion and kind into a KubeDocument', () => {
    const c = classify(fence(`${SERVICE}\n---\n${CONFIGMAP}\n`));
    expect(c.kind).toBe('manifests');
    expect(c.findings).toEqual([]);
    expect(c.skipReason).toBeUndefined();
    expect(
      c.documents.map((d) => ({
        file: d.file,
        line: d.line,
        apiVersion: d.apiVersion,
        kind: d.kind,
        name: d.name,
        namespace: d.namespace,
      })),
    ).toEqual([
      { file: 'docs/p.md', line: 10, apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'demo' },
      { file: 'docs/p.md', line: 18, apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: undefined },
    ]);
    expect(c.documents[1]?.locate(['data'])).toEqual({ line: 22, column: 3 });
  });

  it('should keep a manifest with a file name that merely contains "values"', () => {
    const c = classify(yamlFile('examples/a/values-secret.yaml', CONFIGMAP));
    expect(c.kind).toBe('manifests');
  });
});

describe('chart values', () => {
  it.each([
    { what: 'meta `values`', snippet: fence('ingress:\n  enabled: true', { values: 'true' }) },
    { what: 'title="values.yaml"', snippet: fence('ingress:\n  enabled: true', { title: 'values.yaml' }) },
    {
      what: 'title="examples/x/my-values.yaml"',
      snippet: fence('ingress:\n  enabled: true', { title: 'examples/x/my-values.yaml' }),
    },
    { what: 'title="Values.yml"', snippet: fence('ingress:\n  enabled: true', { title: 'Values.yml' }) },
    { what: 'a file named values.yaml', snippet: yamlFile('examples/a/values.yaml', 'ingress:\n  enabled: true\n') },
    {
      what: 'a file named prod-values.yml',
      snippet: yamlFile('examples/a/prod-values.yml', 'ingress:\n  enabled: true\n'),
    },
    {
      what: 'values meta on YAML that has apiVersion and kind',
      snippet: fence('apiVersion: v1\nkind: x', { values: 'true' }),
    },
  ])('should classify $what as values', ({ snippet }) => {
    const c = classify(snippet);
    expect(c.kind).toBe('values');
    expect(c.findings).toEqual([]);
    expect(c.documents).toEqual([]);
    expect(c.values?.value).toBeTypeOf('object');
    expect(c.values?.line).toBe(snippet.line);
  });

  it('should not treat a fence titled like a manifest as values', () => {
    expect(classify(fence('ingress: {}', { title: 'values.yaml.example' })).findings.map((f) => f.code)).toEqual([
      'UNCLASSIFIED_SNIPPET',
    ]);
  });

  it('should locate paths inside a values snippet', () => {
    const c = classify(fence('ingress:\n  hosts:\n    - a.example.com', { values: 'true' }));
    expect(c.values?.locate(['ingress', 'hosts', 0])).toEqual({ line: 12, column: 9 });
  });

  it('should report a values snippet with two documents at the second one (VALUES_MULTI_DOCUMENT)', () => {
    const c = classify(fence('a: 1\n---\nb: 2', { values: 'true' }));
    expect(c.kind).toBe('values');
    expect(c.values).toBeUndefined();
    expect(c.findings).toEqual([
      {
        code: 'VALUES_MULTI_DOCUMENT',
        severity: 'error',
        file: 'docs/p.md',
        line: 12,
        column: 3,
        path: '',
        message: expect.stringMatching(/single YAML document; split it/),
      },
    ]);
  });

  it.each([
    { what: 'a list', text: '- a\n- b' },
    { what: 'a scalar', text: 'just text' },
  ])('should report values that are $what (VALUES_NOT_A_MAP)', ({ text }) => {
    const c = classify(fence(`# chart values\n${text}`, { title: 'values.yaml' }));
    expect(c.kind).toBe('values');
    expect(c.findings).toEqual([
      {
        code: 'VALUES_NOT_A_MAP',
        severity: 'error',
        file: 'docs/p.md',
        line: 11,
        column: 3,
        path: '',
        message: expect.stringMatching(/YAML mapping \(key: value\) at the top level/),
      },
    ]);
  });

  it('should keep a values snippet with a syntax error as values, with the syntax finding', () => {
    const c = classify(fence('a: 1\na: 2', { values: 'true' }));
    expect(c.kind).toBe('values');
    expect(c.findings.map((f) => [f.code, f.line])).toEqual([['DUPLICATE_KEY', 11]]);
  });
});

describe('skipped snippets', () => {
  it('should skip validate=false with a reason, without parsing the YAML', () => {
    const c = classify(
      fence('on: [push]\njobs: {a: [unclosed', { validate: 'false', reason: 'GitHub Actions workflow' }),
    );
    expect(c).toMatchObject({ kind: 'other', skipReason: 'GitHub Actions workflow', findings: [], documents: [] });
  });

  it.each([
    { what: 'no reason', meta: { validate: 'false' } },
    { what: 'an empty reason', meta: { validate: 'false', reason: '' } },
    { what: 'a blank reason', meta: { validate: 'false', reason: '   ' } },
  ] as { what: string; meta: Record<string, string> }[])(
    'should report a skip with $what (SKIP_WITHOUT_REASON)',
    ({ meta }) => {
      const c = classify(fence('kind: Cluster', meta));
      expect(c.kind).toBe('other');
      expect(c.skipReason).toBeUndefined();
      expect(c.findings).toEqual([
        {
          code: 'SKIP_WITHOUT_REASON',
          severity: 'error',
          file: 'docs/p.md',
          line: 10,
          column: 3,
          path: '',
          message: expect.stringMatching(/validate=false but gives no reason; add reason="…"/),
        },
      ]);
    },
  );

  it('should validate a fence with validate=true like any other', () => {
    expect(classify(fence(CONFIGMAP, { validate: 'true' })).kind).toBe('manifests');
  });
});

describe('snippets that are neither', () => {
  it.each([
    { what: 'a plain mapping', text: 'kind: Cluster\nnodes: []', line: 10 },
    { what: 'a mapping with apiVersion but no kind', text: 'apiVersion: v1\nmetadata: {}', line: 10 },
    { what: 'a mapping with a non-string kind', text: 'apiVersion: v1\nkind: 3', line: 10 },
    { what: 'a list', text: '# steps\n- a\n- b', line: 11 },
    { what: 'a scalar', text: 'hello', line: 10 },
  ])('should report $what as UNCLASSIFIED_SNIPPET', ({ text, line }) => {
    const c = classify(fence(text));
    expect(c.kind).toBe('other');
    expect(c.documents).toEqual([]);
    expect(c.findings).toEqual([
      {
        code: 'UNCLASSIFIED_SNIPPET',
        severity: 'error',
        file: 'docs/p.md',
        line,
        column: 3,
        path: '',
        message: expect.stringMatching(
          /^This YAML fence has no apiVersion and kind.*not marked as chart values.*validate=false reason="…"/,
        ),
      },
    ]);
  });

  it('should name a YAML file as a file in the message', () => {
    const c = classify(yamlFile('examples/a/kind.yaml', 'kind: Cluster\n'));
    expect(c.findings[0]?.message).toMatch(/^This YAML file has no apiVersion and kind/);
  });

  it('should report the stray document of a mixed snippet (NOT_A_KUBERNETES_OBJECT) and keep the objects', () => {
    const c = classify(fence(`${SERVICE}\n---\n# a note\nfoo: bar\n---\n${CONFIGMAP}`));
    expect(c.kind).toBe('manifests');
    expect(c.documents.map((d) => d.kind)).toEqual(['Service', 'ConfigMap']);
    expect(c.findings).toEqual([
      {
        code: 'NOT_A_KUBERNETES_OBJECT',
        severity: 'error',
        file: 'docs/p.md',
        line: 19,
        column: 3,
        path: '',
        message: expect.stringMatching(/^This document has no apiVersion and kind/),
      },
    ]);
  });

  it('should report a stray first document the same way', () => {
    const c = classify(fence(`foo: bar\n---\n${CONFIGMAP}`));
    expect(c.findings.map((f) => [f.code, f.line])).toEqual([['NOT_A_KUBERNETES_OBJECT', 10]]);
  });

  it('should report every document of a multi-document snippet with no object as UNCLASSIFIED_SNIPPET', () => {
    const c = classify(fence('a: 1\n---\nb: 2'));
    expect(c.kind).toBe('other');
    expect(c.findings.map((f) => [f.code, f.line])).toEqual([
      ['UNCLASSIFIED_SNIPPET', 10],
      ['UNCLASSIFIED_SNIPPET', 12],
    ]);
  });
});

describe('empty snippets', () => {
  it.each([
    {
      what: 'an empty fence',
      text: '',
      message: /^This YAML fence is empty; remove it, fill it in, or mark it validate=false/,
    },
    { what: 'a fence of blank lines', text: '\n\n', message: /^This YAML fence is empty/ },
    {
      what: 'a comments-only fence',
      text: '# TODO: add the Ingress\n# here',
      message: /^This YAML fence holds only comments/,
    },
    { what: 'a fence of empty documents', text: '---\n---\n', message: /^This YAML fence holds only comments/ },
  ])('should report $what as EMPTY_SNIPPET', ({ text, message }) => {
    const c = classify(fence(text));
    expect(c.kind).toBe('other');
    expect(c.findings).toEqual([
      {
        code: 'EMPTY_SNIPPET',
        severity: 'error',
        file: 'docs/p.md',
        line: 10,
        column: 3,
        path: '',
        message: expect.stringMatching(message),
      },
    ]);
  });

  it('should report an empty values fence and an empty YAML file too', () => {
    expect(classify(fence('# nothing yet', { values: 'true' })).findings.map((f) => f.code)).toEqual(['EMPTY_SNIPPET']);
    expect(classify(yamlFile('examples/a/x.yaml', '')).findings[0]?.message).toMatch(/^This YAML file is empty/);
  });
});

describe('syntax errors', () => {
  it('should pass parse findings through as manifests findings', () => {
    const c = classify(fence('apiVersion: v1\nkind: ConfigMap\nkind: Secret'));
    expect(c.kind).toBe('manifests');
    expect(c.documents).toEqual([]);
    expect(c.findings.map((f) => [f.code, f.file, f.line, f.column])).toEqual([['DUPLICATE_KEY', 'docs/p.md', 12, 3]]);
  });
});
