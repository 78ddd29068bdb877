// Packages the chart for release: a staged copy whose README has no Docusaurus
// front matter and no links outside the chart (they point at the repository on
// GitHub instead, from Chart.yaml `home`), then `helm package` with Helm 4.
//
//   npx tsx scripts/chart-package.ts --out dist
//
// Prints key=value lines for $GITHUB_OUTPUT: chart (the .tgz), name, version,
// helm (the helm binary used, for `helm push` in the same job).
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { resolveHelm } from './harness/helm';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHART_DIR = path.join(ROOT, 'chart');

/** Drops a leading `---` front matter block. */
export function stripFrontMatter(markdown: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n+/.exec(markdown);
  return m ? markdown.slice(m[0].length) : markdown;
}

/**
 * Rewrites Markdown links that leave the chart folder (`](../docs/x.mdx#a)`) to
 * `<repository>/blob/<ref>/docs/x.mdx#a`. Links inside the chart, absolute
 * URLs and anchors stay as they are.
 */
export function externalLinks(markdown: string, repository: string, ref = 'main'): string {
  return markdown.replace(/\]\((\.\.\/[^)\s]+)\)/g, (_all, target: string) => {
    const [file = '', anchor] = target.split('#');
    const inRepo = path.posix.normalize(path.posix.join('chart', file));
    if (inRepo.startsWith('..')) throw new Error(`chart/README.md links outside the repository: ${target}`);
    return `](${repository.replace(/\/$/, '')}/blob/${ref}/${inRepo}${anchor ? `#${anchor}` : ''})`;
  });
}

/** The README as it goes into the package. */
export function packagedReadme(markdown: string, repository: string): string {
  return externalLinks(stripFrontMatter(markdown), repository);
}

export interface Packaged {
  chart: string;
  name: string;
  version: string;
  helm: string;
}

/** Stages chart/ with the packaged README and runs `helm package` into `outDir`. */
export async function packageChart(outDir: string, chartDir = CHART_DIR): Promise<Packaged> {
  const meta = parse(await readFile(path.join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, string>;
  const { name, version, home } = meta;
  if (!name || !version || !home?.startsWith('https://'))
    throw new Error(`${chartDir}/Chart.yaml needs name, version and an https:// home`);
  const stage = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-package-'));
  try {
    const staged = path.join(stage, name);
    await cp(chartDir, staged, { recursive: true });
    const readme = await readFile(path.join(chartDir, 'README.md'), 'utf8');
    await writeFile(path.join(staged, 'README.md'), packagedReadme(readme, home));
    const helm = await resolveHelm({ major: 4 });
    await mkdir(outDir, { recursive: true });
    const r = await execa(helm.path, ['package', staged, '--destination', outDir], { reject: false });
    if (r.exitCode !== 0) throw new Error(`helm package failed: ${r.stderr || r.stdout}`);
    return { chart: path.join(path.resolve(outDir), `${name}-${version}.tgz`), name, version, helm: helm.path };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : undefined;
  if (!out) {
    console.error('usage: npx tsx scripts/chart-package.ts --out <folder>');
    return 2;
  }
  try {
    const p = await packageChart(out);
    for (const [k, v] of Object.entries(p)) console.log(`${k}=${v}`);
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
