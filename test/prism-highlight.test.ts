// src/prism/highlight.ts stands in for prism-react-renderer in the site bundles. Given the
// same grammars and theme, it must render every code block of the guides exactly as the
// package does (the theme's CodeBlock markup, token classes and styles).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Highlight as PackageHighlight, Prism as PackagePrism } from 'prism-react-renderer';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { shellGrammar } from '../src/prism/bash.ts';
import { Highlight, Prism, toLines } from '../src/prism/highlight.ts';
import { lightCodeTheme, siteCodeTheme } from '../src/prism/themes.ts';

// The package's Prism gets the same shell grammar the site registers on ours.
for (const name of ['bash', 'sh', 'shell', 'console']) PackagePrism.languages[name] = shellGrammar;

type Render = Parameters<typeof Highlight>[0]['children'];
const block: Render = ({ className, style, tokens, getLineProps, getTokenProps }) =>
  createElement(
    'pre',
    { className, style },
    tokens.map((line, i) =>
      createElement(
        'div',
        { key: i, ...getLineProps({ line }) },
        line.map((token, j) => createElement('span', { key: j, ...getTokenProps({ token }) })),
      ),
    ),
  );

const ours = (code: string, language: string, theme = siteCodeTheme) =>
  renderToStaticMarkup(createElement(Highlight, { code, language, theme } as never, block as never));
const theirs = (code: string, language: string, theme = siteCodeTheme) =>
  renderToStaticMarkup(
    createElement(
      PackageHighlight,
      {
        code,
        language,
        theme,
        prism: PackagePrism,
      } as never,
      block as never,
    ),
  );

/** The files under `dir` whose names match (Node 20 has no fs.globSync). */
const filesUnder = (dir: string, name: RegExp) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => name.test(f))
    .map((f) => path.join(dir, f));

/** Every fenced block of the guides with its language. */
function fences(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const file of [...filesUnder('docs', /\.mdx?$/), 'chart/README.md']) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^```(yaml|json|bash|sh|shell)[^\n]*\n([\s\S]*?)^```$/gm))
      out.push([`${file} ${m[1]}`, m[1] as string, m[2] as string]);
  }
  for (const file of filesUnder('examples', /\.yaml$/)) out.push([file, 'yaml', readFileSync(file, 'utf8')]);
  return out;
}

describe('the site highlighter', () => {
  const cases = fences();

  it('has blocks of every language the guides use to compare', () => {
    const languages = new Set(cases.map((c) => c[1]));
    for (const l of ['yaml', 'bash']) expect(languages).toContain(l);
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases)('renders %s as prism-react-renderer does', (_name, language, code) => {
    expect(ours(code, language)).toBe(theirs(code, language));
  });

  it.each([
    ['empty lines and a trailing newline', 'a: 1\n\n  b: "x"\n', 'yaml'],
    ['an unknown language as plain text', 'just text\nmore', 'brainfuck'],
    ['a language name in capitals', '{"a": [1, true, null]}', 'JSON'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n', 'yaml'],
    ['a resolved colour theme', 'key: value # note', 'yaml'],
  ])('renders %s as the package does', (_what, code, language) => {
    const theme = _what === 'a resolved colour theme' ? lightCodeTheme : siteCodeTheme;
    expect(ours(code, language, theme)).toBe(theirs(code, language, theme));
  });

  // That Prism leaves the page's markup alone in a browser (manual mode) is checked by the
  // browser test that counts replaced code nodes after hydration (test/site.test.ts).
  it('loads only the grammars the guides need', () => {
    expect(Object.keys(Prism.languages)).toEqual(
      expect.arrayContaining(['yaml', 'json', 'bash', 'sh', 'shell', 'console']),
    );
    expect(Prism.languages['javascript']).toBeUndefined();
  });

  it('keeps nested token types in order without repeating an alias', () => {
    const lines = toLines(Prism.tokenize('x: "$(date)"', Prism.languages['yaml'] as Prism.Grammar));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.map((t) => t.types)).toContainEqual(['key', 'atrule']);
  });
});
