// Replaces `@docusaurus/theme-common/lib/hooks/useWindowSize` in the browser bundle
// (docusaurus.config.ts, plugin "ghostwire-client-modules"). Same contract: "ssr" on the
// server and while the page hydrates, then "mobile" or "desktop" as the window is narrower
// or wider than Infima's breakpoint (996 px), updated on resize. The theme's hook sets the
// real size with a plain state update right after hydration, a synchronous re-render of the
// navbar, sidebar and table of contents; here that update is a transition, rendered in
// slices the browser can interrupt.
import { startTransition, useEffect, useState } from 'react';

/** Infima's desktop breakpoint, as the theme's hook has it. */
export const DESKTOP_BREAKPOINT = 996;

export type WindowSize = 'desktop' | 'mobile' | 'ssr';

export const sizeFor = (width: number, breakpoint: number): WindowSize => (width > breakpoint ? 'desktop' : 'mobile');

export function useWindowSize({ desktopBreakpoint = DESKTOP_BREAKPOINT } = {}): WindowSize {
  const [size, setSize] = useState<WindowSize>('ssr');
  useEffect(() => {
    const update = () => {
      const next = sizeFor(window.innerWidth, desktopBreakpoint);
      startTransition(() => setSize(next));
    };
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [desktopBreakpoint]);
  return size;
}
