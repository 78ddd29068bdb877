// A disk cache in front of extractPage (I/O at the edge). Reading a page as the site does
// (MDX) is the slowest part of extraction, and pages rarely change between runs. The key is
// the page's name and text and the extraction code itself, so a change to either misses.
// GHOSTWIRE_NO_CACHE=1 turns it off, as it does the render cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractPage, type PageExtract } from './extract.ts';
import type { Extractor } from './extract-pool.ts';
import { PROJECT_ROOT } from './root.ts';

const here = path.join(PROJECT_ROOT, 'scripts', 'harness');
let codeHash: string | undefined;

/** The extraction code's identity: its two sources (read from the repository, also when run from a bundle). */
function code(): string {
  codeHash ??= createHash('sha1')
    .update(['extract.ts', 'extract-mdx.ts'].map((f) => readFileSync(path.join(here, f), 'utf8')).join('\0'))
    .digest('hex');
  return codeHash;
}

function cacheFile(file: string, text: string, cwd: string): string {
  const key = createHash('sha1').update(`${code()}\0${file}\0${text}`).digest('hex');
  return path.join(cwd, 'node_modules', '.cache', 'ghostwire', 'extract', `${key}.json`);
}

function readCached(target: string): PageExtract | undefined {
  try {
    return JSON.parse(readFileSync(target, 'utf8')) as PageExtract;
  } catch {
    return undefined; // Not cached yet (or unreadable): extract and store.
  }
}

function store(target: string, page: PageExtract): void {
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(page));
  } catch {
    // A read-only tree only loses the cache.
  }
}

export function extractPageCached(file: string, text: string, cwd: string): PageExtract {
  if (process.env['GHOSTWIRE_NO_CACHE'] === '1') return extractPage(file, text);
  const target = cacheFile(file, text, cwd);
  const hit = readCached(target);
  if (hit) return hit;
  const page = extractPage(file, text);
  store(target, page);
  return page;
}

/** The same, with a miss extracted by `extractor` (worker threads, see extract-pool.ts). */
export async function extractPageCachedBy(
  extractor: Extractor,
  file: string,
  text: string,
  cwd: string,
): Promise<PageExtract> {
  if (process.env['GHOSTWIRE_NO_CACHE'] === '1') return extractor.extract(file, text);
  const target = cacheFile(file, text, cwd);
  const hit = readCached(target);
  if (hit) return hit;
  const page = await extractor.extract(file, text);
  store(target, page);
  return page;
}
