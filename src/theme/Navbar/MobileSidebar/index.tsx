// The navbar's slide-in menu for narrow screens, mounted when the browser is idle after the
// page has loaded (or at once when the reader opens it), instead of during hydration: the
// theme rendered the whole menu, with the docs sidebar inside it, in the same synchronous
// update that learned the screen is narrow, a long task on a phone before the page answers.
import { useLockBodyScroll, useNavbarMobileSidebar } from '@docusaurus/theme-common/internal';
import NavbarMobileSidebarHeader from '@theme/Navbar/MobileSidebar/Header';
import NavbarMobileSidebarLayout from '@theme/Navbar/MobileSidebar/Layout';
import NavbarMobileSidebarPrimaryMenu from '@theme/Navbar/MobileSidebar/PrimaryMenu';
import NavbarMobileSidebarSecondaryMenu from '@theme/Navbar/MobileSidebar/SecondaryMenu';
import { startTransition, useEffect, useState } from 'react';

function useIdleMount(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const mount = () => startTransition(() => setReady(true));
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(mount, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(mount, 500);
    return () => clearTimeout(id);
  }, []);
  return ready;
}

export default function NavbarMobileSidebar() {
  const mobileSidebar = useNavbarMobileSidebar();
  const ready = useIdleMount();
  useLockBodyScroll(mobileSidebar.shown);
  if (!mobileSidebar.shouldRender || !(ready || mobileSidebar.shown)) return null;
  return (
    <NavbarMobileSidebarLayout
      header={<NavbarMobileSidebarHeader />}
      primaryMenu={<NavbarMobileSidebarPrimaryMenu />}
      secondaryMenu={<NavbarMobileSidebarSecondaryMenu />}
    />
  );
}
