// Every code block, fenced or imported from examples/, shows the reader's release, namespace
// and host. The text is rewritten before highlighting, so the copy button copies it too.
import type { WrapperProps } from '@docusaurus/types';
import CodeBlock from '@theme-original/CodeBlock';
import type CodeBlockType from '@theme/CodeBlock';
import { Children, isValidElement } from 'react';
import { useReaderSettings } from '../../settings/context';
import { substitute } from '../../settings/substitute';

type Props = WrapperProps<typeof CodeBlockType>;

export default function CodeBlockWrapper({ children, ...props }: Props) {
  const { settings } = useReaderSettings();
  const parts = Children.toArray(children);
  if (parts.some((part) => isValidElement(part))) return <CodeBlock {...props}>{children}</CodeBlock>;
  const text = parts.join('');
  return <CodeBlock {...props}>{substitute(text, settings)}</CodeBlock>;
}
