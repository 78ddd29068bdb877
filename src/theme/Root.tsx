// Every page shares the reader's release, namespace and host (see src/settings/).
import type { ReactNode } from 'react';
import { ReaderSettingsProvider } from '../settings/context';

export default function Root({ children }: { children: ReactNode }) {
  return <ReaderSettingsProvider>{children}</ReaderSettingsProvider>;
}
