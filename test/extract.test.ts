// extract.ts: Markdown/MDX pages → YAML snippets, raw-loader imports and front-matter context.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage, extractYamlFile, parseMeta } from '../scripts/harness/extract.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

/** Builds a page from lines, so line numbers in the tables below are easy to count. */
const page = (...lines: string[]) => lines.join('\n');

describe('fences', () => {
  it.each([
    {
      name: 'a ``` yaml fence',
      text: page('# T', '', '```yaml', 'a: 1', 'b: 2', '```'),
      line: 4,
      indent: 0,
      lang: 'yaml',
      body: 'a: 1\nb: 2',
    },
    { name: 'a ~~~ fence', text: page('~~~yaml', 'a: 1', '~~~'), line: 2, indent: 0, lang: 'yaml', body: 'a: 1' },
    { name: 'a yml fence', text: page('```yml', 'a: 1', '```'), line: 2, indent: 0, lang: 'yml', body: 'a: 1' },
    {
      name: 'an upper-case YAML fence',
      text: page('```YAML', 'a: 1', '```'),
      line: 2,
      indent: 0,
      lang: 'yaml',
      body: 'a: 1',
    },
    {
      name: 'a fence opened with four backticks, closed by five',
      text: page('````yaml', 'a: 1', '`````'),
      line: 2,
      indent: 0,
      lang: 'yaml',
      body: 'a: 1',
    },
    {
      name: 'a longer fence that holds a shorter one',
      text: page('````yaml', 'a: |', '  ```', '  x', '  ```', '````'),
      line: 2,
      indent: 0,
      lang: 'yaml',
      body: 'a: |\n  ```\n  x\n  ```',
    },
    {
      name: 'a fence indented in a numbered list',
      text: page('1. Apply:', '', '   ```yaml', '   a:', '     b: 1', '   ```'),
      line: 4,
      indent: 3,
      lang: 'yaml',
      body: 'a:\n  b: 1',
    },
    {
      name: 'a fence indented in a bullet list',
      text: page('- Apply:', '  ```yaml', '  a: 1', '  ```'),
      line: 3,
      indent: 2,
      lang: 'yaml',
      body: 'a: 1',
    },
    {
      name: 'a fence inside a <TabItem>',
      text: page('<Tabs>', '  <TabItem value="a">', '', '```yaml', 'a: 1', '```', '', '  </TabItem>', '</Tabs>'),
      line: 5,
      indent: 0,
      lang: 'yaml',
      body: 'a: 1',
    },
    {
      name: 'a fence with a blank line in its YAML',
      text: page('```yaml', 'a: 1', '', 'b: 2', '```'),
      line: 2,
      indent: 0,
      lang: 'yaml',
      body: 'a: 1\n\nb: 2',
    },
    {
      name: 'a closing fence followed by spaces',
      text: page('```yaml', 'a: 1', '```   '),
      line: 2,
      indent: 0,
      lang: 'yaml',
      body: 'a: 1',
    },
  ])('should extract $name with the first YAML line as its line', ({ text, line, indent, lang, body }) => {
    const r = extractPage('docs/p.md', text);
    expect(r.findings).toEqual([]);
    expect(r.snippets).toEqual([{ file: 'docs/p.md', line, indent, lang, meta: {}, text: body, origin: 'fence' }]);
  });

  it.each([
    { name: 'json', text: page('```json', '{"a": 1}', '```') },
    { name: 'bash', text: page('```bash', 'kubectl apply -f x.yaml', '```') },
    { name: 'a fence with no language', text: page('```', 'apiVersion: v1', 'kind: Pod', '```') },
    {
      name: 'yaml-ish languages that are not yaml',
      text: page('```yaml-template', 'a: 1', '```', '```helm', 'a: 1', '```'),
    },
    { name: 'a yaml fence shown inside a longer md fence', text: page('````md', '```yaml', 'a: 1', '```', '````') },
    { name: 'a yaml fence shown inside a ~~~ fence', text: page('~~~markdown', '```yaml', 'a: 1', '```', '~~~') },
  ])('should ignore $name', ({ text }) => {
    const r = extractPage('docs/p.md', text);
    expect(r.snippets).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('should not close a ``` fence with ~~~, nor a ~~~ fence with ```', () => {
    const r = extractPage('docs/p.md', page('```yaml', 'a: 1', '~~~', '```', '~~~yaml', 'b: 1', '```', '~~~'));
    expect(r.snippets.map((s) => [s.line, s.text])).toEqual([
      [2, 'a: 1\n~~~'],
      [6, 'b: 1\n```'],
    ]);
  });

  it('should strip only the fence indentation and keep deeper YAML indentation', () => {
    const r = extractPage('docs/p.md', page('  ```yaml', '  a:', '    - b', '      c: 1', '', '  ```'));
    expect(r.snippets[0]?.text).toBe('a:\n  - b\n    c: 1\n');
    expect(r.snippets[0]?.indent).toBe(2);
  });

  it('should find every fence of a realistic MDX page with its own line (test/fixtures/extract-fences)', () => {
    const file = 'test/fixtures/extract-fences/page.mdx';
    const r = extractPage(file, readFileSync(path.join(repoRoot, file), 'utf8'));
    expect(r.findings).toEqual([]);
    expect(r.context).toEqual({ release: 'signal', namespace: 'messaging' });
    expect(
      r.snippets.map((s) => ({
        line: s.line,
        indent: s.indent,
        lang: s.lang,
        meta: s.meta,
        first: s.text.split('\n')[0],
      })),
    ).toEqual([
      { line: 13, indent: 3, lang: 'yaml', meta: {}, first: 'apiVersion: v1' },
      { line: 25, indent: 0, lang: 'yml', meta: { title: 'values.yaml' }, first: 'ingress:' },
      { line: 33, indent: 0, lang: 'yaml', meta: { values: 'true' }, first: 'ingress:' },
      {
        line: 46,
        indent: 0,
        lang: 'yaml',
        meta: { validate: 'false', reason: 'kind cluster config, not a Kubernetes object' },
        first: 'kind: Cluster',
      },
    ]);
    expect(r.snippets[0]?.text).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: messaging');
  });

  // CommonMark lets a closing fence be indented by at most three spaces, but MDX (the site's
  // format) has no indented code, so an indented ``` line inside a block scalar closes the
  // fence there: the site shows the YAML cut off. The harness validates what the site shows
  // and warns at the line where the fence ends.
  it('should end a fence where MDX ends it, at a ``` line indented four spaces, and warn there', () => {
    const text = page(
      '```yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: readme',
      'data:',
      '  README.md: |',
      '    ```',
      '    make',
      '    ```',
      '  other: x',
      '```',
    );
    const r = extractPage('docs/p.md', text);
    expect(r.snippets.map((s) => s.text.split('\n').length)).toEqual([6]);
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([['FENCE_CLOSED_EARLY', 'warning', 8]]);
    expect(r.findings[0]?.message).toMatch(/opened at line 1 .* Open the fence with more ` characters/);
  });

  it('should not warn when the YAML holding ``` is fenced with more backticks', () => {
    const r = extractPage('docs/p.md', page('````yaml', 'a: |', '    ```', '    make', '    ```', 'b: x', '````'));
    expect(r.findings).toEqual([]);
    expect(r.snippets[0]?.text).toBe('a: |\n    ```\n    make\n    ```\nb: x');
  });
});

describe('fence meta', () => {
  it.each([
    { meta: '', want: {} },
    { meta: 'title="values.yaml"', want: { title: 'values.yaml' } },
    { meta: "title='examples/x/my values.yaml'", want: { title: 'examples/x/my values.yaml' } },
    { meta: 'values', want: { values: 'true' } },
    { meta: 'values id=tls-custom', want: { values: 'true', id: 'tls-custom' } },
    { meta: 'uses=tls-custom showLineNumbers', want: { uses: 'tls-custom', showLineNumbers: 'true' } },
    {
      meta: 'validate=false reason="GitHub Actions workflow"',
      want: { validate: 'false', reason: 'GitHub Actions workflow' },
    },
    {
      meta: 'ignore=ROUTE_PORT_MISMATCH reason="port-forward, a=b"',
      want: { ignore: 'ROUTE_PORT_MISMATCH', reason: 'port-forward, a=b' },
    },
    { meta: 'reason=""', want: { reason: '' } },
    { meta: 'title="a"   values   x.y-z=1', want: { title: 'a', values: 'true', 'x.y-z': '1' } },
  ])('should parse $meta', ({ meta, want }) => {
    expect(parseMeta(meta)).toEqual(want);
  });

  it('should carry the fence meta on the snippet', () => {
    const r = extractPage('docs/p.md', page('```yaml title="values.yaml" id=tls', 'a: 1', '```'));
    expect(r.snippets[0]?.meta).toEqual({ title: 'values.yaml', id: 'tls' });
  });
});

describe('harness directive above a fence', () => {
  it.each([
    {
      name: 'an MDX comment',
      directive: '{/* harness: validate=false reason="kind config" */}',
      want: { validate: 'false', reason: 'kind config' },
    },
    { name: 'an HTML comment', directive: '<!-- harness: values -->', want: { values: 'true' } },
    {
      name: 'an indented MDX comment',
      directive: "  {/*harness:   validate=false reason='CI workflow'*/}",
      want: { validate: 'false', reason: 'CI workflow' },
    },
  ])('should apply $name directly above the fence', ({ directive, want }) => {
    const r = extractPage('docs/p.mdx', page('Text.', '', directive, '```yaml', 'a: 1', '```'));
    expect(r.snippets[0]?.meta).toEqual(want);
    expect(r.snippets[0]?.line).toBe(5);
  });

  it('should still apply when only blank lines separate it from the fence', () => {
    const r = extractPage('docs/p.mdx', page('{/* harness: values */}', '', '', '```yaml', 'a: 1', '```'));
    expect(r.snippets[0]?.meta).toEqual({ values: 'true' });
  });

  it('should not apply when a non-blank line separates it from the fence', () => {
    const r = extractPage(
      'docs/p.mdx',
      page('{/* harness: validate=false reason="x" */}', 'Some prose.', '```yaml', 'a: 1', '```'),
    );
    expect(r.snippets[0]?.meta).toEqual({});
  });

  it('should merge with the fence meta, the directive winning', () => {
    const r = extractPage(
      'docs/p.mdx',
      page(
        '<!-- harness: validate=false reason="from the directive" -->',
        '```yaml title="x.yaml" reason="from the fence"',
        'a: 1',
        '```',
      ),
    );
    expect(r.snippets[0]?.meta).toEqual({ title: 'x.yaml', validate: 'false', reason: 'from the directive' });
  });

  it('should be used up by the next fence even when that fence is not YAML', () => {
    const r = extractPage(
      'docs/p.mdx',
      page('{/* harness: validate=false reason="x" */}', '```bash', 'echo', '```', '```yaml', 'a: 1', '```'),
    );
    expect(r.snippets).toHaveLength(1);
    expect(r.snippets[0]?.meta).toEqual({});
  });

  it('should not apply to the fence after the one it stands above', () => {
    const r = extractPage(
      'docs/p.mdx',
      page('{/* harness: values */}', '```yaml', 'a: 1', '```', '```yaml', 'b: 1', '```'),
    );
    expect(r.snippets.map((s) => s.meta)).toEqual([{ values: 'true' }, {}]);
  });
});

describe('front matter', () => {
  it('should return the ghostwire context and keep absolute line numbers', () => {
    const r = extractPage(
      'docs/p.md',
      page(
        '---',
        'title: X',
        'ghostwire:',
        '  release: signal',
        '  namespace: messaging',
        '---',
        '',
        '```yaml',
        'a: 1',
        '```',
      ),
    );
    expect(r.context).toEqual({ release: 'signal', namespace: 'messaging' });
    expect(r.snippets.map((s) => s.line)).toEqual([9]);
    expect(r.findings).toEqual([]);
  });

  it('should give no context when the front matter has no ghostwire key, or there is none', () => {
    expect(extractPage('docs/p.md', page('---', 'title: X', '---', 'text')).context).toBeUndefined();
    expect(extractPage('docs/p.md', page('# X', '---', 'ghostwire: {release: x}', '---')).context).toBeUndefined();
  });

  it('should not extract YAML-looking front matter as a snippet', () => {
    const r = extractPage('docs/p.md', page('---', 'apiVersion: v1', 'kind: Pod', '---', 'text'));
    expect(r.snippets).toEqual([]);
  });

  it('should report invalid front matter YAML at its line in the file', () => {
    const r = extractPage('docs/p.md', page('---', 'title: ok', 'tags: [a, b', '---', '```yaml', 'a: 1', '```'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      code: 'FRONT_MATTER_SYNTAX',
      severity: 'error',
      file: 'docs/p.md',
      path: '',
    });
    expect(r.findings[0]?.line).toBeGreaterThanOrEqual(3);
    expect(r.findings[0]?.message).toMatch(/^Front matter is not valid YAML: /);
    expect(r.snippets.map((s) => s.line)).toEqual([6]);
  });

  it('should report front matter that is never closed', () => {
    const r = extractPage('docs/p.md', page('---', 'title: x', '', '```yaml', 'a: 1', '```'));
    expect(r.findings).toEqual([
      {
        code: 'UNTERMINATED_FRONT_MATTER',
        severity: 'error',
        file: 'docs/p.md',
        line: 1,
        path: '',
        message: expect.stringMatching(/never closed; add a closing ---/),
      },
    ]);
  });
});

describe('raw-loader imports', () => {
  it.each([
    {
      line: "import ingress from '!!raw-loader!@site/examples/oauth2/ingress.yaml';",
      specifier: '@site/examples/oauth2/ingress.yaml',
    },
    { line: 'import values from "!!raw-loader!./_partials/values.yaml"', specifier: './_partials/values.yaml' },
    { line: "  import x from '!!raw-loader!../examples/a/b.yml';", specifier: '../examples/a/b.yml' },
  ])('should record $specifier', ({ line, specifier }) => {
    const r = extractPage(
      'docs/p.mdx',
      page(
        '---',
        'title: x',
        '---',
        "import CodeBlock from '@theme/CodeBlock';",
        line,
        '',
        '<CodeBlock>{x}</CodeBlock>',
      ),
    );
    expect(r.imports).toEqual([{ specifier, line: 5 }]);
  });

  it('should ignore ordinary imports and imports shown inside a fence', () => {
    const r = extractPage(
      'docs/p.mdx',
      page("import Tabs from '@theme/Tabs';", '```mdx', "import x from '!!raw-loader!@site/examples/a.yaml';", '```'),
    );
    expect(r.imports).toEqual([]);
  });

  it('should validate an imported example once, findings on its own lines (fixtures/raw-import)', async () => {
    const dir = 'test/fixtures/raw-import';
    const r = await runHarness(harnessOptions([`${dir}/page.mdx`, `${dir}/example`], { crossref: false }));
    expect(r.files.sort()).toEqual([`${dir}/example/deployment.yaml`, `${dir}/page.mdx`]);
    expect(r.outcomes.map((o) => o.snippet.file)).toEqual([`${dir}/example/deployment.yaml`]);
    expect(r.findings.map((f) => [f.code, f.file, f.line, f.column, f.path])).toEqual([
      ['UNKNOWN_FIELD', `${dir}/example/deployment.yaml`, 7, 3, 'spec.replica'],
    ]);
    expect(r.findings[0]?.message).toContain('did you mean "replicas"?');
  });
});

describe('unterminated fences', () => {
  it('should report a YAML fence that is never closed at its opening line and column', () => {
    const r = extractPage('docs/p.md', page('Intro', '', '  ```yaml', '  a: 1', '  b: 2'));
    expect(r.snippets).toEqual([]);
    expect(r.findings).toEqual([
      {
        code: 'UNTERMINATED_FENCE',
        severity: 'error',
        file: 'docs/p.md',
        line: 3,
        column: 3,
        path: '',
        message: 'The yaml fence opened here is never closed; add a closing ``` line.',
      },
    ]);
  });

  it('should name the marker that closes it', () => {
    const r = extractPage('docs/p.md', page('~~~~yml', 'a: 1', '~~~'));
    expect(r.findings[0]?.message).toBe('The yml fence opened here is never closed; add a closing ~~~~ line.');
  });

  it('should keep the fences before it and report nothing for an unclosed non-YAML fence', () => {
    const r = extractPage('docs/p.md', page('```yaml', 'a: 1', '```', '```bash', 'echo', '```yaml', 'b: 1'));
    expect(r.snippets.map((s) => s.text)).toEqual(['a: 1']);
    expect(r.findings).toEqual([]);
  });
});

describe('line endings and YAML files', () => {
  it('should extract the same snippets from CRLF input, without carriage returns', () => {
    const lf = page(
      '---',
      'ghostwire:',
      '  release: r',
      '---',
      '',
      '1. Step',
      '',
      '   ```yaml title="values.yaml"',
      '   a:',
      '     b: 1',
      '   ```',
      '',
      '{/* harness: validate=false reason="x" */}',
      '```yml',
      'c: 2',
      '```',
    );
    const crlf = extractPage('docs/p.md', lf.replace(/\n/g, '\r\n'));
    expect(crlf).toEqual(extractPage('docs/p.md', lf));
    expect(crlf.snippets.map((s) => [s.line, s.text])).toEqual([
      [9, 'a:\n  b: 1'],
      [15, 'c: 2'],
    ]);
    expect(crlf.context).toEqual({ release: 'r' });
  });

  it('should take a whole YAML file as one snippet at line 1', () => {
    expect(extractYamlFile('examples/a/x.yaml', 'a: 1\n---\nb: 2\n')).toEqual({
      file: 'examples/a/x.yaml',
      line: 1,
      indent: 0,
      lang: 'yaml',
      meta: {},
      text: 'a: 1\n---\nb: 2\n',
      origin: 'file',
    });
  });
});

describe('what the site parser decides', () => {
  it('should return shell fences as commands, with the first line inside the fence', () => {
    const r = extractPage(
      'docs/p.mdx',
      page(
        '```bash',
        'kubectl get pods -l app=x',
        '```',
        '',
        '> ```console',
        '> $ helm list',
        '> ```',
        '```text',
        'x',
        '```',
      ),
    );
    expect(r.commands).toEqual([
      { file: 'docs/p.mdx', line: 2, lang: 'bash', text: 'kubectl get pods -l app=x' },
      { file: 'docs/p.mdx', line: 6, lang: 'console', text: '$ helm list' },
    ]);
  });

  it('should report MDX the site cannot compile at its line, and still check the fences', () => {
    const r = extractPage('docs/p.mdx', page('# T', '', 'A {broken expression', '', '```yaml', 'a: 1', '```'));
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([['MDX_SYNTAX', 'error', 3]]);
    expect(r.findings[0]?.message).toMatch(/^The site cannot compile this page: .*Fix the MDX here\.$/);
    expect(r.snippets.map((s) => s.line)).toEqual([6]);
  });

  it('should read a page with front matter mdx.format: md as CommonMark (HTML comments, no JSX)', () => {
    const text = page(
      '---',
      'mdx:',
      '  format: md',
      '---',
      'A {brace}',
      '',
      '<!-- harness: values -->',
      '```yaml',
      'a: 1',
      '```',
    );
    const r = extractPage('docs/p.md', text);
    expect(r.findings).toEqual([]);
    expect(r.snippets.map((s) => [s.line, s.meta])).toEqual([[9, { values: 'true' }]]);
  });

  it('should keep line numbers through a ```mdx-code-block the site unwraps', () => {
    const text = page(
      '````mdx-code-block',
      '<div>',
      '',
      '```yaml',
      'a: 1',
      '```',
      '',
      '</div>',
      '````',
      '```yaml',
      'b: 2',
      '```',
    );
    const r = extractPage('docs/p.mdx', text);
    expect(r.snippets.map((s) => [s.line, s.text])).toEqual([
      [5, 'a: 1'],
      [11, 'b: 2'],
    ]);
  });

  it('should give blockquote lines their own columns, so findings point at the right character', () => {
    const r = extractPage('docs/p.md', page('> ```yaml', '> a: 1', '>b: 2', '> ```'));
    expect(r.snippets[0]).toMatchObject({ line: 2, indent: 2, offsets: [2, 1], text: 'a: 1\nb: 2' });
  });

  it('should find a fence after an unclosed fence in a list item, and report only unclosed YAML', () => {
    const r = extractPage('docs/p.md', page('- ```yaml', '  a: 1', '- next', '', '```yaml', 'b: 1', '```'));
    expect(r.snippets.map((s) => [s.line, s.text])).toEqual([[6, 'b: 1']]);
    expect(r.findings.map((f) => [f.code, f.line, f.column])).toEqual([['UNTERMINATED_FENCE', 1, 3]]);
  });
});

describe('the extraction cache', () => {
  it('should return what extractPage returns, from disk the second time, keyed by the text', async () => {
    const { mkdtempSync, readdirSync: list, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const { extractPageCached } = await import('../scripts/harness/extract-cache.ts');
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'extract-cache-'));
    try {
      const text = page('> ```yaml', '> a: yes', '> ```');
      const first = extractPageCached('docs/p.md', text, cwd);
      expect(first).toEqual(extractPage('docs/p.md', text));
      const dir = path.join(cwd, 'node_modules', '.cache', 'ghostwire', 'extract');
      expect(list(dir)).toHaveLength(1);
      expect(extractPageCached('docs/p.md', text, cwd)).toEqual(first);
      extractPageCached('docs/p.md', `${text}\n`, cwd);
      expect(list(dir)).toHaveLength(2);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
