// Code colours for both site themes, every token at least 4.5:1 against its background
// (WCAG AA; test/site-contrast.test.ts measures each one). Prism's YAML grammar marks keys
// as `atrule`, so both themes colour it: the stock github and dracula themes did not
// (2.68:1 keys in light mode, no YAML colours at all in dark mode).
//
// The site uses one theme for both modes whose colours are CSS variables (codeColorsCss()
// defines them per mode). Token styles are then the same in the server's HTML and in the
// browser whatever the reader's mode, so code blocks hydrate as they are instead of being
// rendered a second time after hydration (see src/theme/CodeBlock).
import type { PrismTheme } from 'prism-react-renderer';

export interface Palette {
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

export function theme(p: Palette): PrismTheme {
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

const SLOTS = Object.keys(lightPalette) as (keyof Palette)[];
const cssName = (slot: keyof Palette) => `--gw-code-${slot}`;

/** The theme the site gives Prism in both modes: every colour is its mode's CSS variable. */
export const siteCodeTheme: PrismTheme = theme(
  Object.fromEntries(SLOTS.map((slot) => [slot, `var(${cssName(slot)})`])) as unknown as Palette,
);

/**
 * Class names that stand for siteCodeTheme's token styles in the pages' HTML (see
 * src/theme/CodeBlock/Content/lines-html.ts): `gwc-<slot>` for a colour, `gwc-i` for italic,
 * `gwc-ib` for the inline block of an empty line. One class is shorter than the style it
 * stands for, and elements without a style attribute can share their computed style.
 */
export const codeClass = {
  color: (slot: string) => `gwc-${slot}`,
  italic: 'gwc-i',
  inlineBlock: 'gwc-ib',
};

/** The slot of a colour written as siteCodeTheme writes it, `var(--gw-code-<slot>)`. */
export function colorSlot(value: string): string | undefined {
  return SLOTS.find((slot) => value === `var(${cssName(slot)})`);
}

/** The CSS variables of siteCodeTheme (light by default, dark in dark mode) and its token classes. */
export function codeColorsCss(): string {
  const block = (p: Palette) => SLOTS.map((slot) => `${cssName(slot)}:${p[slot]}`).join(';');
  const classes = SLOTS.map((slot) => `.${codeClass.color(slot)}{color:var(${cssName(slot)})}`).join('');
  return (
    `:root{${block(lightPalette)}}[data-theme='dark']{${block(darkPalette)}}${classes}` +
    `.${codeClass.italic}{font-style:italic}.${codeClass.inlineBlock}{display:inline-block}`
  );
}
