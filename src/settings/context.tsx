// The reader's settings for the whole site: defaults on the server and at hydration, then
// what the link (?release=…&namespace=…&host=…) or an earlier visit (localStorage) says.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_SETTINGS, type ReaderSettings, settingsFromSearch, settingsFromStorage } from './settings.ts';

export const STORAGE_KEY = 'ghostwire.readerSettings';

interface SettingsState {
  settings: ReaderSettings;
  /** Messages about values refused from the link. */
  problems: string[];
  save(next: ReaderSettings): void;
  reset(): void;
}

const Context = createContext<SettingsState>({
  settings: DEFAULT_SETTINGS,
  problems: [],
  save: () => {},
  reset: () => {},
});

function store(settings: ReaderSettings | undefined): void {
  try {
    if (settings) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private windows); the settings then last for this page only.
  }
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

const sameSettings = (a: ReaderSettings, b: ReaderSettings): boolean =>
  (Object.keys(a) as (keyof ReaderSettings)[]).every((k) => a[k] === b[k]) &&
  Object.keys(a).length === Object.keys(b).length;

export function ReaderSettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<ReaderSettings>(DEFAULT_SETTINGS);
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    const fromLink = settingsFromSearch(window.location.search);
    const merged = { ...DEFAULT_SETTINGS, ...settingsFromStorage(readStored()), ...fromLink.settings };
    // Most readers keep the defaults: then nothing changes, and no code block renders twice
    // (a second render of every block after hydration cost a phone about a second).
    if (!sameSettings(merged, DEFAULT_SETTINGS)) setSettings(merged);
    if (fromLink.problems.length > 0) setProblems(fromLink.problems);
    if (Object.keys(fromLink.settings).length > 0) store(merged);
  }, []);

  const save = useCallback((next: ReaderSettings) => {
    setSettings(next);
    setProblems([]);
    store(next);
  }, []);
  const reset = useCallback(() => {
    setSettings(DEFAULT_SETTINGS);
    setProblems([]);
    store(undefined);
  }, []);

  const value = useMemo(() => ({ settings, problems, save, reset }), [settings, problems, save, reset]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useReaderSettings = (): SettingsState => useContext(Context);
