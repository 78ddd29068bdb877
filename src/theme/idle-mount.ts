// Parts of the page a reader does not see at first (the phone menu and the docs sidebar inside
// it) mount when the browser is first idle after hydration, as a transition React can
// interrupt, instead of inside the synchronous update that tells the theme the screen is
// narrow: that update was the longest task of a phone's page load.
import { startTransition, useEffect, useState } from 'react';

export function useIdleMount(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const mount = () => startTransition(() => setReady(true));
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(mount, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(mount, 500);
    return () => clearTimeout(id);
  }, []);
  return ready;
}
