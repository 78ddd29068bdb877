import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Highlight } from '../src/prism/highlight';
import { siteCodeTheme } from '../src/prism/themes';
import { escapeHtml, type HtmlToken, linesHtml, styleAttribute } from '../src/theme/CodeBlock/Content/lines-html';

// The markup the theme's CodeBlock/Line renders with React, written here as the reference.
function reactLines(code: string, language: string, lineClassNames: Record<number, string[]> = {}): string {
  return renderToStaticMarkup(
    createElement(Highlight, {
      code,
      language,
      theme: siteCodeTheme,
      children: ({ tokens, getLineProps, getTokenProps }) =>
        tokens.map((raw, i) => {
          const line = raw.length === 1 && raw[0]?.content === '\n' ? [{ ...raw[0], content: '' }] : raw;
          const names = lineClassNames[i];
          const lineProps = getLineProps({ line, className: names?.join(' ') });
          return createElement(
            'div',
            { key: i, ...lineProps },
            ...line.map((token, k) => {
              const p = getTokenProps({ token });
              return createElement('span', { key: k, ...p });
            }),
            createElement('br', { key: 'br' }),
          );
        }),
    }),
  );
}

function stringLines(code: string, language: string, lineClassNames: Record<number, string[]> = {}): string {
  let html = '';
  renderToStaticMarkup(
    createElement(Highlight, {
      code,
      language,
      theme: siteCodeTheme,
      children: ({ tokens, getLineProps, getTokenProps }) => {
        html = linesHtml(
          tokens as HtmlToken[][],
          lineClassNames,
          getLineProps as Parameters<typeof linesHtml>[2],
          getTokenProps as Parameters<typeof linesHtml>[3],
        );
        return null;
      },
    }),
  );
  return html;
}

const samples: [string, string][] = [
  ['yaml', 'apiVersion: v1\nkind: ConfigMap\n\nmetadata:\n  name: "a & <b>"\n  # comment\n  labels: {x: "1"}\n'],
  ['bash', 'kubectl -n ghostwire get pods \\\n  -l app.kubernetes.io/name=ghostwire\n\necho "$HOME" > /tmp/x\n'],
  ['json', '{"a": [1, true, null], "b": "<script>"}'],
  ['text', 'plain <text> & "quotes"\n\n\nend'],
];

describe('code lines as one HTML string', () => {
  it.each(samples)('writes the same markup as the theme’s line components for %s', (language, code) => {
    expect(stringLines(code, language)).toBe(reactLines(code, language));
  });

  it('keeps the classes of highlighted lines', () => {
    const code = 'a: 1\nb: 2\nc: 3';
    const classes = { 1: ['theme-code-block-highlighted-line'] };
    expect(stringLines(code, 'yaml', classes)).toBe(reactLines(code, 'yaml', classes));
    expect(stringLines(code, 'yaml', classes)).toContain('class="token-line theme-code-block-highlighted-line"');
  });

  it('escapes text and attributes, so a reader setting cannot inject markup', () => {
    const hostile = 'host: "<img src=x onerror=alert(1)>" & </code><script>x</script>';
    const html = stringLines(hostile, 'yaml');
    expect(html).not.toMatch(/<img|<script|<\/code>/);
    expect(escapeHtml('a"b<c>&')).toBe('a&quot;b&lt;c&gt;&amp;');
    expect(styleAttribute({ color: 'red" onmouseover="x' } as never)).toBe('color:red" onmouseover="x');
    const tokenWithQuote = linesHtml(
      [[{ types: ['plain'], content: 'x' }]],
      {},
      () => ({ className: 'a" onclick="x' }),
      () => ({ className: 'b', style: { color: 'red" x="y' } as never, children: 'x' }),
    );
    expect(tokenWithQuote).toBe(
      '<div class="a&quot; onclick=&quot;x"><span class="b" style="color:red&quot; x=&quot;y">x</span><br/></div>',
    );
  });
});
