// Tool tabs (ingress controllers, identity providers, …), built on the theme's tab state
// (group ids, ?query and storage sync) with our own markup. The theme's component gives the
// whole tab set a new key after hydration, so every code block inside a tab set was rendered
// twice on load, the largest share of a layer page's main-thread time on a phone. Here the
// server's tabs hydrate as they are; a stored or linked choice then selects its tab in an
// ordinary update (test/site.test.ts checks both).
import { ThemeClassNames } from '@docusaurus/theme-common';
import {
  sanitizeTabsChildren,
  TabsProvider,
  useScrollPositionBlocker,
  useTabs,
  useTabsContextValue,
} from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/Tabs';
import clsx from 'clsx';
import { type KeyboardEvent, useRef } from 'react';
import styles from './styles.module.css';

function TabList({ className }: { className?: string }) {
  const { selectedValue, selectValue, tabValues, block } = useTabs();
  const tabs = useRef<(HTMLDivElement | null)[]>([]);
  const { blockElementScrollPositionUntilNextRender } = useScrollPositionBlocker();

  const choose = (index: number) => {
    const tab = tabs.current[index];
    const value = tabValues[index]?.value;
    if (!tab || value === undefined || value === selectedValue) return;
    // Keep the clicked tab where it is on screen while panels above it change height.
    blockElementScrollPositionUntilNextRender(tab);
    selectValue(value);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const last = tabValues.length - 1;
    const target: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(index);
    } else if (event.key in target) {
      event.preventDefault();
      tabs.current[target[event.key] as number]?.focus();
    }
  };

  return (
    <div role="tablist" aria-orientation="horizontal" className={clsx('tabs', { 'tabs--block': block }, className)}>
      {tabValues.map(({ value, label, attributes }, index) => {
        const selected = value === selectedValue;
        return (
          <div
            key={value}
            role="tab"
            tabIndex={selected ? 0 : -1}
            aria-selected={selected}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            onClick={() => choose(index)}
            onKeyDown={(event) => onKeyDown(event, index)}
            {...attributes}
            className={clsx('tabs__item', attributes?.className as string | undefined, {
              'tabs__item--active': selected,
            })}
          >
            {label ?? value}
          </div>
        );
      })}
    </div>
  );
}

export default function Tabs(props: Props) {
  const value = useTabsContextValue(props);
  return (
    <TabsProvider value={value}>
      <div className={clsx(ThemeClassNames.tabs.container, 'tabs-container', styles.tabList)}>
        <TabList className={props.className} />
        <div className="margin-top--md">{sanitizeTabsChildren(props.children)}</div>
      </div>
    </TabsProvider>
  );
}
