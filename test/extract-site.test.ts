// The harness finds exactly the fences the site renders: each page of a corpus of tricky
// Markdown/MDX (and every page of the repository) goes through Docusaurus' own MDX
// compiler (@docusaurus/mdx-loader's compileToJSX, with a remark plugin that records the
// code nodes it renders) and through extractPage; both must list the same YAML and shell
// fences, at the same lines, with the same content.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileToJSX } from '@docusaurus/mdx-loader/lib/utils.js';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../scripts/harness/extract.ts';
import { parseMarkdown } from '../scripts/harness/extract-mdx.ts';
import { repoRoot } from './helpers/harness.ts';
import { CORPUS } from './fixtures/extract-corpus/corpus.ts';

const LANGS = new Set(['yaml', 'yml', 'bash', 'sh', 'shell', 'console', 'zsh']);
type Seen = { lang: string; line: number; text: string };

/** What the site renders: the code nodes Docusaurus' compiler sees after its own plugins. */
async function siteFences(file: string, text: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  const collect = () => (tree: { type: string }) => {
    const walk = (n: { type: string; lang?: string; value?: string; position?: { start: { line: number } } }) => {
      const lang = n.lang?.toLowerCase() ?? '';
      if (n.type === 'code' && LANGS.has(lang))
        seen.push({ lang, line: (n.position?.start.line ?? 0) + 1, text: (n.value ?? '').replace(/\r\n?/g, '\n') });
      for (const c of (n as { children?: (typeof n)[] }).children ?? []) walk(c);
    };
    walk(tree);
  };
  const markdownConfig = {
    format: 'mdx',
    mermaid: false,
    emoji: true,
    mdx1Compat: { comments: true, admonitions: true, headingIds: true },
    anchors: { maintainCase: false },
    hooks: { onBrokenMarkdownLinks: 'warn', onBrokenMarkdownImages: 'warn' },
  };
  const options = {
    markdownConfig,
    admonitions: true,
    remarkPlugins: [collect],
    rehypePlugins: [],
    staticDirs: [],
    siteDir: repoRoot,
  };
  const format = /^---\r?\nmdx:\r?\n {2}format: (\w+)/.exec(text)?.[1];
  const frontMatter = format ? { mdx: { format } } : {};
  await compileToJSX({
    fileContent: text,
    filePath: path.join(repoRoot, file),
    frontMatter,
    options,
    compilerName: 'server',
  } as never);
  return seen;
}

/** What the harness finds: snippets, unclosed YAML fences (as findings) and shell commands. */
function harnessFences(file: string, text: string): Seen[] {
  const r = extractPage(file, text);
  expect(r.findings.filter((f) => f.code === 'UNTERMINATED_FENCE' || f.code === 'MDX_SYNTAX')).toEqual([]);
  return [
    ...r.snippets.map((s) => ({ lang: s.lang, line: s.line, text: s.text })),
    ...r.commands.map((c) => ({ lang: c.lang, line: c.line, text: c.text })),
  ].sort((a, b) => a.line - b.line);
}

describe('the harness finds what the site renders', () => {
  it.each(CORPUS)('$name', async ({ name, text, fences }) => {
    const file = name.includes('.md format') ? 'docs/case.md' : 'docs/case.mdx';
    const site = await siteFences(file, text);
    expect(harnessFences(file, text)).toEqual(site);
    // The corpus also states what it expects, so a change in both readers cannot pass unseen.
    expect(site.map((f) => f.line)).toEqual(fences);
  });

  const pages = ['chart/README.md', ...listPages('docs')];
  it.each(pages)('repository page %s', async (file) => {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    expect(harnessFences(file, text)).toEqual(await siteFences(file, text));
  });
});

function listPages(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('the MDX 1 comment syntax, left out of pages without <!--', () => {
  // It matches `<!--` and nothing else, so leaving it out (a sixth of the parse) changes nothing.
  const texts = [
    ...CORPUS.map((c) => c.text),
    ...['chart/README.md', ...listPages('docs')].map((f) => readFileSync(path.join(repoRoot, f), 'utf8')),
    'a <b>x</b> and <-- arrows, <!- almost\n\n```yaml\na: 1\n```\n',
    '- <div>\n\n  ```yaml\n  d: 4\n  ```\n\n< !-- spaced\n',
    'text <!- not a comment\n\n```yaml\ne: 5\n```\n',
  ];
  it.each(['md', 'mdx'] as const)('should read every page the same with it, as %s', (format) => {
    let without = 0;
    for (const text of texts) {
      if (text.includes('<!--')) continue;
      without++;
      expect(parseMarkdown(text, format)).toEqual(parseMarkdown(text, format, true));
    }
    expect(without).toBeGreaterThan(20);
  });
});
