// Puts each page's own JavaScript chunks into its HTML as deferred scripts, next to main.js.
//
// Docusaurus writes into every page the scripts of the modules its server render used, read
// from the client manifest. With Rspack (`@docusaurus/faster`) the manifest's `origins` are
// keyed by chunk name rather than by the module requests the server render reports, so no
// page chunk is found: each page shipped only runtime and main.js, and main.js, once run,
// appended the page's chunk scripts one by one, a round trip later on a slow network and a
// main-thread task of its own on a phone. This plugin matches every built page against the
// generated route tree as the router does, and writes that route's chunks before main.js.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from '@docusaurus/types';

export interface RouteNode {
  path: string;
  key: string;
  exact?: boolean;
  routes?: RouteNode[];
}

/** The route tree of `.docusaurus/routes.js`, each route with its routesChunkNames key (`path-hash`). */
export function parseRoutes(source: string): RouteNode[] {
  const body = source.replace(/^import .*$/gm, '').replace(/export default/, 'return');
  const creator = (routePath: string, hash?: string) => `${routePath}-${hash ?? ''}`;
  type Raw = { path: string; component: string; exact?: boolean; routes?: Raw[] };
  const raw = new Function('ComponentCreator', body)(creator) as Raw[];
  const convert = (r: Raw): RouteNode => ({
    path: r.path,
    key: r.component,
    exact: r.exact,
    routes: r.routes?.map(convert),
  });
  return raw.map(convert);
}

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function matches(route: RouteNode, pathname: string): boolean {
  if (route.path === '*') return true;
  const routePath = trim(route.path);
  const page = trim(pathname);
  if (route.exact) return page === routePath;
  return routePath === '/' || page === routePath || page.startsWith(`${routePath}/`);
}

/** The keys of the routes a path renders, outermost first (react-router-config's matchRoutes). */
export function matchRouteKeys(routes: RouteNode[], pathname: string): string[] {
  const route = routes.find((r) => matches(r, pathname));
  if (!route) return [];
  return [route.key, ...matchRouteKeys(route.routes ?? [], pathname)];
}

interface Manifest {
  entrypoints: string[];
  origins: Record<string, string[]>;
  assets: Record<string, { js?: { file: string }[] }>;
}

const chunkNamesOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value).flatMap(chunkNamesOf)
      : [];

/** The script files of those routes' chunks, without the entry's own files. */
export function routeScripts(keys: string[], chunkNames: Record<string, unknown>, manifest: Manifest): string[] {
  const files = (name: string) =>
    (manifest.origins[name] ?? []).flatMap((id) => (manifest.assets[id]?.js ?? []).map((a) => a.file));
  const entry = new Set(manifest.entrypoints.flatMap(files));
  const out: string[] = [];
  for (const name of keys.flatMap((key) => chunkNamesOf(chunkNames[key])))
    for (const file of files(name)) if (!entry.has(file) && !out.includes(file)) out.push(file);
  return out;
}

const MAIN_SCRIPT = /<script src="?([^" >]*\/assets\/js\/main\.[0-9a-f]+\.js)"? defer><\/script>/;

/** The page's HTML with the scripts written just before main.js; unchanged when main.js is not found. */
export function withRouteScripts(html: string, scripts: string[], baseUrl: string): string {
  const main = MAIN_SCRIPT.exec(html);
  const missing = scripts.filter((file) => !html.includes(`${baseUrl}${file}`));
  if (!main || missing.length === 0) return html;
  const tags = missing.map((file) => `<script src="${baseUrl}${file}" defer></script>`).join('');
  return html.slice(0, main.index) + tags + html.slice(main.index);
}

export default function routeScriptsPlugin(): Plugin {
  return {
    name: 'ghostwire-route-scripts',
    async postBuild({ outDir, generatedFilesDir, routesPaths, baseUrl }) {
      const read = async (file: string) => readFile(path.join(generatedFilesDir, file), 'utf8');
      const routes = parseRoutes(await read('routes.js'));
      const chunkNames = JSON.parse(await read('routesChunkNames.json')) as Record<string, unknown>;
      const manifest = JSON.parse(await read('client-manifest.json')) as Manifest;
      for (const routePath of routesPaths) {
        const relative = routePath.slice(baseUrl.length).replace(/\/$/, '');
        const candidates = [`${relative || 'index'}.html`, path.join(relative, 'index.html')];
        const file = candidates.map((c) => path.join(outDir, c)).find((c) => existsSync(c));
        if (!file) continue;
        const scripts = routeScripts(matchRouteKeys(routes, routePath), chunkNames, manifest);
        const html = await readFile(file, 'utf8');
        const next = withRouteScripts(html, scripts, baseUrl);
        if (next !== html) await writeFile(file, next);
      }
    },
  };
}
