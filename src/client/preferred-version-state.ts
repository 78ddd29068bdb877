// The state of docs-preferred-version.tsx: each docs plugin's preferred version name.
export type PreferredVersionState = Record<string, { preferredVersionName: string | null }>;

/** No preference for any plugin: the state on the server and at hydration. */
export const emptyState = (pluginIds: string[]): PreferredVersionState =>
  Object.fromEntries(pluginIds.map((id) => [id, { preferredVersionName: null }]));

/** True when both states name the same version for every plugin. */
export const sameState = (a: PreferredVersionState, b: PreferredVersionState): boolean =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.keys(a).every((id) => id in b && a[id]?.preferredVersionName === b[id]?.preferredVersionName);
