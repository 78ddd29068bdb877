// --changed-since REF: the paths a pull request's changes affect. Asks git what changed
// since the merge base with REF (committed, staged, unstaged and untracked files), then maps
// that to what must be validated again. The mapping is pure; git is the edge.
import { execa } from 'execa';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { HarnessError, isSourceName, JSON_EXT, PAGE_EXT, rel, YAML_EXT } from './files.ts';
import { importersOf, scanImports, type ImportGraph } from './scope.ts';

/** A change under any of these may change every verdict: validate everything. */
export const EVERYTHING_PREFIXES = ['chart/', 'scripts/harness/'];
export const EVERYTHING_FILES = new Set(['harness.config.json', 'package.json', 'package-lock.json']);

export type Affected = { all: true } | { all: false; paths: string[] };

/**
 * Maps changed files (relative to cwd, deleted ones included) to the paths to validate.
 * `exists` tells which can still be validated (see validatable); `graph` holds what the pages under docs/ import.
 */
export function affectedPaths(
  changed: readonly string[],
  graph: ImportGraph,
  exists: (f: string) => boolean,
): Affected {
  const out = new Set<string>();
  const pages: string[] = [];
  for (const f of changed) {
    if (EVERYTHING_FILES.has(f) || EVERYTHING_PREFIXES.some((p) => f.startsWith(p))) return { all: true };
    const example = f.startsWith('examples/');
    if (!example && !f.startsWith('docs/')) continue;
    if (PAGE_EXT.test(f)) {
      if (exists(f)) out.add(f);
      pages.push(f);
    } else if (example) {
      const dir = path.posix.dirname(f);
      if (exists(dir) && dir !== 'examples') out.add(dir);
      if (YAML_EXT.test(f) || JSON_EXT.test(f)) pages.push(...importersOf(graph, f, true));
    }
  }
  // The pages importing a changed page or example, up to the pages nothing imports.
  const seen = new Set<string>();
  while (pages.length > 0) {
    const p = pages.pop() as string;
    if (seen.has(p)) continue;
    seen.add(p);
    if (exists(p)) out.add(p);
    pages.push(...importersOf(graph, p));
  }
  return { all: false, paths: [...out].sort() };
}

async function git(args: string[], cwd: string): Promise<string> {
  const r = await execa('git', args, { cwd, reject: false });
  if (r.exitCode !== 0 || r.failed)
    throw new HarnessError(
      `git ${args.join(' ')} failed: ${String(r.stderr || r.message || 'no output').split('\n')[0]}`,
    );
  return r.stdout;
}

/** The files changed since the merge base of `ref` and HEAD, relative to cwd. */
export async function changedFiles(ref: string, cwd: string): Promise<string[]> {
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  } catch {
    throw new HarnessError(
      `--changed-since ${ref}: git knows no such commit here. Fetch it first (git fetch origin main) ` +
        'and pass a branch, tag or commit, for example origin/main.',
    );
  }
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  const base = (await git(['merge-base', ref, 'HEAD'], cwd).catch(() => ref)).trim();
  const diff = await git(['diff', '--name-only', '--no-renames', '-z', base, '--'], cwd);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], cwd);
  const names = [...diff.split('\0'), ...untracked.split('\0')].filter(Boolean);
  const here = realpathSync(cwd);
  return [...new Set(names.map((n) => rel(path.join(top, n), here)))].sort();
}

/** Whether a path can still be validated: a file that exists, or a folder holding a source file. */
export function validatable(cwd: string): (f: string) => boolean {
  return (f) => {
    const abs = path.resolve(cwd, f);
    try {
      if (!statSync(abs).isDirectory()) return true;
      return readdirSync(abs, { recursive: true }).some((n) => isSourceName(path.basename(String(n))));
    } catch {
      return false;
    }
  };
}

/** What to validate for `--changed-since ref`: everything, or the affected paths (maybe none). */
export async function pathsChangedSince(ref: string, cwd: string): Promise<Affected> {
  const changed = await changedFiles(ref, cwd);
  return affectedPaths(changed, await scanImports(['docs'], cwd), validatable(cwd));
}
