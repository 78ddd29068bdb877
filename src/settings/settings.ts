// The reader's release name, namespace and host: defaults, validation and the URL form.
// Pure, shared by the site (src/theme) and the tests.

export interface ReaderSettings {
  release: string;
  namespace: string;
  host: string;
}

export type SettingKey = keyof ReaderSettings;
export const SETTING_KEYS: readonly SettingKey[] = ['release', 'namespace', 'host'];

/** What every page is written for, and what the harness validates. */
export const DEFAULT_SETTINGS: Readonly<ReaderSettings> = {
  release: 'ghostwire',
  namespace: 'ghostwire',
  host: 'ghostwire.example.com',
};

/** Hosts the examples use; each is replaced by the reader's host. */
export const DEFAULT_HOSTS: readonly string[] = ['ghostwire.example.com', 'ghostwire.internal.example'];

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `value` cannot be the reader's `key`, or undefined when it can. */
export function settingProblem(key: SettingKey, value: string): string | undefined {
  if (value === '') return `The ${key} cannot be empty.`;
  const label = 'lowercase letters, digits and "-", starting and ending with a letter or digit';
  switch (key) {
    case 'release':
      // Helm refuses release names over 53 characters; Kubernetes names are DNS labels.
      if (value.length > 53) return `A Helm release name has at most 53 characters; "${value}" has ${value.length}.`;
      return LABEL.test(value) ? undefined : `A release name is a DNS label: ${label}.`;
    case 'namespace':
      if (value.length > 63) return `A namespace has at most 63 characters; "${value}" has ${value.length}.`;
      return LABEL.test(value) ? undefined : `A namespace is a DNS label: ${label}.`;
    case 'host': {
      if (value.length > 253) return `A host name has at most 253 characters; "${value}" has ${value.length}.`;
      const bad = value.split('.').find((part) => part.length > 63 || !LABEL.test(part));
      if (bad !== undefined || !value.includes('.'))
        return `A host is a DNS name such as signal.example.com: dot-separated labels of ${label}.`;
      return undefined;
    }
  }
}

export interface ParsedSettings {
  /** The valid values found. */
  settings: Partial<ReaderSettings>;
  /** One message per value refused. */
  problems: string[];
}

/** Settings from a query string such as `?release=signal&namespace=messaging&host=signal.example.com`. */
export function settingsFromSearch(search: string): ParsedSettings {
  const params = new URLSearchParams(search);
  const parsed: ParsedSettings = { settings: {}, problems: [] };
  for (const key of SETTING_KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const value = raw.trim();
    const problem = settingProblem(key, value);
    if (problem) parsed.problems.push(`Ignored ${key}=${JSON.stringify(raw)} from the link. ${problem}`);
    else parsed.settings[key] = value;
  }
  return parsed;
}

/** Settings stored by an earlier visit; anything malformed is dropped. */
export function settingsFromStorage(stored: string | null): Partial<ReaderSettings> {
  if (!stored) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Partial<ReaderSettings> = {};
  for (const key of SETTING_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === 'string' && !settingProblem(key, value)) out[key] = value;
  }
  return out;
}

/** The query string that shares `settings` (defaults left out). */
export function searchFromSettings(settings: ReaderSettings): string {
  const params = new URLSearchParams();
  for (const key of SETTING_KEYS) if (settings[key] !== DEFAULT_SETTINGS[key]) params.set(key, settings[key]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const isDefault = (s: ReaderSettings) => SETTING_KEYS.every((k) => s[k] === DEFAULT_SETTINGS[k]);

/** Helm's `trunc n | trimSuffix "-"`. */
const cut = (s: string, n: number) => s.slice(0, n).replace(/-$/, '');

/**
 * The names the chart derives from a release name (chart/templates/_names.tpl): the release
 * itself when it contains "ghostwire", else "<release>-ghostwire"; the StatefulSet name is
 * cut to 52 characters so that its pods' controller-revision-hash label fits.
 */
export function chartNames(release: string): { fullname: string; statefulSet: string } {
  const fullname = cut(release.includes('ghostwire') ? release : `${release}-ghostwire`, 63);
  return { fullname, statefulSet: cut(fullname, 52) };
}
