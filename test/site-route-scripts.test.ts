import { describe, expect, it } from 'vitest';
import { matchRouteKeys, parseRoutes, routeScripts, withRouteScripts } from '../src/plugins/route-scripts';

// The shape of .docusaurus/routes.js: a search page, then the docs plugin's three layout
// routes around the doc pages (the docs are served from the site root).
const ROUTES = `import React from 'react';
import ComponentCreator from '@docusaurus/ComponentCreator';

export default [
  { path: '/search', component: ComponentCreator('/search', '822'), exact: true },
  {
    path: '/',
    component: ComponentCreator('/', 'b17'),
    routes: [
      {
        path: '/',
        component: ComponentCreator('/', '650'),
        routes: [
          {
            path: '/',
            component: ComponentCreator('/', '928'),
            routes: [
              { path: '/docs/a', component: ComponentCreator('/docs/a', 'c06'), exact: true, sidebar: "guide" },
              { path: '/docs/a/b', component: ComponentCreator('/docs/a/b', '11d'), exact: true, sidebar: "guide" },
              { path: '/', component: ComponentCreator('/', 'f4a'), exact: true, sidebar: "guide" }
            ]
          }
        ]
      }
    ]
  },
  { path: '*', component: ComponentCreator('*') }
];
`;

const manifest = {
  entrypoints: ['main'],
  origins: {
    main: ['14', '783', '889'],
    comp: ['14', '5', '859'],
    a: ['14', '5', '776'],
    b: ['14', '5', '777'],
    root: ['14', '5', '900'],
    layout: ['14', '901'],
    plugin: ['14', '902'],
  },
  assets: {
    '5': { js: [{ file: 'assets/js/common.js' }] },
    '14': { css: [] } as never,
    '776': { js: [{ file: 'assets/js/a.js' }] },
    '777': { js: [{ file: 'assets/js/b.js' }] },
    '783': { js: [{ file: 'assets/js/runtime~main.js' }] },
    '859': { js: [{ file: 'assets/js/comp.js' }] },
    '889': { js: [{ file: 'assets/js/main.0123abcd.js' }] },
    '900': { js: [{ file: 'assets/js/root.js' }] },
    '901': { js: [{ file: 'assets/js/layout.js' }] },
    '902': { js: [{ file: 'assets/js/plugin.js' }] },
  },
};
const chunkNames = {
  '/-b17': { __comp: 'layout', __context: { plugin: 'plugin' } },
  '/-650': { __comp: 'layout' },
  '/-928': { __comp: 'layout' },
  '/docs/a-c06': { __comp: 'comp', content: 'a' },
  '/docs/a/b-11d': { __comp: 'comp', content: 'b' },
  '/-f4a': { __comp: 'comp', content: 'root' },
};

describe('route scripts in the page HTML', () => {
  const routes = parseRoutes(ROUTES);

  it('matches a page through its layout routes, as the router does', () => {
    expect(matchRouteKeys(routes, '/docs/a')).toEqual(['/-b17', '/-650', '/-928', '/docs/a-c06']);
    expect(matchRouteKeys(routes, '/docs/a/')).toEqual(['/-b17', '/-650', '/-928', '/docs/a-c06']);
    expect(matchRouteKeys(routes, '/docs/a/b')).toEqual(['/-b17', '/-650', '/-928', '/docs/a/b-11d']);
    expect(matchRouteKeys(routes, '/')).toEqual(['/-b17', '/-650', '/-928', '/-f4a']);
    expect(matchRouteKeys(routes, '/search')).toEqual(['/search-822']);
    // An exact route does not match a longer path.
    expect(matchRouteKeys(routes, '/docs/a/c')).toEqual(['/-b17', '/-650', '/-928']);
  });

  it('lists each chunk file of those routes once, without the entry’s own files', () => {
    const keys = matchRouteKeys(routes, '/docs/a/b');
    expect(routeScripts(keys, chunkNames, manifest)).toEqual([
      'assets/js/layout.js',
      'assets/js/plugin.js',
      'assets/js/common.js',
      'assets/js/comp.js',
      'assets/js/b.js',
    ]);
  });

  it('writes them before main.js, once, with the base URL', () => {
    const html =
      '<head><script src=/gw/assets/js/runtime~main.js defer></script>' +
      '<script src=/gw/assets/js/main.0123abcd.js defer></script></head>';
    const out = withRouteScripts(html, ['assets/js/b.js', 'assets/js/common.js'], '/gw/');
    expect(out).toBe(
      '<head><script src=/gw/assets/js/runtime~main.js defer></script>' +
        '<script src="/gw/assets/js/b.js" defer></script><script src="/gw/assets/js/common.js" defer></script>' +
        '<script src=/gw/assets/js/main.0123abcd.js defer></script></head>',
    );
    expect(withRouteScripts(out, ['assets/js/b.js', 'assets/js/common.js'], '/gw/')).toBe(out);
    // A page without main.js (a redirect page) is left alone.
    expect(withRouteScripts('<head></head>', ['assets/js/b.js'], '/')).toBe('<head></head>');
  });
});
