// Replaces `@docusaurus/theme-common/lib/utils/reactUtils` in the browser bundle
// (docusaurus.config.ts, plugin "ghostwire-client-modules"), with the same exports and
// behaviour but one: `useShallowMemoObject` ordered the keys of the object it memoizes with
// `localeCompare`, and the first `localeCompare` of a page builds the browser's collator for
// the locale. The theme's phone menu (`NavbarSecondaryMenuFiller`, the docs sidebar inside
// it) paid that as a task of about 120 ms on a phone, to order two keys. Here keys are
// ordered by code unit, which is all the memo needs: an order that does not depend on how
// the object was written.
import {
  type ComponentType,
  createElement,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';

/** A layout effect in the browser; on the server, where layout effects do not run, a plain effect. */
const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/** A callback that keeps its identity across renders and always calls the latest `callback`. */
export function useEvent<T extends (...args: never[]) => unknown>(callback: T): T {
  const latest = useRef(callback);
  useIsomorphicLayoutEffect(() => {
    latest.current = callback;
  }, [callback]);
  return useCallback((...args: Parameters<T>) => latest.current(...args), []) as T;
}

/** The value this hook was given at the previous render (undefined at the first). */
export function usePrevious<T>(value: T): T | undefined {
  const previous = useRef<T | undefined>(undefined);
  useIsomorphicLayoutEffect(() => {
    previous.current = value;
  });
  return previous.current;
}

/** Thrown when a hook runs outside the provider of its context. */
export class ReactContextError extends Error {
  constructor(providerName: string, additionalInfo?: string) {
    super();
    this.name = 'ReactContextError';
    const hook = this.stack?.split('\n')[1]?.match(/at (?:\w+\.)?(?<name>\w+)/)?.groups?.['name'] ?? '';
    this.message = `Hook ${hook} is called outside the <${providerName}>. ${additionalInfo ?? ''}`;
  }
}

/** The keys and values of an object as one flat list, keys in code-unit order. */
export function shallowDeps(obj: object): unknown[] {
  return Object.entries(obj)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flat();
}

/** The object of the previous render as long as its keys and values are the same. */
export function useShallowMemoObject<O extends object>(obj: O): O {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the dependencies are the object's entries
  return useMemo(() => obj, shallowDeps(obj));
}

/** One provider made of several, the first outermost (each takes only `children`). */
export function composeProviders(providers: ComponentType<{ children: ReactNode }>[]) {
  return ({ children }: { children: ReactNode }): ReactNode =>
    providers.reduceRight<ReactNode>((inner, provider) => createElement(provider, null, inner), children);
}
