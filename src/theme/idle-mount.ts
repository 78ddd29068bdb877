// Parts of the page a reader does not see at first (the phone menu and the docs sidebar inside
// it, the code blocks' buttons) mount when the browser is first idle after hydration, as a
// transition React can interrupt, instead of inside the synchronous update that tells the
// theme the screen is narrow: that update was the longest task of a phone's page load.
//
// All of a page's waiting parts share one idle callback: a guide has dozens of code blocks,
// and registering an idle callback for each cost several milliseconds of the task that runs
// the page's effects. Once the first idle period has come, later parts mount at once.
import { startTransition, useEffect, useState } from 'react';
import { onIdle } from '../client/on-idle';

type Wake = () => void;

const waiting = new Set<Wake>();
let idleCome = false;
let requested = false;

/** Calls every waiting part in one transition, and remembers that the page has been idle. */
function wakeAll(): void {
  idleCome = true;
  requested = false;
  const wakes = [...waiting];
  waiting.clear();
  startTransition(() => {
    for (const wake of wakes) wake();
  });
}

function requestIdle(): void {
  if (requested) return;
  requested = true;
  onIdle(wakeAll, 3000, 500);
}

/** Adds a part to wait for the first idle period; returns how to stop waiting. */
export function whenIdle(wake: Wake): () => void {
  waiting.add(wake);
  requestIdle();
  return () => waiting.delete(wake);
}

/** False until the browser has been idle once after the page started (then true from the start). */
export function useIdleMount(): boolean {
  const [ready, setReady] = useState(idleCome);
  useEffect(() => {
    if (ready) return;
    if (idleCome) {
      setReady(true);
      return;
    }
    return whenIdle(() => setReady(true));
  }, [ready]);
  return ready;
}

/** For tests: forget that the page has been idle. */
export function resetIdle(): void {
  idleCome = false;
  requested = false;
  waiting.clear();
}
