import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Highlight, type HighlightProps, highlight } from '../src/prism/highlight';

type RenderArgs = Parameters<HighlightProps['children']>[0];
import { codeColorsCss, siteCodeTheme } from '../src/prism/themes';
import { escapeHtml, type HtmlToken, linesHtml, styleAttribute } from '../src/theme/CodeBlock/Content/lines-html';

// The markup the theme's CodeBlock/Line renders with React, written here as the reference.
function reactLines(code: string, language: string, lineClassNames: Record<number, string[]> = {}): string {
  const render = ({ tokens, getLineProps, getTokenProps }: RenderArgs) =>
    tokens.map((raw, i) => {
      const line = raw.length === 1 && raw[0]?.content === '\n' ? [{ ...raw[0], content: '' }] : raw;
      const names = lineClassNames[i];
      const lineProps = getLineProps({ line, className: names?.join(' ') });
      return createElement(
        'div',
        { key: i, ...lineProps },
        ...line.map((token, k) => createElement('span', { key: k, ...getTokenProps({ token }) })),
        createElement('br', { key: 'br' }),
      );
    });
  const props: HighlightProps = { code, language, theme: siteCodeTheme, children: render };
  return renderToStaticMarkup(createElement(() => Highlight(props)));
}

function stringLines(code: string, language: string, lineClassNames: Record<number, string[]> = {}): string {
  const { tokens, getLineProps, getTokenProps } = highlight(code, language, siteCodeTheme);
  return linesHtml(
    tokens as HtmlToken[][],
    lineClassNames,
    getLineProps as Parameters<typeof linesHtml>[2],
    getTokenProps as Parameters<typeof linesHtml>[3],
  );
}

// The reference with its style attributes written as the classes codeColorsCss() defines:
// `color: var(--gw-code-<slot>)` is gwc-<slot>, italic is gwc-i, an inline block gwc-ib.
function asClasses(html: string): string {
  return html.replace(/<(div|span) class="([^"]*)"(?: style="([^"]*)")?>/g, (_all, tag: string, names: string, css) => {
    const extra: string[] = [];
    const rest: string[] = [];
    for (const declaration of (css ?? '').split(';').filter(Boolean)) {
      const slot = /^color:var\(--gw-code-([a-z]+)\)$/.exec(declaration);
      if (slot) extra.push(`gwc-${slot[1]}`);
      else if (declaration === 'font-style:italic') extra.push('gwc-i');
      else if (declaration === 'display:inline-block') extra.push('gwc-ib');
      else rest.push(declaration);
    }
    const style = rest.length > 0 ? ` style="${rest.join(';')}"` : '';
    return `<${tag} class="${[names, ...extra].join(' ')}"${style}>`;
  });
}

// The reference with its plain tokens (a span with no colour or style) written as bare text,
// as linesHtml writes them.
const plainAsText = (html: string) => html.replace(/<span class="token plain">([^<]*)<\/span>/g, '$1');

const samples: [string, string][] = [
  ['yaml', 'apiVersion: v1\nkind: ConfigMap\n\nmetadata:\n  name: "a & <b>"\n  # comment\n  labels: {x: "1"}\n'],
  ['bash', 'kubectl -n ghostwire get pods \\\n  -l app.kubernetes.io/name=ghostwire\n\necho "$HOME" > /tmp/x\n'],
  ['json', '{"a": [1, true, null], "b": "<script>"}'],
  ['text', 'plain <text> & "quotes"\n\n\nend'],
];

describe('code lines as one HTML string', () => {
  it.each(samples)('writes the theme’s line markup for %s, with its colours as classes', (language, code) => {
    const reference = reactLines(code, language);
    expect(reference).toContain('style="color:var(--gw-code-');
    expect(stringLines(code, language)).toBe(plainAsText(asClasses(reference)));
    expect(stringLines(code, language)).not.toContain('style=');
  });

  it('writes plain tokens as bare text and no empty element but an empty line’s', () => {
    const reference = asClasses(reactLines(samples[0]?.[1] ?? '', 'yaml'));
    const html = stringLines(samples[0]?.[1] ?? '', 'yaml');
    expect(reference).toContain('<span class="token plain"></span>');
    expect(reference).toContain('<span class="token plain"> v1</span>');
    expect(html).not.toContain('<span class="token plain">');
    expect(html).toContain('</span> v1<br/>');
    // The only empty spans left are the inline blocks that give an empty line its height.
    for (const empty of html.match(/<span[^>]*><\/span>/g) ?? []) expect(empty).toContain('gwc-ib');
    expect(html.split('<span').length).toBeLessThan(reference.split('<span').length * 0.7);
  });

  it('defines every class it writes in the site’s code colours', () => {
    const css = codeColorsCss();
    const used = new Set(samples.flatMap(([language, code]) => stringLines(code, language).match(/gwc-[a-z]+/g) ?? []));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(css, name).toContain(`.${name}{`);
  });

  it('keeps the classes of highlighted lines', () => {
    const code = 'a: 1\nb: 2\nc: 3';
    const classes = { 1: ['theme-code-block-highlighted-line'] };
    expect(stringLines(code, 'yaml', classes)).toBe(plainAsText(asClasses(reactLines(code, 'yaml', classes))));
    expect(stringLines(code, 'yaml', classes)).toContain(
      'class="token-line theme-code-block-highlighted-line gwc-plain"',
    );
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
