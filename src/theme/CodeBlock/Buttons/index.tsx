// A code block's copy and wrap buttons, as the theme renders them, mounted when the browser is
// idle after hydration (idle-mount.ts). The theme creates them for every block at once, in the
// synchronous update that follows hydration: on the guides' longer pages, dozens of buttons
// with their icons in one task, before the page answers a tap.
import type { Props } from '@theme/CodeBlock/Buttons';
import OriginalButtons from '@theme-original/CodeBlock/Buttons';
import { useIdleMount } from '../../idle-mount';

export default function CodeBlockButtons(props: Props) {
  return useIdleMount() ? <OriginalButtons {...props} /> : null;
}
