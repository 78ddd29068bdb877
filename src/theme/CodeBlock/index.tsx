// Every code block, fenced or imported from examples/, shows the reader's release, namespace
// and host. The text is rewritten before highlighting, so the copy button copies it too.
//
// This replaces the theme's CodeBlock rather than wrapping it: the original gives its content
// a new key after hydration so that inline token colours follow the reader's colour mode,
// which renders every block of a page twice (about a second of main thread on a phone for the
// larger pages). Our Prism theme's colours are CSS variables (src/prism/themes.ts), the same
// in both modes, so the server's blocks are already right and hydrate once.
import type CodeBlockType from '@theme/CodeBlock';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';
import type { ComponentProps } from 'react';
import { Children, isValidElement } from 'react';
import { useReaderSettings } from '../../settings/context';
import { substitute } from '../../settings/substitute';

type Props = ComponentProps<typeof CodeBlockType>;

export default function CodeBlock({ children, ...props }: Props) {
  const { settings } = useReaderSettings();
  const parts = Children.toArray(children);
  if (parts.some((part) => isValidElement(part))) return <ElementContent {...props}>{children}</ElementContent>;
  return <StringContent {...props}>{substitute(parts.join(''), settings)}</StringContent>;
}
