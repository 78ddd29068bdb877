// A code block's highlighted lines as one HTML string, the markup the theme's
// CodeBlock/Line components render (a div.token-line per line, a span per token, a <br/>
// closing each line; the theme's colours as classes, see styleClasses; plain tokens as bare
// text), so that the browser hydrates a block as one element instead of one React element per
// token: on the guides' larger pages that was several thousand elements, most of the main
// thread's hydration time on a phone.
import type { CSSProperties } from 'react';
import { codeClass, colorSlot } from '../../../prism/themes';

export interface HtmlToken {
  types: string[];
  content: string;
  empty?: boolean;
}

interface ElementProps {
  className?: string;
  style?: CSSProperties;
  children?: string;
}

export type LinePropsGetter = (p: { line: HtmlToken[]; className?: string }) => ElementProps;
export type TokenPropsGetter = (p: { token: HtmlToken }) => ElementProps;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ESCAPES[c] as string);

const hyphenate = (name: string) =>
  name.startsWith('--') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A style object as React writes it into the `style` attribute. */
export function styleAttribute(style: CSSProperties | undefined): string {
  if (!style) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(style)) {
    if (value === undefined || value === null || value === '' || typeof value === 'boolean') continue;
    parts.push(`${hyphenate(name)}:${String(value).trim()}`);
  }
  return parts.join(';');
}

/**
 * The style the theme gives a line or token, as the classes of codeColorsCss() where one stands
 * for it (a theme colour, italic, an inline block) and what is left as a style attribute.
 */
export function styleClasses(style: CSSProperties | undefined): { classes: string[]; rest: CSSProperties } {
  const classes: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(style ?? {})) {
    const slot = name === 'color' && typeof value === 'string' ? colorSlot(value) : undefined;
    if (slot) classes.push(codeClass.color(slot));
    else if (name === 'fontStyle' && value === 'italic') classes.push(codeClass.italic);
    else if (name === 'display' && value === 'inline-block') classes.push(codeClass.inlineBlock);
    else if (value !== undefined) rest[name] = value;
  }
  return { classes, rest: rest as CSSProperties };
}

function open(tag: string, { className, style }: ElementProps): string {
  const { classes, rest } = styleClasses(style);
  const names = [className, ...classes].filter(Boolean).join(' ');
  const css = styleAttribute(rest);
  const classAttr = names ? ` class="${escapeHtml(names)}"` : '';
  const styleAttr = css ? ` style="${escapeHtml(css)}"` : '';
  return `<${tag}${classAttr}${styleAttr}>`;
}

/** The opening tag of a token with no colour or style: its text needs no element. */
const PLAIN = '<span class="token plain">';

/** A line that holds only a newline prints nothing before its <br/>, as the theme's Line does. */
const withoutLoneNewline = (line: HtmlToken[]): HtmlToken[] =>
  line.length === 1 && line[0]?.content === '\n' ? [{ ...line[0], content: '' }] : line;

export function linesHtml(
  lines: HtmlToken[][],
  lineClassNames: Record<number, string[] | undefined>,
  getLineProps: LinePropsGetter,
  getTokenProps: TokenPropsGetter,
): string {
  let html = '';
  lines.forEach((raw, i) => {
    const line = withoutLoneNewline(raw);
    const names = lineClassNames[i];
    html += open('div', getLineProps({ line, className: names && names.length > 0 ? names.join(' ') : undefined }));
    for (const token of line) {
      const props = getTokenProps({ token });
      const tag = open('span', props);
      const text = escapeHtml(props.children ?? '');
      // A plain token's span has no colour or style of its own (the line carries the plain
      // colour): its text goes in bare, and an empty one not at all. A third of the elements of
      // a page of YAML were such spans, each styled and laid out while the page loads.
      html += tag === PLAIN ? text : `${tag}${text}</span>`;
    }
    html += '<br/></div>';
  });
  return html;
}
