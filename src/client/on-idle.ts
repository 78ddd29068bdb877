// When the browser is next idle: an idle callback that runs at the latest after `timeout` ms,
// or, where the browser has no idle callbacks, a timer of `fallback` ms. Shared by the link
// prefetch queue (prefetch.ts) and the parts that mount when idle (src/theme/idle-mount.ts).
export function onIdle(run: () => void, timeout: number, fallback: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout });
  else setTimeout(run, fallback);
}
