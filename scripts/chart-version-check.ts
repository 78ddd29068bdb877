// Pull request check: a change under chart/ needs a higher chart version than
// the base branch has, so that every published chart version is immutable.
//
//   npx tsx scripts/chart-version-check.ts --base origin/main
//
// Exit 0: no chart change, or the version was raised; 1: the version must be
// raised (the message says to what); 2: the check could not run.
import { execa } from 'execa';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

export type Semver = [number, number, number, string];

export function parseSemver(v: string): Semver | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''] : undefined;
}

/** Negative, zero or positive like a sort comparator; a pre-release sorts before its release. */
export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === b[3]) return 0;
  if (a[3] === '') return 1;
  if (b[3] === '') return -1;
  return a[3] < b[3] ? -1 : 1;
}

export interface BumpInput {
  /** Paths changed between the base and this commit. */
  changed: string[];
  /** Chart.yaml version on the base branch; undefined when the chart is new there. */
  baseVersion?: string;
  headVersion: string;
}

export interface BumpResult {
  ok: boolean;
  message: string;
}

export function checkVersionBump(i: BumpInput): BumpResult {
  const chartFiles = i.changed.filter((f) => f.startsWith('chart/'));
  const head = parseSemver(i.headVersion);
  if (!head) return { ok: false, message: `chart/Chart.yaml: version "${i.headVersion}" is not a semantic version` };
  if (chartFiles.length === 0) return { ok: true, message: 'no change under chart/, no version bump needed' };
  if (i.baseVersion === undefined) return { ok: true, message: `new chart, version ${i.headVersion}` };
  const base = parseSemver(i.baseVersion);
  if (base && compareSemver(head, base) > 0)
    return { ok: true, message: `chart version raised from ${i.baseVersion} to ${i.headVersion}` };
  const next = base ? `${base[0]}.${base[1]}.${base[2] + 1}` : 'a higher version';
  return {
    ok: false,
    message:
      `chart/Chart.yaml: version is ${i.headVersion}, not higher than ${i.baseVersion} on the base branch, ` +
      `but ${chartFiles.length} file(s) under chart/ changed (${chartFiles.slice(0, 3).join(', ')}` +
      `${chartFiles.length > 3 ? ', ...' : ''}). Raise version to ${next} or higher (minor for new values, ` +
      'major for changes that need action on upgrade) and add an artifacthub.io/changes entry.',
  };
}

async function git(args: string[], cwd: string): Promise<string> {
  return (await execa('git', args, { cwd })).stdout;
}

export async function checkRepository(base: string, cwd = process.cwd()): Promise<BumpResult> {
  const changed = (await git(['diff', '--name-only', `${base}...HEAD`, '--', 'chart/'], cwd)).split('\n');
  const head = parse(await git(['show', 'HEAD:chart/Chart.yaml'], cwd)) as { version?: unknown };
  let baseVersion: string | undefined;
  try {
    baseVersion = String(
      (parse(await git(['show', `${base}:chart/Chart.yaml`], cwd)) as { version?: unknown }).version,
    );
  } catch {
    baseVersion = undefined;
  }
  return checkVersionBump({ changed: changed.filter(Boolean), baseVersion, headVersion: String(head.version) });
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--base');
  const base = at >= 0 ? argv[at + 1] : undefined;
  if (!base) {
    console.error('usage: npx tsx scripts/chart-version-check.ts --base <git ref, e.g. origin/main>');
    return 2;
  }
  try {
    const r = await checkRepository(base);
    (r.ok ? console.log : console.error)(r.message);
    return r.ok ? 0 : 1;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`cannot compare with ${base}: ${msg.split('\n')[0]} (fetch the base branch with fetch-depth: 0)`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
