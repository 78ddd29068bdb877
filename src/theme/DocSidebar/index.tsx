// The docs sidebar as the theme renders it, except that the desktop sidebar stays mounted on
// a phone. The server renders the desktop sidebar (the window size is unknown there); the
// theme unmounted it right after hydration once it learned the screen is narrow, a
// synchronous re-render of the whole navigation on load. Its container is hidden below the
// desktop breakpoint by the theme's CSS, so keeping it costs nothing on screen. The phone
// menu's copy of the sidebar mounts when the browser is idle or the menu opens (idle-mount.ts).
import { useWindowSize } from '@docusaurus/theme-common';
import { useNavbarMobileSidebar } from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/DocSidebar';
import DocSidebarDesktop from '@theme/DocSidebar/Desktop';
import DocSidebarMobile from '@theme/DocSidebar/Mobile';
import { useIdleMount } from '../idle-mount';

export default function DocSidebar(props: Props) {
  const mobile = useWindowSize() === 'mobile';
  const idle = useIdleMount();
  const menuShown = useNavbarMobileSidebar().shown;
  return (
    <>
      <DocSidebarDesktop {...props} />
      {mobile && (idle || menuShown) && <DocSidebarMobile {...props} />}
    </>
  );
}
