// The code block's word-wrap state, as the theme's useCodeWordWrap keeps it, except for how
// a block learns that its code is wider than the block (the condition for showing the wrap
// button). The theme measured every block when it mounted and again whenever a tab became
// visible: one forced layout per block during hydration, and, for a block the browser has
// not laid out yet (off screen, `content-visibility: auto`), a layout of its own. A
// ResizeObserver reports each block after the browser has laid it out anyway, including
// when a hidden tab is shown or the window is resized, so measuring costs no extra layout.
// The measurement lives in the wrap button, the only part of the block that needs it.
import { type RefObject, startTransition, useCallback, useEffect, useRef, useState } from 'react';

export interface WordWrap {
  codeBlockRef: RefObject<HTMLPreElement | null>;
  isEnabled: boolean;
  isCodeScrollable: boolean;
  toggle: () => void;
}

/** Whether the block's code is wider than the block, or wrapped by the reader already. */
export function isScrollable(pre: HTMLElement): boolean {
  return pre.scrollWidth > pre.clientWidth || pre.querySelector('code')?.hasAttribute('style') === true;
}

/**
 * Whether the block's code is wider than the block, kept up to date by a ResizeObserver. Only
 * the wrap button asks (Buttons/WordWrapButton), so a block's first report re-renders that
 * button alone, not the whole block; it is a transition all the same.
 */
export function useCodeScrollable(codeBlockRef: RefObject<HTMLPreElement | null>): boolean {
  const [scrollable, setScrollable] = useState(false);
  useEffect(() => {
    const pre = codeBlockRef.current;
    if (!pre || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const next = isScrollable(pre);
      startTransition(() => setScrollable(next));
    });
    observer.observe(pre);
    // Wrapping changes the code's width, not the block's: observe the code element as well.
    const code = pre.querySelector('code');
    if (code) observer.observe(code);
    return () => observer.disconnect();
  }, [codeBlockRef]);
  return scrollable;
}

/** The block's wrap state; `isCodeScrollable` is the button's to measure (useCodeScrollable). */
export function useWordWrap(): WordWrap {
  const [isEnabled, setIsEnabled] = useState(false);
  const codeBlockRef = useRef<HTMLPreElement>(null);

  const toggle = useCallback(() => {
    const code = codeBlockRef.current?.querySelector('code');
    if (!code) return;
    if (isEnabled) code.removeAttribute('style');
    else {
      code.style.whiteSpace = 'pre-wrap';
      // Long words, URLs and base64 strings wrap too.
      code.style.overflowWrap = 'anywhere';
    }
    setIsEnabled((value) => !value);
  }, [isEnabled]);

  return { codeBlockRef, isEnabled, isCodeScrollable: false, toggle };
}
