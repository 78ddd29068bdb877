// The navbar's slide-in menu for narrow screens, mounted when the browser is idle after the
// page has loaded, or at once when the reader opens it (see idle-mount.ts).
import { useLockBodyScroll, useNavbarMobileSidebar } from '@docusaurus/theme-common/internal';
import NavbarMobileSidebarHeader from '@theme/Navbar/MobileSidebar/Header';
import NavbarMobileSidebarLayout from '@theme/Navbar/MobileSidebar/Layout';
import NavbarMobileSidebarPrimaryMenu from '@theme/Navbar/MobileSidebar/PrimaryMenu';
import NavbarMobileSidebarSecondaryMenu from '@theme/Navbar/MobileSidebar/SecondaryMenu';
import { useIdleMount } from '../../idle-mount';

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
