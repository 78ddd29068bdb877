// Whether the page is still hydrating: true from the first script until the effects of the
// first commit run (src/theme/Root.tsx ends it). Components that must render exactly what
// the server rendered read this once, at their first render, instead of `useIsBrowser()`,
// whose flip after hydration re-renders every component that asked.
let hydrating = typeof window !== 'undefined';

export const isHydrating = (): boolean => hydrating;

export function endHydration(): void {
  hydrating = false;
}
