// Every page shares the reader's release, namespace and host (see src/settings/). The first
// effect after hydration also ends the hydration flag that code blocks read (src/client/hydration.ts).
import { type ReactNode, useEffect } from 'react';
import { endHydration } from '../client/hydration';
import { ReaderSettingsProvider } from '../settings/context';

export default function Root({ children }: { children: ReactNode }) {
  useEffect(() => endHydration(), []);
  return <ReaderSettingsProvider>{children}</ReaderSettingsProvider>;
}
