// The theme's CodeBlock content, with its lines written as one HTML string (lines-html.ts
// says why): the same markup, classes and colours.
//
// While the page hydrates, a block shows what the server rendered for the same code, so
// the browser neither highlights the code again nor builds the string: the block keeps the
// server's lines (React does not read or rewrite the inside of an element it gets as
// HTML). Once the code changes (the reader's settings), the block is highlighted here and
// stays so. A block with line numbers keeps the theme's own rendering.
import { usePrismTheme } from '@docusaurus/theme-common';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';
import type { Props } from '@theme/CodeBlock/Content';
import OriginalContent from '@theme-original/CodeBlock/Content';
import clsx from 'clsx';
import { type RefObject, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isHydrating } from '../../../client/hydration';
import { blockProps, highlight, styleDictionary } from '../../../prism/highlight';
import { type HtmlToken, type LinePropsGetter, linesHtml, type TokenPropsGetter } from './lines-html';

/**
 * True while this block may keep the server's lines: from hydration until its code changes.
 * Should React render the block on the client without the server's lines (after a hydration
 * error elsewhere on the page, for example), the layout effect finds the element empty and
 * the block renders its own lines before the browser paints.
 */
function useServerLines(code: string, element: RefObject<HTMLElement | null>): boolean {
  const state = useRef<{ code: string; keep: boolean } | null>(null);
  const [, rerender] = useState(0);
  const onServer = typeof window === 'undefined';
  if (!onServer) {
    if (state.current === null) state.current = { code, keep: isHydrating() };
    else if (state.current.keep && code !== state.current.code) state.current.keep = false;
  }
  const keep = state.current?.keep ?? false;
  useLayoutEffect(() => {
    if (keep && state.current && element.current && element.current.childNodes.length === 0) {
      state.current.keep = false;
      rerender((n) => n + 1);
    }
  }, [keep, element]);
  return keep;
}

export default function CodeBlockContent({ className: classNameProp }: Props) {
  const { metadata, wordWrap } = useCodeBlockContext();
  const theme = usePrismTheme();
  const { code, language, lineNumbersStart, lineClassNames } = metadata;
  const codeElement = useRef<HTMLElement>(null);
  const keepServerLines = useServerLines(code, codeElement);
  const block = useMemo(() => blockProps(styleDictionary(theme, language), language), [theme, language]);
  // An empty string that never changes while the server's lines are kept: React leaves them in place.
  // A block with line numbers is the theme's to render, so it is not highlighted here.
  const themeRenders = lineNumbersStart !== undefined;
  const text = useMemo(() => {
    if (keepServerLines || themeRenders) return '';
    const { tokens, getLineProps, getTokenProps } = highlight(code, language, theme);
    return linesHtml(
      tokens as HtmlToken[][],
      lineClassNames,
      getLineProps as LinePropsGetter,
      getTokenProps as TokenPropsGetter,
    );
  }, [keepServerLines, themeRenders, code, language, theme, lineClassNames]);
  // React 19 compares `dangerouslySetInnerHTML` by identity and rewrites the element for a new
  // object, so the object changes only with the text: a re-render (the colour mode) keeps the lines.
  const html = useMemo(() => ({ __html: text }), [text]);
  if (themeRenders) return <OriginalContent className={classNameProp} />;
  return (
    <pre
      ref={wordWrap.codeBlockRef}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
      tabIndex={0}
      className={clsx(classNameProp, block.className, styles.codeBlock, 'thin-scrollbar')}
      style={block.style}
    >
      <code
        ref={codeElement}
        className={styles.codeBlockLines}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: linesHtml escapes every text and attribute (tested)
        dangerouslySetInnerHTML={html}
        suppressHydrationWarning
      />
    </pre>
  );
}
