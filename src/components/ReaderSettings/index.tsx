// The navbar control where readers set the release name, namespace and host that every
// example on the site is written for. A <details> disclosure: it opens without JavaScript
// and keyboard and screen readers know it.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useReaderSettings } from '../../settings/context';
import {
  DEFAULT_SETTINGS,
  isDefault,
  type ReaderSettings,
  SETTING_KEYS,
  type SettingKey,
  searchFromSettings,
  settingProblem,
} from '../../settings/settings';
import styles from './styles.module.css';

const LABELS: Record<SettingKey, string> = { release: 'Release name', namespace: 'Namespace', host: 'Host' };

export default function ReaderSettingsControl({ mobile }: { mobile?: boolean }) {
  const { settings, problems, save, reset } = useReaderSettings();
  const [draft, setDraft] = useState<ReaderSettings>(settings);
  const [errors, setErrors] = useState<Partial<Record<SettingKey, string>>>({});
  const [status, setStatus] = useState('');
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => setDraft(settings), [settings]);
  // A refused value from a link is shown where the reader looks: the open control.
  useEffect(() => {
    if (problems.length > 0 && details.current) details.current.open = true;
  }, [problems]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<SettingKey, string>> = {};
    for (const key of SETTING_KEYS) {
      const problem = settingProblem(key, draft[key].trim());
      if (problem) found[key] = problem;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus('Not applied: fix the fields marked below.');
      return;
    }
    save({ release: draft.release.trim(), namespace: draft.namespace.trim(), host: draft.host.trim() });
    setStatus('Applied to every example on the site.');
  };
  const share = `${typeof window === 'undefined' ? '' : window.location.pathname}${searchFromSettings(settings)}`;
  const summary = isDefault(settings) ? 'Your names' : `${settings.release} · ${settings.namespace}`;

  return (
    <details ref={details} className={mobile ? styles.mobile : `navbar__item ${styles.control}`} data-reader-settings>
      <summary className={styles.summary}>
        <span className={styles.summaryText}>{summary}</span>
      </summary>
      <form className={styles.panel} onSubmit={submit} noValidate aria-label="Names used in the examples">
        <p className={styles.intro}>
          Examples and commands on every page use these names. Defaults: release and namespace{' '}
          <code>{DEFAULT_SETTINGS.release}</code>, host <code>{DEFAULT_SETTINGS.host}</code>.
        </p>
        {problems.map((problem) => (
          <p key={problem} className={styles.error} role="alert">
            {problem}
          </p>
        ))}
        {SETTING_KEYS.map((key) => (
          <div key={key} className={styles.field}>
            <label htmlFor={`reader-${key}${mobile ? '-m' : ''}`}>{LABELS[key]}</label>
            <input
              id={`reader-${key}${mobile ? '-m' : ''}`}
              name={key}
              value={draft[key]}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={errors[key] ? `reader-${key}-error${mobile ? '-m' : ''}` : undefined}
              onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
            />
            {errors[key] && (
              <span id={`reader-${key}-error${mobile ? '-m' : ''}`} className={styles.error}>
                {errors[key]}
              </span>
            )}
          </div>
        ))}
        <div className={styles.buttons}>
          <button type="submit" className="button button--primary button--sm">
            Apply
          </button>
          <button
            type="button"
            className="button button--secondary button--sm"
            onClick={() => {
              reset();
              setErrors({});
              setStatus('Back to the defaults.');
            }}
          >
            Reset
          </button>
        </div>
        <p className={styles.status} role="status">
          {status}
        </p>
        {!isDefault(settings) && (
          <p className={styles.share}>
            Share: <a href={share}>link with these names</a>
          </p>
        )}
      </form>
    </details>
  );
}
