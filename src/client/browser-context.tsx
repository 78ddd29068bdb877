// Replaces Docusaurus' `@docusaurus/core/lib/client/browserContext` in the browser bundle
// (docusaurus.config.ts, plugin "ghostwire-client-modules"). The same context and provider:
// `useIsBrowser()` is false while the page hydrates and true afterwards. Docusaurus flips it
// with a plain state update, which React renders synchronously: every component that asks
// (the colour mode and its toggle, the sidebar's categories, the search bar, the logo)
// re-rendered in one blocking task right after hydration. Here the flip is a transition, which React renders
// in slices between which the browser can answer the reader. (The search page's own hook
// counted on the flip being synchronous; search-query.ts replaces it.)
import { createContext, type ReactNode, startTransition, useEffect, useState } from 'react';

export const Context = createContext(false);

export function BrowserContextProvider({ children }: { children: ReactNode }) {
  const [isBrowser, setIsBrowser] = useState(false);
  useEffect(() => {
    startTransition(() => setIsBrowser(true));
  }, []);
  return <Context.Provider value={isBrowser}>{children}</Context.Provider>;
}
