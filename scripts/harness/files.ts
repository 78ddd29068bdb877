// Stage 0: the PATH arguments → source files with their text. Edge (reads the disk).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from './types.ts';

export const PAGE_EXT = /\.mdx?$/i;
export const YAML_EXT = /\.ya?ml$/i;
/** Larger files are reported, not parsed: no example page or manifest is this big. */
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

export function rel(p: string, cwd = process.cwd()): string {
  return path.relative(cwd, path.resolve(cwd, p)).split(path.sep).join('/');
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'build' || (e.name.startsWith('.') && e.name !== CONTEXT_FILE))
      continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && (PAGE_EXT.test(e.name) || YAML_EXT.test(e.name)) && e.name !== CONTEXT_FILE) out.push(p);
  }
}

/** Lists the source files under the given paths. A path that does not exist stops the run (exit 2). */
export async function listFiles(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch {
      throw new HarnessError(
        `cannot read ${p}: no such file or folder. Pass existing files or folders (default: docs/ examples/ chart/README.md).`,
      );
    }
    if (st.isDirectory()) await walk(abs, out);
    else out.push(abs);
  }
  return [...new Set(out.map((f) => rel(f, cwd)))];
}

/** Reads a file as UTF-8 text, or explains why it cannot be an example. */
export async function readSource(
  file: string,
  cwd = process.cwd(),
): Promise<{ source?: SourceFile; finding?: Finding }> {
  const abs = path.resolve(cwd, file);
  const bad = (code: string, message: string) => ({
    finding: { code, severity: 'error' as const, file, line: 1, path: '', message },
  });
  let size: number;
  try {
    size = (await stat(abs)).size;
  } catch {
    throw new HarnessError(`cannot read ${file}: no such file.`);
  }
  if (size > MAX_FILE_BYTES)
    return bad(
      'FILE_TOO_LARGE',
      `This file is ${(size / 1048576).toFixed(1)} MiB; the harness reads files up to ${MAX_FILE_BYTES / 1048576} MiB. Split it, or keep generated data out of docs/ and examples/.`,
    );
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (err) {
    throw new HarnessError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  if (bytes.includes(0))
    return bad(
      'BINARY_FILE',
      'This file contains NUL bytes, so it is binary, not Markdown or YAML. Remove it or move it out of the validated folders.',
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bad('NOT_UTF8', 'This file is not valid UTF-8. Save it as UTF-8.');
  }
  return { source: { file, text: text.replace(/^\uFEFF/, '') } };
}
