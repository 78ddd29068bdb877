// The theme's word-wrap button, told by useCodeScrollable (Content/word-wrap.ts) whether its
// block is wider than the screen. The theme kept that in the state of the whole block, so
// the first measurement of each block re-rendered the block; here it is the button's own.
import { CodeBlockContextProvider, useCodeBlockContext } from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/CodeBlock/Buttons/WordWrapButton';
import OriginalWordWrapButton from '@theme-original/CodeBlock/Buttons/WordWrapButton';
import { useMemo } from 'react';
import { useCodeScrollable } from '../../Content/word-wrap';

export default function WordWrapButton(props: Props) {
  const { metadata, wordWrap } = useCodeBlockContext();
  const isCodeScrollable = useCodeScrollable(wordWrap.codeBlockRef);
  const measured = useMemo(() => ({ ...wordWrap, isCodeScrollable }), [wordWrap, isCodeScrollable]);
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={measured}>
      <OriginalWordWrapButton {...props} />
    </CodeBlockContextProvider>
  );
}
