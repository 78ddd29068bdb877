// Code colours for both site themes, every token at least 4.5:1 against its background
// (WCAG AA; test/site-contrast.test.ts measures each one). Prism's YAML grammar marks keys
// as `atrule`, so both themes colour it: the stock github and dracula themes did not
// (2.68:1 keys in light mode, no YAML colours at all in dark mode).
import type { PrismTheme } from 'prism-react-renderer';

interface Palette {
  background: string;
  plain: string;
  comment: string;
  keyword: string;
  key: string;
  string: string;
  number: string;
  fn: string;
  punctuation: string;
  variable: string;
  tag: string;
  deleted: string;
  inserted: string;
}

function theme(p: Palette): PrismTheme {
  return {
    plain: { color: p.plain, backgroundColor: p.background },
    styles: [
      { types: ['comment', 'prolog', 'doctype', 'cdata'], style: { color: p.comment, fontStyle: 'italic' } },
      { types: ['punctuation', 'operator'], style: { color: p.punctuation } },
      { types: ['atrule', 'property', 'attr-name', 'key'], style: { color: p.key } },
      { types: ['keyword', 'selector', 'important', 'directive', 'builtin'], style: { color: p.keyword } },
      { types: ['string', 'char', 'attr-value', 'regex', 'url', 'scalar'], style: { color: p.string } },
      { types: ['number', 'boolean', 'null', 'constant', 'datetime', 'symbol'], style: { color: p.number } },
      { types: ['function', 'class-name'], style: { color: p.fn } },
      { types: ['variable', 'parameter', 'entity', 'anchor', 'alias'], style: { color: p.variable } },
      { types: ['tag', 'namespace'], style: { color: p.tag } },
      { types: ['deleted'], style: { color: p.deleted } },
      { types: ['inserted'], style: { color: p.inserted } },
    ],
  };
}

export const lightPalette: Palette = {
  background: '#f6f8fa',
  plain: '#1f2328',
  comment: '#57606a',
  keyword: '#b31d28',
  key: '#0550ae',
  string: '#0a3069',
  number: '#6639ba',
  fn: '#6f42c1',
  punctuation: '#424a53',
  variable: '#8a4600',
  tag: '#116329',
  deleted: '#82071e',
  inserted: '#116329',
};

export const darkPalette: Palette = {
  background: '#161b22',
  plain: '#e6edf3',
  comment: '#9198a1',
  keyword: '#ff7b72',
  key: '#7ee787',
  string: '#a5d6ff',
  number: '#79c0ff',
  fn: '#d2a8ff',
  punctuation: '#c9d1d9',
  variable: '#ffa657',
  tag: '#7ee787',
  deleted: '#ffa198',
  inserted: '#7ee787',
};

export const lightCodeTheme = theme(lightPalette);
export const darkCodeTheme = theme(darkPalette);
