// Reading what `docusaurus build` wrote: the HTML pages under build/ and the id
// attributes of their elements.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const buildDir = path.join(repo, 'build');

/** Why the built site cannot be tested, or undefined when build/ holds a build that succeeded. */
export function siteBuildProblem(): string | undefined {
  if (process.env['GHOSTWIRE_SITE_BUILD'] === 'failed') return 'site build failed';
  if (!existsSync(path.join(buildDir, 'index.html')))
    return 'no site build in build/ (run `npm run build` first, or `npm test`)';
  return undefined;
}

/** Every .html file under a folder, relative paths, sorted. */
export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * The id attributes of the elements of an HTML page, in document order. Only real
 * start tags count: script and style bodies are dropped first, and text such as
 * `id="x"` inside a code block is text (its `<` is escaped), not a tag.
 */
export function elementIds(html: string): string[] {
  const markup = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  const ids: string[] = [];
  for (const tag of markup.matchAll(/<[a-zA-Z][^\s/>]*(\s[^>]*)?>/g)) {
    const attributes = tag[1] ?? '';
    const id = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i.exec(attributes);
    if (id) ids.push(id[1] ?? id[2] ?? id[3] ?? '');
  }
  return ids;
}

/** Ids that occur more than once, each once, in order of their second occurrence. */
export function repeatedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}
