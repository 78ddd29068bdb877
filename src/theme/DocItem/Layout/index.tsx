// A doc page's layout as the theme builds it (breadcrumbs, the phone's collapsible table of
// contents, the content, the footer, the pager, and the desktop table of contents in its own
// column), except that the desktop table of contents stays mounted on a phone, hidden by CSS
// below the desktop breakpoint. The server renders it (the window size is unknown there), and
// the theme removed it right after hydration once it learned the screen is narrow: a
// synchronous re-render and a DOM removal on every phone's page load.
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import styles from '@docusaurus/theme-classic/lib/theme/DocItem/Layout/styles.module.css';
import ContentVisibility from '@theme/ContentVisibility';
import DocBreadcrumbs from '@theme/DocBreadcrumbs';
import DocItemContent from '@theme/DocItem/Content';
import DocItemFooter from '@theme/DocItem/Footer';
import type { Props } from '@theme/DocItem/Layout';
import DocItemPaginator from '@theme/DocItem/Paginator';
import DocItemTOCDesktop from '@theme/DocItem/TOC/Desktop';
import DocItemTOCMobile from '@theme/DocItem/TOC/Mobile';
import DocVersionBadge from '@theme/DocVersionBadge';
import DocVersionBanner from '@theme/DocVersionBanner';
import clsx from 'clsx';

export default function DocItemLayout({ children }: Props) {
  const { frontMatter, toc, metadata } = useDoc();
  const hidden = Boolean(frontMatter.hide_table_of_contents);
  const withToc = !hidden && toc.length > 0;
  return (
    <div className="row">
      <div className={clsx('col', !hidden && styles.docItemCol)}>
        <ContentVisibility metadata={metadata} />
        <DocVersionBanner />
        <div className={styles.docItemContainer}>
          <article>
            <DocBreadcrumbs />
            <DocVersionBadge />
            {withToc && <DocItemTOCMobile />}
            <DocItemContent>{children}</DocItemContent>
            <DocItemFooter />
          </article>
          <DocItemPaginator />
        </div>
      </div>
      {withToc && (
        <div className="col col--3 doc-toc-column">
          <DocItemTOCDesktop />
        </div>
      )}
    </div>
  );
}
