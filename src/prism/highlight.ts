// The site's code highlighter, standing in for `prism-react-renderer` (docusaurus.config.ts
// aliases the package to this module in the site bundles). That package evaluates some forty
// grammars (each `insertBefore` walking every grammar loaded so far) and twenty themes on
// every page load, about a tenth of a second of a phone's start-up before anything renders.
// The guides show YAML, JSON and shell, so this module loads Prism's core with those grammars
// only and implements the same `Highlight` contract the theme's CodeBlock uses: lines of
// `{types, content, empty?}` tokens and the `getLineProps`/`getTokenProps` helpers, with
// styles from the Prism theme. test/prism-highlight.test.ts compares it with the package.
import './manual';
import clsx from 'clsx';
import Prism from 'prismjs/components/prism-core';
import 'prismjs/components/prism-yaml';
import 'prismjs/components/prism-json';
import type { CSSProperties, ReactNode } from 'react';
import { createElement, Fragment, useMemo } from 'react';
import type { PrismTheme } from 'prism-react-renderer';

export { Prism };

export interface LineToken {
  types: string[];
  content: string;
  empty?: boolean;
}

type PrismToken = string | Prism.Token;
type StyleDict = Record<string, CSSProperties | undefined>;

/** Adds a type to a token's types unless it is already the last one (a token and its alias may repeat). */
const withType = (types: string[], add: string | string[] | undefined): string[] => {
  let out = types;
  for (const t of add === undefined ? [] : Array.isArray(add) ? add : [add])
    if (out[out.length - 1] !== t) out = [...out, t];
  return out;
};

/** Prism's nested tokens as lines of flat tokens, each with every type around it. */
export function toLines(tokens: PrismToken[]): LineToken[][] {
  const lines: LineToken[][] = [[]];
  const emit = (types: string[], text: string) => {
    const parts = text.split(/\r\n|\r|\n/);
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      (lines[lines.length - 1] as LineToken[]).push({ types, content: part });
    });
  };
  const walk = (list: PrismToken[], types: string[], top: boolean) => {
    for (const token of list) {
      if (typeof token === 'string') emit(top ? ['plain'] : types, token);
      else {
        const inner = withType(withType(types, token.type), token.alias);
        if (typeof token.content === 'string') emit(inner, token.content);
        else walk(Array.isArray(token.content) ? token.content : [token.content], inner, false);
      }
    }
  };
  walk(tokens, [], true);
  for (const line of lines) {
    // An empty line keeps its height: one plain newline, shown as an inline block.
    if (line.length === 0) line.push({ types: ['plain'], content: '\n', empty: true });
    else if (line.length === 1 && (line[0] as LineToken).content === '') {
      (line[0] as LineToken).content = '\n';
      (line[0] as LineToken).empty = true;
    }
  }
  return lines;
}

/** The theme's styles by token type, for one language; `root` styles the block, `plain` each line. */
export function styleDictionary(theme: PrismTheme, language: string): StyleDict {
  const dict: StyleDict = {};
  for (const entry of theme.styles) {
    if (entry.languages && !entry.languages.includes(language as never)) continue;
    for (const type of entry.types) dict[type] = { ...dict[type], ...(entry.style as CSSProperties) };
  }
  dict['root'] = theme.plain as CSSProperties;
  dict['plain'] = { ...(theme.plain as CSSProperties), backgroundColor: undefined };
  return dict;
}

function tokenStyle(dict: StyleDict, { types, empty }: LineToken): CSSProperties | undefined {
  const block: CSSProperties | undefined = empty ? { display: 'inline-block' } : undefined;
  if (types.length === 1 && types[0] === 'plain') return block;
  if (types.length === 1 && empty) return dict[types[0] as string];
  return Object.assign({}, block, ...types.map((t) => dict[t]));
}

interface RenderProps {
  tokens: LineToken[][];
  className: string;
  style: CSSProperties;
  getLineProps: (p: { line: LineToken[]; className?: string; style?: CSSProperties; [k: string]: unknown }) => {
    className: string;
    style?: CSSProperties;
    [k: string]: unknown;
  };
  getTokenProps: (p: { token: LineToken; className?: string; style?: CSSProperties; [k: string]: unknown }) => {
    className: string;
    children: string;
    style?: CSSProperties;
    [k: string]: unknown;
  };
}

/** The class and style of the block itself, which do not depend on the code. */
export function blockProps(dict: StyleDict, language: string): { className: string; style: CSSProperties } {
  return { className: `prism-code language-${language}`, style: dict['root'] ?? {} };
}

export interface HighlightProps {
  code: string;
  language: string;
  theme: PrismTheme;
  prism?: typeof Prism;
  children: (props: RenderProps) => ReactNode;
}

/** The helpers that give a line and a token their class and style, as prism-react-renderer's do. */
export function propGetters(dict: StyleDict): Pick<RenderProps, 'getLineProps' | 'getTokenProps'> {
  return {
    getLineProps: ({ line: _line, className, style, ...rest }) => ({
      ...rest,
      className: clsx('token-line', className),
      style: style ? { ...dict['plain'], ...style } : dict['plain'],
    }),
    getTokenProps: ({ token, className, style, ...rest }) => {
      const own = tokenStyle(dict, token);
      return {
        ...rest,
        className: clsx('token', ...token.types, className),
        children: token.content,
        style: style ? { ...own, ...style } : own,
      };
    },
  };
}

/** Everything a block needs to render its code, without React: what `Highlight` hands its children. */
export function highlight(code: string, given: string, theme: PrismTheme, prism: typeof Prism = Prism): RenderProps {
  const language = given.toLowerCase();
  const dict = styleDictionary(theme, language);
  const grammar = prism.languages[language];
  const tokens = toLines(grammar ? prism.tokenize(code, grammar) : [code]);
  return { tokens, ...blockProps(dict, language), ...propGetters(dict) };
}

export function Highlight({ code, language: given, theme, prism = Prism, children }: HighlightProps) {
  const language = given.toLowerCase();
  const dict = useMemo(() => styleDictionary(theme, language), [theme, language]);
  const grammar = prism.languages[language];
  const tokens = useMemo(() => toLines(grammar ? prism.tokenize(code, grammar) : [code]), [code, grammar, prism]);
  const props = { tokens, ...blockProps(dict, language), ...propGetters(dict) };
  return createElement(Fragment, null, children(props));
}
