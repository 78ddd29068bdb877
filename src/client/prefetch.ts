// Replaces Docusaurus' `@docusaurus/core/lib/client/prefetch` in the browser bundle
// (docusaurus.config.ts, plugin "ghostwire-client-modules"). Docusaurus prefetches the
// chunks of every internal link as soon as the link scrolls into view, by appending a
// <link rel="prefetch"> per chunk to <head> at once; on a phone that burst was a long
// task of 150 to 400 ms during hydration (each append makes the browser restyle the
// page). Here the same links are added one per idle period, so the reader's next page
// is still fetched ahead of the click without blocking the current one. Hovering or
// touching a link still loads its page at once (Docusaurus' `preload`, not this). Pages share
// chunks, and Docusaurus asks for a shared one once per page that links to it (48 times on the
// ingress page): each URL is fetched once, and not at all if the page loaded it as a script.
import { onIdle } from './on-idle';

type Pending = { url: string; done: () => void };

const queue: Pending[] = [];
let scheduled = false;

function appendNext(): void {
  scheduled = false;
  const next = queue.shift();
  if (!next) return;
  const link = document.createElement('link');
  link.rel = 'prefetch';
  link.href = next.url;
  link.onload = next.done;
  link.onerror = next.done;
  document.head.appendChild(link);
  schedule();
}

function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  onIdle(appendNext, 4000, 200);
}

/** One promise per chunk: pages share chunks (the theme's doc layout), and each is fetched once. */
const requested = new Map<string, Promise<void>>();

/** True when the page already loaded this chunk as a script (its own route's chunks). */
function loadedAsScript(url: string): boolean {
  const wanted = new URL(url, document.baseURI).href;
  return Array.from(document.scripts).some((script) => script.src === wanted);
}

export default function prefetch(url: string): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  const known = requested.get(url);
  if (known) return known;
  const promise = loadedAsScript(url)
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        queue.push({ url, done: () => resolve() });
        schedule();
      });
  requested.set(url, promise);
  return promise;
}
