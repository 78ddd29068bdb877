// Serves a Docusaurus build directory on 127.0.0.1 and a free port, for the browser tests
// and `npm run lighthouse`. Routes follow `trailingSlash: false`: /docs/x is build/docs/x.html,
// / is build/index.html, /chart/ falls back to build/chart.html; anything else gets
// build/404.html with status 404. With `published`, it compresses and caches as GitHub Pages
// does, so Lighthouse measures what readers get.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The file a URL path maps to inside `root`, or undefined. */
export async function resolveRoute(root: string, urlPath: string): Promise<string | undefined> {
  const clean = path.posix.normalize(decodeURIComponent(urlPath)).replace(/\/+$/, '');
  const candidates = path.posix.extname(clean) ? [clean] : [`${clean}.html`, `${clean}/index.html`];
  for (const candidate of candidates) {
    const file = path.join(root, candidate);
    if (!file.startsWith(path.resolve(root) + path.sep)) continue;
    if (await isFile(file)) return file;
  }
  return undefined;
}

export async function serveStatic(root: string, o: { published?: boolean } = {}): Promise<StaticSite> {
  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      const file = await resolveRoute(root, pathname);
      const status = file ? 200 : 404;
      const target = file ?? path.join(root, '404.html');
      const body = await readFile(target).catch(() => Buffer.from('not found'));
      const type = contentTypes[path.extname(target)] ?? 'application/octet-stream';
      const gzip =
        o.published && /\bgzip\b/.test(String(req.headers['accept-encoding'])) && !/^(image\/png|font\/)/.test(type);
      res.writeHead(status, {
        'content-type': type,
        'cache-control': o.published ? 'max-age=600' : 'no-store',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(gzip ? gzipSync(body) : body);
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
