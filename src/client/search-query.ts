// Replaces the search page's `useSearchQuery` (@easyops-cn/docusaurus-search-local, in the
// browser bundle; docusaurus.config.ts, plugin "ghostwire-client-modules"), with the same
// fields and one difference: the search page's address is not rewritten before the page
// knows it runs in a browser. The page's first effect writes its query back into the
// address; it runs right after hydration, when the query still reads as empty (the server
// knows no `?q=`), and the plugin's hook then removed `?q=…` from the link the reader
// followed. That happened to be harmless only while `useIsBrowser()` flipped in the same
// synchronous render as that rewrite.
import { useHistory, useLocation } from '@docusaurus/router';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import useIsBrowser from '@docusaurus/useIsBrowser';
// @ts-expect-error: a module the plugin generates at build time (its search contexts)
import { searchContextByPaths } from '@generated/@easyops-cn/docusaurus-search-local/default/generated.js';

type ContextPath = string | { path: string };

/** The search parameters with `q` set to the value, or removed when it is empty. */
export function withQuery(search: string, value: string): URLSearchParams {
  const params = new URLSearchParams(search);
  if (value) params.set('q', value);
  else params.delete('q');
  return params;
}

/** The context named in the link, if the plugin knows it; else none. */
export function knownContext(context: string, paths: unknown): string {
  if (!context || !Array.isArray(paths)) return '';
  return (paths as ContextPath[]).some((item) => (typeof item === 'string' ? item : item.path) === context)
    ? context
    : '';
}

export default function useSearchQuery() {
  const isBrowser = useIsBrowser();
  const history = useHistory();
  const location = useLocation();
  const { siteConfig } = useDocusaurusContext();
  const params = isBrowser ? new URLSearchParams(location.search) : null;
  return {
    searchValue: params?.get('q') || '',
    searchContext: knownContext(params?.get('ctx') || '', searchContextByPaths),
    searchVersion: params?.get('version') || '',
    updateSearchPath: (value: string) => {
      // Before the first browser render the query reads as empty: keep the reader's link.
      if (!isBrowser) return;
      history.replace({ search: withQuery(location.search, value).toString() });
    },
    updateSearchContext: (value: string) => {
      const next = new URLSearchParams(location.search);
      next.set('ctx', value);
      history.replace({ search: next.toString() });
    },
    generateSearchPageLink: (value: string) =>
      `${siteConfig.baseUrl}search?${withQuery(location.search, value).toString()}`,
  };
}
