// Stage 0: the PATH arguments → source files with their text. Edge (reads the disk).
// Symbolic links are followed; a link back into a folder being walked is reported
// (SYMLINK_LOOP), never followed forever. What cannot be read becomes a typed finding.
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, realpath, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatSize } from './sizes.ts';
import type { Finding } from './types.ts';

export { formatSize, parseSize } from './sizes.ts';

export const PAGE_EXT = /\.mdx?$/i;
export const YAML_EXT = /\.ya?ml$/i;
/** JSON is YAML: a `.json` manifest named on the command line is validated like a YAML file. */
export const JSON_EXT = /\.json$/i;
/** Default size cap (--max-file-size): no example page or manifest is this big. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Per-folder context for the cross-checks; read by context.ts, not validated as an example. */
export const CONTEXT_FILE = '.ghostwire.yaml';

export class HarnessError extends Error {
  override name = 'HarnessError';
}

export interface SourceFile {
  file: string;
  text: string;
}

export interface Listing {
  /** Source files, relative to cwd, in walk order, each once. */
  files: string[];
  /** Links that loop, links to nothing, folders that cannot be read. */
  findings: Finding[];
}

export function rel(p: string, cwd = process.cwd()): string {
  return path.relative(cwd, path.resolve(cwd, p)).split(path.sep).join('/');
}

const fileFinding = (code: string, file: string, message: string): Finding => ({
  code,
  severity: 'error',
  file,
  line: 1,
  path: '',
  message,
});

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** Whether a walked folder entry is a file the harness validates (JSON only when named explicitly). */
export function isSourceName(name: string): boolean {
  return (PAGE_EXT.test(name) || YAML_EXT.test(name)) && name !== CONTEXT_FILE;
}

const SKIP_DIRS = new Set(['node_modules', 'build']);

/** Walks a folder; `ancestors` holds the real paths of the folders above, to catch loops. */
async function walk(dir: string, ancestors: Set<string>, cwd: string, out: Listing): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const f = rel(dir, cwd);
    out.findings.push(
      fileFinding(
        'UNREADABLE_FOLDER',
        f,
        `The folder ${f} cannot be read (${errno(err)}); its files are not checked. Fix its permissions or remove it.`,
      ),
    );
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (SKIP_DIRS.has(e.name) || (e.name.startsWith('.') && e.name !== CONTEXT_FILE)) continue;
    const p = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const st = await stat(p);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch (err) {
        const f = rel(p, cwd);
        const loop = errno(err) === 'ELOOP';
        out.findings.push(
          fileFinding(
            loop ? 'SYMLINK_LOOP' : 'BROKEN_SYMLINK',
            f,
            loop
              ? `The link ${f} points back to itself through other links; remove or fix it.`
              : `The link ${f} points to something that does not exist (${errno(err)}); fix or remove it.`,
          ),
        );
        continue;
      }
    }
    if (isDir) await enterFolder(p, ancestors, cwd, out);
    else if (isFile && isSourceName(e.name)) out.files.push(p);
  }
}

async function enterFolder(dir: string, ancestors: Set<string>, cwd: string, out: Listing): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    const f = rel(dir, cwd);
    out.findings.push(fileFinding('UNREADABLE_FOLDER', f, `The folder ${f} cannot be resolved (${errno(err)}).`));
    return;
  }
  if (ancestors.has(real)) {
    const f = rel(dir, cwd);
    out.findings.push(
      fileFinding(
        'SYMLINK_LOOP',
        f,
        `${f} links back to ${rel(real, cwd) || '.'}, a folder that contains it, so walking it would never end. ` +
          'It is not followed; replace the link with the files it should show.',
      ),
    );
    return;
  }
  await walk(dir, new Set([...ancestors, real]), cwd, out);
}

/**
 * Lists the source files under the given paths. A path that does not exist stops the run (exit 2).
 * A `.ghostwire.yaml` named alone stands for its folder; a `.json` file named alone is validated.
 */
export async function listSources(paths: readonly string[], cwd = process.cwd()): Promise<Listing> {
  const out: Listing = { files: [], findings: [] };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch (err) {
      const why =
        errno(err) === 'ELOOP'
          ? 'it is a symbolic link that loops'
          : errno(err) === 'ENOENT'
            ? 'no such file or folder'
            : String(errno(err));
      throw new HarnessError(
        `cannot read ${p}: ${why}. Pass existing files or folders (default: docs/ examples/ chart/README.md).`,
      );
    }
    const before = out.files.length + out.findings.length;
    if (st.isDirectory()) {
      await enterFolder(abs, new Set(), cwd, out);
      if (out.files.length + out.findings.length === before)
        throw new HarnessError(
          `${p} holds no .md, .mdx, .yaml or .yml file, so there is nothing to validate ` +
            '(.json files are validated only when named one by one).',
        );
    } else if (path.basename(abs) === CONTEXT_FILE) await enterFolder(path.dirname(abs), new Set(), cwd, out);
    else out.files.push(abs);
  }
  const seen = new Set<string>();
  out.files = out.files.map((f) => rel(f, cwd)).filter((f) => !seen.has(f) && seen.add(f));
  return out;
}

/**
 * Reads a file as UTF-8 text, or explains why it cannot be an example. Synchronous inside:
 * a run reads its files one after another, and a thread-pool round trip per small file cost
 * more than the read.
 */
export async function readSource(
  file: string,
  cwd = process.cwd(),
  maxBytes = MAX_FILE_BYTES,
): Promise<{ source?: SourceFile; finding?: Finding }> {
  const abs = path.resolve(cwd, file);
  const bad = (code: string, message: string) => ({ finding: fileFinding(code, file, message) });
  let size: number;
  try {
    size = statSync(abs).size;
  } catch (err) {
    if (errno(err) === 'ENOENT') throw new HarnessError(`cannot read ${file}: no such file.`);
    return bad('UNREADABLE_FILE', `This file cannot be read (${errno(err)}). Fix its permissions or remove it.`);
  }
  if (size > maxBytes)
    return bad(
      'FILE_TOO_LARGE',
      `This file is ${(size / 1048576).toFixed(1)} MiB; the harness reads files up to ${formatSize(maxBytes)} ` +
        '(--max-file-size). Split it, or keep generated data out of docs/ and examples/.',
    );
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (err) {
    return bad('UNREADABLE_FILE', `This file cannot be read (${errno(err)}). Fix its permissions or remove it.`);
  }
  if (bytes.includes(0))
    return bad(
      'BINARY_FILE',
      'This file contains NUL bytes, so it is binary, not Markdown or YAML. ' +
        'Remove it or move it out of the validated folders.',
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bad('NOT_UTF8', 'This file is not valid UTF-8. Save it as UTF-8.');
  }
  return { source: { file, text: text.replace(/^\uFEFF/, '') } };
}

/** The source files under the given paths (see listSources), without the link and folder findings. */
export async function listFiles(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  return (await listSources(paths, cwd)).files;
}

/**
 * Writes a cache file whole or not at all (a temporary name, then a rename), so a concurrent
 * run never reads half of it. Best effort: a cache that cannot be written only costs time.
 */
export async function writeCacheFile(file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch {
    // A read-only tree: the next run does the work again.
  }
}
