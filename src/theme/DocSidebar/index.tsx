// The docs sidebar as the theme renders it, except that the desktop sidebar stays mounted on
// a phone. The server renders the desktop sidebar (the window size is unknown there); the
// theme unmounted it right after hydration once it learned the screen is narrow, a
// synchronous re-render of the whole navigation on load. Its container is hidden below the
// desktop breakpoint by the theme's CSS, so keeping it costs nothing on screen.
import { useWindowSize } from '@docusaurus/theme-common';
import type { Props } from '@theme/DocSidebar';
import DocSidebarDesktop from '@theme/DocSidebar/Desktop';
import DocSidebarMobile from '@theme/DocSidebar/Mobile';

export default function DocSidebar(props: Props) {
  const mobile = useWindowSize() === 'mobile';
  return (
    <>
      <DocSidebarDesktop {...props} />
      {mobile && <DocSidebarMobile {...props} />}
    </>
  );
}
