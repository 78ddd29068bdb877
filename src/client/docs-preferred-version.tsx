// Replaces `@docusaurus/plugin-content-docs/lib/client/docsPreferredVersion` in the browser
// bundle (docusaurus.config.ts, plugin "ghostwire-client-modules"), with the same exports and
// behaviour: each docs plugin's preferred version (the last one the reader visited) is null on
// the server and at hydration, read from storage once the page is mounted, and saved when the
// reader picks a version. Docusaurus' provider sets the state it read on every page load, as a
// new object even when nothing is stored, which re-rendered the navbar's docs items and walked
// the whole page's React tree in a synchronous task right after hydration. Here the state
// changes only when storage holds something else.
import { DEFAULT_PLUGIN_ID } from '@docusaurus/constants';
import { useAllDocsData, useDocsData } from '@docusaurus/plugin-content-docs/client';
import { createStorageSlot, ReactContextError, useThemeConfig } from '@docusaurus/theme-common';
import { emptyState, type PreferredVersionState as State, sameState } from './preferred-version-state';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

type Persistence = ReturnType<typeof useThemeConfig>['docs']['versionPersistence'];
type AllDocsData = ReturnType<typeof useAllDocsData>;

const slot = (pluginId: string, persistence: Persistence) =>
  createStorageSlot(`docs-preferred-version-${pluginId}`, { persistence });

/** What storage says for each plugin; a stored version the site no longer has is removed. */
export function storedState(pluginIds: string[], persistence: Persistence, allDocsData: AllDocsData): State {
  return Object.fromEntries(
    pluginIds.map((id) => {
      const stored = slot(id, persistence).get();
      if (allDocsData[id]?.versions.some((v) => v.name === stored)) return [id, { preferredVersionName: stored }];
      slot(id, persistence).del();
      return [id, { preferredVersionName: null }];
    }),
  );
}

interface Api {
  savePreferredVersion(pluginId: string, versionName: string): void;
}

const Context = createContext<[State, Api] | null>(null);

export function DocsPreferredVersionContextProvider({ children }: { children: ReactNode }) {
  const allDocsData = useAllDocsData();
  const persistence = useThemeConfig().docs.versionPersistence;
  const pluginIds = useMemo(() => Object.keys(allDocsData), [allDocsData]);
  const [state, setState] = useState(() => emptyState(pluginIds));
  useEffect(() => {
    const stored = storedState(pluginIds, persistence, allDocsData);
    setState((current) => (sameState(current, stored) ? current : stored));
  }, [allDocsData, persistence, pluginIds]);
  const api = useMemo<Api>(
    () => ({
      savePreferredVersion(pluginId, versionName) {
        slot(pluginId, persistence).set(versionName);
        setState((s) => ({ ...s, [pluginId]: { preferredVersionName: versionName } }));
      },
    }),
    [persistence],
  );
  const value = useMemo<[State, Api]>(() => [state, api], [state, api]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

function usePreferredVersionContext(): [State, Api] {
  const value = useContext(Context);
  if (!value) throw new ReactContextError('DocsPreferredVersionContextProvider');
  return value;
}

/** A plugin's preferred version (null before mount and when none is stored), and how to save one. */
export function useDocsPreferredVersion(pluginId: string = DEFAULT_PLUGIN_ID) {
  const docsData = useDocsData(pluginId);
  const [state, api] = usePreferredVersionContext();
  const name = state[pluginId]?.preferredVersionName ?? null;
  const preferredVersion = docsData.versions.find((v) => v.name === name) ?? null;
  const savePreferredVersionName = useCallback(
    (versionName: string) => api.savePreferredVersion(pluginId, versionName),
    [api, pluginId],
  );
  return { preferredVersion, savePreferredVersionName };
}

/** Every plugin's preferred version, by plugin id. */
export function useDocsPreferredVersionByPluginId() {
  const allDocsData = useAllDocsData();
  const [state] = usePreferredVersionContext();
  return Object.fromEntries(
    Object.keys(allDocsData).map((id) => {
      const name = state[id]?.preferredVersionName ?? null;
      return [id, allDocsData[id]?.versions.find((v) => v.name === name) ?? null];
    }),
  );
}
