// Replaces Docusaurus' client entry (`@docusaurus/core/lib/client/clientEntry`, the first
// module of the browser bundle; docusaurus.config.ts, plugin "ghostwire-client-modules").
// It does what the original does: set `window.docusaurus`, load the page's route modules,
// then hydrate the server's HTML (or render it, in development) inside a transition. The
// original did all of that in the one task that evaluates main.js: about 60 ms on a desktop
// CPU and 250 ms on a phone, the longest task of every page load. Here the work is spread
// over tasks the browser can run input and paint between: React and the router in one, the
// theme's layout in the next, then the rest of the app's modules, the page's route modules,
// and the start of hydration.
// Each `import()` below is eager: no chunk is fetched, the module is already in main.js, and
// only its evaluation waits for the task it is asked for in.
import ExecutionEnvironment from '@docusaurus/ExecutionEnvironment';
import siteConfig from '@generated/docusaurus.config';
import type { ComponentType, ReactNode } from 'react';
import { nextTask } from './next-task';

const hydrate = Boolean((process.env as { HYDRATE_CLIENT_ENTRY?: string }).HYDRATE_CLIENT_ENTRY);

async function start(): Promise<void> {
  await nextTask();
  const [React, ReactDOM, helmet, router] = await Promise.all([
    import(/* webpackMode: "eager" */ 'react'),
    import(/* webpackMode: "eager" */ 'react-dom/client'),
    import(/* webpackMode: "eager" */ 'react-helmet-async'),
    import(/* webpackMode: "eager" */ 'react-router-dom'),
  ]);
  await nextTask();
  // The theme's page layout (navbar, sidebar, footer: some eighty modules) before the rest of the app.
  await import(/* webpackMode: "eager" */ '@theme/Layout');
  await nextTask();
  const [{ default: App }, { default: docusaurus }, { default: preload }] = await Promise.all([
    import(/* webpackMode: "eager" */ '@docusaurus/core/lib/client/App'),
    import(/* webpackMode: "eager" */ '@docusaurus/core/lib/client/docusaurus'),
    import(/* webpackMode: "eager" */ '@docusaurus/core/lib/client/preload'),
  ]);
  const w = window as unknown as { docusaurus: typeof docusaurus; docusaurusRoot?: { render(app: ReactNode): void } };
  w.docusaurus = docusaurus;
  await nextTask();

  const Router = (
    siteConfig.future.experimental_router === 'hash' ? router.HashRouter : router.BrowserRouter
  ) as ComponentType<{ children: ReactNode }>;
  const app = (
    <helmet.HelmetProvider>
      <Router>
        <App />
      </Router>
    </helmet.HelmetProvider>
  );
  const container = document.getElementById('__docusaurus') as HTMLElement;
  const onRecoverableError = (error: unknown, errorInfo: unknown) => {
    console.error('Docusaurus React Root onRecoverableError:', error, errorInfo);
  };
  const renderApp = () => {
    if (w.docusaurusRoot) {
      w.docusaurusRoot.render(app);
      return;
    }
    if (hydrate) {
      w.docusaurusRoot = ReactDOM.hydrateRoot(container, app, { onRecoverableError });
    } else {
      const root = ReactDOM.createRoot(container, { onRecoverableError });
      root.render(app);
      w.docusaurusRoot = root;
    }
  };
  await preload(window.location.pathname);
  // Creating the root registers React's event listeners: a task of its own as well.
  await nextTask();
  React.startTransition(renderApp);
}

if (ExecutionEnvironment.canUseDOM) {
  start().catch((error: unknown) => console.error('Docusaurus could not start:', error));
}

// Development: the entry accepts its own updates, as the original does. (Not `webpackHot?.accept()`:
// the production build replaces that whole expression with `undefined` and calls it.)
const hot = (import.meta as ImportMeta & { webpackHot?: { accept(): void } }).webpackHot;
if (hot) hot.accept();
