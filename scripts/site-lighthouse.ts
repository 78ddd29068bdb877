// `npm run lighthouse`: the performance budget of the built site (issue 11). Lighthouse
// 12.8.2 with its default mobile settings (simulated slow 4G, 4x CPU slowdown) on every
// page in build/ (or only the routes given as arguments, or `--quick` for the landing page
// and the largest page), failing below 90 performance or 100 accessibility on any of them. build/ is served by this process's HTTP server while Lighthouse runs as an
// asynchronous child process, so the server keeps answering; it compresses like GitHub Pages.
// Reports: test-results/lighthouse/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { serveStatic } from './site/static-server.ts';

const BUDGET = { performance: 90, accessibility: 100 };
const buildDir = path.resolve('build');
const reportDir = path.resolve('test-results', 'lighthouse');
const chrome = process.env['CHROME_PATH'] || '/usr/bin/chromium';
// The base path the site was built for (GitHub Pages builds it for /<repository>/).
const basePath = (process.env['GHOSTWIRE_BASE_URL'] || '').replace(/^\/+|\/+$/g, '');

/** Every .html file under `dir`, with its size. */
async function htmlFiles(dir: string): Promise<{ file: string; bytes: number }[]> {
  const out: { file: string; bytes: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/(^|\/)(404|search)\.html$/.test(path.relative(buildDir, file))) continue;
    out.push({ file, bytes: (await stat(file)).size });
  }
  return out;
}

/** The route of a built page: build/docs/x.html is /docs/x, build/index.html is /. */
const routeOf = (file: string) =>
  `/${path
    .relative(buildDir, file)
    .replace(/(^|\/)index\.html$/, '')
    .replace(/\.html$/, '')}`;

interface Scores {
  route: string;
  bytes: number;
  benchmarkIndex: number;
  multiplier: number;
  performance: number;
  accessibility: number;
  lcp: string;
  tbt: string;
  failedAudits: string[];
}

// The mobile preset slows the CPU 4x, assuming a desktop-class host about 4x faster than
// the emulated phone (a Lighthouse benchmark index near 1,000 against about 250 for a
// low-tier phone; Chrome DevTools' CPU calibration uses 1,000 for a Pixel 5 and 264 for a
// Moto G Power 2022). On a slower or busy host 4x over-throttles, so a run whose benchmark
// index is below 1,000 is repeated with the multiplier that puts it at the same phone.
const PHONE_INDEX = 250;
const DEFAULT_MULTIPLIER = 4;
const multiplierFor = (benchmarkIndex: number) =>
  Math.max(1, Math.min(DEFAULT_MULTIPLIER, Math.round((benchmarkIndex / PHONE_INDEX) * 10) / 10));

async function audit(url: string, route: string, bytes: number, multiplier = DEFAULT_MULTIPLIER): Promise<Scores> {
  const name = route === '/' ? 'landing' : route.replace(/^\//, '').replace(/\//g, '_');
  const output = path.join(reportDir, `${name}.json`);
  const result = await execa(
    'lighthouse',
    [
      url,
      '--only-categories=performance,accessibility',
      '--output=json',
      '--output=html',
      `--output-path=${path.join(reportDir, name)}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      '--quiet',
      `--throttling.cpuSlowdownMultiplier=${multiplier}`,
    ],
    { preferLocal: true, reject: false, all: true, env: { CHROME_PATH: chrome } },
  );
  if (result.exitCode !== 0) throw new Error(`Lighthouse could not audit ${url}:\n${result.all}`);
  const report = JSON.parse(await readFile(output.replace(/\.json$/, '.report.json'), 'utf8')) as {
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<string, { score: number | null; displayValue?: string; title: string }>;
    environment: { benchmarkIndex: number };
  };
  const score = (key: string) => Math.round((report.categories[key]?.score ?? 0) * 100);
  const a11yFailures = (report.categories['accessibility']?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0 && report.audits[ref.id]?.score === 0)
    .map((ref) => `${ref.id}: ${report.audits[ref.id]?.title}`);
  const benchmarkIndex = Math.round(report.environment.benchmarkIndex);
  const calibrated = multiplierFor(benchmarkIndex);
  if (multiplier === DEFAULT_MULTIPLIER && calibrated < DEFAULT_MULTIPLIER) {
    console.log(`  benchmark index ${benchmarkIndex}: again with CPU slowdown ${calibrated}x instead of 4x`);
    return audit(url, route, bytes, calibrated);
  }
  return {
    route,
    bytes,
    benchmarkIndex,
    multiplier,
    performance: score('performance'),
    accessibility: score('accessibility'),
    lcp: report.audits['largest-contentful-paint']?.displayValue ?? '?',
    tbt: report.audits['total-blocking-time']?.displayValue ?? '?',
    failedAudits: a11yFailures,
  };
}

async function main(): Promise<number> {
  if (!existsSync(path.join(buildDir, 'index.html'))) {
    console.error('No site in build/: run `npm run build` first.');
    return 2;
  }
  if (!existsSync(chrome)) {
    console.error(`No Chromium at ${chrome}: set CHROME_PATH to a Chrome or Chromium binary.`);
    return 2;
  }
  await mkdir(reportDir, { recursive: true });
  const pages = (await htmlFiles(buildDir)).sort((a, b) => routeOf(a.file).localeCompare(routeOf(b.file)));
  const args = process.argv.slice(2);
  let targets = pages;
  if (args.includes('--quick')) {
    const largest = pages.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    targets = pages.filter((p) => routeOf(p.file) === '/' || p === largest);
  } else if (args.length > 0) {
    targets = pages.filter((p) => args.includes(routeOf(p.file)));
    const missing = args.filter((a) => !pages.some((p) => routeOf(p.file) === a));
    if (missing.length > 0) {
      console.error(`No built page for ${missing.join(', ')}; routes look like / or /docs/integration-patterns/tls.`);
      return 2;
    }
  }

  // Serve build/ at the base path it was built for, through a symlink in a temporary root.
  let root = buildDir;
  let tmp: string | undefined;
  if (basePath) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-lighthouse-'));
    await mkdir(path.dirname(path.join(tmp, basePath)), { recursive: true });
    await symlink(buildDir, path.join(tmp, basePath), 'dir');
    root = tmp;
  }
  const site = await serveStatic(root, { published: true });
  const results: Scores[] = [];
  try {
    for (const page of targets) {
      const route = routeOf(page.file);
      const url = `${site.url}${basePath ? `/${basePath}` : ''}${route}`;
      console.log(`Lighthouse (mobile) ${route} (${Math.round(page.bytes / 1024)} KB of HTML)…`);
      results.push(await audit(url, route, page.bytes));
    }
  } finally {
    await site.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }

  let failed = 0;
  console.log('\npage                                   HTML KB  performance  accessibility  LCP      TBT       CPU');
  for (const r of results) {
    const ok = r.performance >= BUDGET.performance && r.accessibility >= BUDGET.accessibility;
    if (!ok) failed += 1;
    console.log(
      `${ok ? '✔' : '✘'} ${r.route.padEnd(36)} ${String(Math.round(r.bytes / 1024)).padStart(7)}` +
        `  ${String(r.performance).padStart(11)}  ${String(r.accessibility).padStart(13)}  ${r.lcp.padEnd(8)} ` +
        `${r.tbt.padEnd(9)}` +
        ` index ${r.benchmarkIndex}, ${r.multiplier}x`,
    );
    for (const audit of r.failedAudits) console.log(`    accessibility: ${audit}`);
  }
  console.log(
    `\nBudget: performance ≥ ${BUDGET.performance}, accessibility ≥ ${BUDGET.accessibility}. ` +
      `Reports in ${path.relative(process.cwd(), reportDir)}/.`,
  );
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 2;
});
