// "Before you begin": what the reader creates before the page's YAML applies,
// rendered from the same front matter the examples harness checks against.
import type { ReactNode } from 'react';
import Link from '@docusaurus/Link';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import Admonition from '@theme/Admonition';
import { useReaderSettings } from '@site/src/settings/context';
import { DEFAULT_SETTINGS } from '@site/src/settings/settings';
import { substitute } from '@site/src/settings/substitute';
import { codeSpans, pagePrerequisites, type Prerequisite } from './prerequisites';
import styles from './styles.module.css';

function Prose({ text }: { text: string }): ReactNode {
  return codeSpans(text).map((part, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string never reorder
    i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
  );
}

function Item({ item, namespace }: { item: Prerequisite; namespace: string }): ReactNode {
  const labels = Object.entries(item.labels).map(([k, v]) => `${k}=${v}`);
  return (
    <li className={styles['item']}>
      {item.kind} <code>{item.name}</code>
      {item.namespace && item.namespace !== namespace ? (
        <>
          {' '}
          in namespace <code>{item.namespace}</code>
        </>
      ) : null}
      {item.keys.length > 0 ? (
        <>
          {' '}
          with {item.keys.length === 1 ? 'key' : 'keys'}{' '}
          {item.keys.map((k, i) => (
            <span key={k}>
              {i > 0 ? ', ' : ''}
              <code>{k}</code>
            </span>
          ))}
        </>
      ) : null}
      {labels.length > 0 ? (
        <>
          {' '}
          labelled <code>{labels.join(',')}</code>
        </>
      ) : null}
      {item.note ? (
        <>
          : <Prose text={item.note} />
        </>
      ) : null}
    </li>
  );
}

export interface BeforeYouBeginProps {
  /** Front matter to read instead of the current page's: an example folder's .ghostwire.yaml. */
  frontMatter?: unknown;
  /** The files that follow install the chart themselves (a scenario), rather than expect it installed. */
  installsChart?: boolean;
  children?: ReactNode;
}

export default function BeforeYouBegin({ frontMatter, installsChart, children }: BeforeYouBeginProps): ReactNode {
  const doc = useDoc();
  const { settings } = useReaderSettings();
  const page = pagePrerequisites(frontMatter ?? doc.frontMatter);
  // The reader's names replace the defaults here as in every code block (src/settings).
  const release = page.release === DEFAULT_SETTINGS.release ? settings.release : page.release;
  const namespace = page.namespace === DEFAULT_SETTINGS.namespace ? settings.namespace : page.namespace;
  const items = page.items.map((item) => ({
    ...item,
    name: substitute(item.name, settings),
    namespace: item.namespace === DEFAULT_SETTINGS.namespace ? settings.namespace : item.namespace,
  }));
  const names = (
    <>
      release <code>{release}</code> in namespace <code>{namespace}</code>
    </>
  );
  return (
    <Admonition type="info" title="Before you begin">
      {installsChart ? (
        <p>These files install Ghostwire as {names}.</p>
      ) : (
        <p>
          Ghostwire installed as {names} (see the <Link to="/chart#quickstart">chart quickstart</Link>).
        </p>
      )}
      {children}
      {items.length > 0 ? (
        <>
          <p className={styles['lead']}>
            {installsChart
              ? 'The files expect these, which you create yourself (the steps below show how):'
              : 'Create these first; the examples on this page expect them:'}
          </p>
          <ul className={styles['list']}>
            {items.map((item) => (
              <Item key={`${item.kind}/${item.namespace ?? ''}/${item.name}`} item={item} namespace={namespace} />
            ))}
          </ul>
        </>
      ) : null}
    </Admonition>
  );
}
