// Page extraction in worker threads (extract-pool.ts): the worker is extractPage in another
// thread, so its answers must be the in-thread answers, page for page and in order, with
// findings that still carry their file and line; a worker that cannot run hands its pages
// back to the main thread.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beside, buildBundle } from '../scripts/harness/launch.mjs';
import { extractPage } from '../scripts/harness/extract.ts';
import { inThreadExtractor, workerCount, workerExtractor } from '../scripts/harness/extract-pool.ts';
import { CORPUS } from './fixtures/extract-corpus/corpus.ts';
import { repoRoot } from './helpers/harness.ts';

const pagesUnder = (dir: string): string[] =>
  readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .sort();

/** The repository's pages, every fixture page, the fence corpus and pages with each kind of mistake. */
const PAGES: [string, string][] = [
  ...[...pagesUnder('docs'), ...pagesUnder('test/fixtures'), 'chart/README.md'].map(
    (f) => [f, readFileSync(path.join(repoRoot, f), 'utf8')] as [string, string],
  ),
  ...CORPUS.map((c) => [`corpus/${c.name}.mdx`, c.text] as [string, string]),
  ['bad/jsx.mdx', 'a\n\nb\n\n<div>\n\n</span>\n\n```yaml\na: 1\n```\n'],
  ['bad/attribute.mdx', 'a\n\nb\n\nc <b = 1\n\n```yaml\na: 1\n```\n'],
  ['bad/expression.mdx', 'line one\n\n{a +}\n\n```yaml\nb: 2\n```\n'],
  ['bad/unclosed.md', '---\ntitle: x\n---\n\n```yaml\nc: 3\n'],
  ['bad/front-matter.md', '---\ntitle: [x\n---\n\n```yaml\nd: 4\n```\n'],
];

describe('page extraction in worker threads', () => {
  let worker: string;
  let bundleDir: string;
  beforeAll(async () => {
    // Beside the real bundle, as launch.test.ts does: the bundle finds its external packages from there.
    const cache = path.join(repoRoot, 'node_modules', '.cache', 'ghostwire');
    await mkdir(cache, { recursive: true });
    bundleDir = await mkdtemp(path.join(cache, 'test-pool-'));
    const found = beside(await buildBundle(bundleDir, repoRoot), 'extract-worker');
    if (!found) throw new Error('the launcher built no extraction worker beside the CLI bundle');
    worker = found;
  }, 120_000);
  afterAll(() => rm(bundleDir, { recursive: true, force: true }));

  it('should give every page the in-thread extraction, in order, with one and with two workers', async () => {
    expect(PAGES.length).toBeGreaterThan(40);
    const expected = PAGES.map(([f, t]) => extractPage(f, t));
    for (const n of [1, 2]) {
      const pool = workerExtractor(worker, n);
      try {
        const order: string[] = [];
        const got = await Promise.all(
          PAGES.map(([f, t]) =>
            pool.extract(f, t).then((p) => {
              order.push(f);
              return p;
            }),
          ),
        );
        expect(got).toEqual(expected);
        if (n === 1) expect(order).toEqual(PAGES.map(([f]) => f));
      } finally {
        pool.close();
      }
    }
  }, 60_000);

  it('should keep the file and line of the mistakes a worker finds', async () => {
    const pool = workerExtractor(worker, 1);
    try {
      const bad = PAGES.filter(([f]) => f.startsWith('bad/'));
      const found = await Promise.all(bad.map(([f, t]) => pool.extract(f, t)));
      const codes = found.flatMap((p) => p.findings.map((x) => `${x.file}:${x.line}:${x.column ?? ''} ${x.code}`));
      expect(codes).toEqual([
        'bad/jsx.mdx:7:1 MDX_SYNTAX',
        'bad/attribute.mdx:5:6 MDX_SYNTAX',
        'bad/expression.mdx:3:5 MDX_SYNTAX',
        'bad/unclosed.md:5:1 UNTERMINATED_FENCE',
        'bad/front-matter.md:2: FRONT_MATTER_SYNTAX',
      ]);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('should extract in this thread when the worker cannot start, with the same answers', async () => {
    const pool = workerExtractor(path.join(bundleDir, 'no-such-worker.mjs'), 2);
    try {
      const some = PAGES.slice(0, 6);
      const got = await Promise.all(some.map(([f, t]) => pool.extract(f, t)));
      expect(got).toEqual(some.map(([f, t]) => extractPage(f, t)));
      // Later pages go straight to this thread.
      const [f, t] = PAGES[7] as [string, string];
      expect(await pool.extract(f, t)).toEqual(extractPage(f, t));
    } finally {
      pool.close();
    }
  }, 60_000);

  it('should extract in this thread one page per event-loop turn, so timers and I/O run between pages', async () => {
    const local = inThreadExtractor();
    const events: string[] = [];
    const some = PAGES.slice(0, 3);
    const done = some.map(([f, t]) => local.extract(f, t).then(() => events.push(`page ${f}`)));
    // Queued after the first page was asked for: it must run before the second page is parsed.
    setImmediate(() => events.push('turn'));
    const got = await Promise.all(some.map(([f, t], i) => done[i]?.then(() => local.extract(f, t))));
    expect(events.indexOf('turn')).toBeLessThan(events.indexOf(`page ${some[1]?.[0]}`));
    expect(got).toEqual(some.map(([f, t]) => extractPage(f, t)));
  });
});

describe('workerCount', () => {
  it('should leave a core for the main thread and one for helm (none on two cores), and honour the override', () => {
    expect(workerCount({}, 2)).toBe(0);
    expect(workerCount({}, 3)).toBe(1);
    expect(workerCount({}, 4)).toBe(2);
    expect(workerCount({}, 16)).toBe(2);
    expect(workerCount({ GHOSTWIRE_EXTRACT_WORKERS: '0' }, 4)).toBe(0);
    expect(workerCount({ GHOSTWIRE_EXTRACT_WORKERS: '3' }, 2)).toBe(3);
    expect(workerCount({ GHOSTWIRE_EXTRACT_WORKERS: 'many' }, 4)).toBe(2);
  });
});
