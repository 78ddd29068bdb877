// Issue 11, item 2: a page never has two headings (or any two elements) with the
// same id. The remark plugin fails the build; the built HTML is checked as well,
// since a page that imports partials is compiled file by file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import docusaurusHeadings from '@docusaurus/mdx-loader/lib/remark/headings/index.js';
import { escapeMarkdownHeadingIds } from '@docusaurus/utils';
import config from '../docusaurus.config.ts';
import remarkUniqueHeadingIds, { duplicateHeadingIds } from '../src/remark/heading-ids.ts';
import { buildDir, elementIds, htmlFiles, repeatedIds, repo, siteBuildProblem } from './helpers/built-pages.ts';

const fixtures = path.join(repo, 'test/fixtures/duplicate-heading-ids');

/** The fixture through the heading steps of Docusaurus's MDX pipeline, then the check. */
async function compile(name: string): Promise<void> {
  // As Docusaurus does with MDX 1 compatibility on: `{#id}` is escaped before parsing.
  const value = escapeMarkdownHeadingIds(await readFile(path.join(fixtures, name), 'utf8'));
  const file = { path: path.join(fixtures, name), cwd: repo, value };
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(docusaurusHeadings as never, { anchorsMaintainCase: false })
    .use(remarkUniqueHeadingIds);
  await processor.run(processor.parse(file.value), file as never);
}

describe('duplicateHeadingIds', () => {
  const h = (id: string, line: number) => ({ id, line, text: `heading ${line}` });
  it.each([
    ['no headings', [], []],
    ['distinct ids', [h('a', 1), h('b', 2)], []],
    ['a repeat', [h('a', 1), h('b', 2), h('a', 3)], [['a', 1, 3]]],
    [
      'three of a kind: each repeat names the first',
      [h('a', 1), h('a', 2), h('a', 3)],
      [
        ['a', 1, 2],
        ['a', 1, 3],
      ],
    ],
  ])('%s', (_name, headings, expected) => {
    const found = duplicateHeadingIds(headings).map((d) => [d.id, d.first.line, d.again.line]);
    expect(found).toEqual(expected);
  });
});

describe('the remark check, after Docusaurus assigns heading ids', () => {
  it('fails on an explicit id used twice, naming the file, both lines and the fix', async () => {
    const error = await compile('explicit-id-twice.mdx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('test/fixtures/duplicate-heading-ids/explicit-id-twice.mdx:7');
    expect(message).toContain('"Backup" has the id "pitfalls", like "Network policy" on line 3');
    expect(message).toContain('explicit id ({#some-id}) or a distinct title');
  });

  it('fails on an explicit id that repeats an automatic one', async () => {
    await expect(compile('explicit-id-shadows-automatic.mdx')).rejects.toThrow(
      /shadows-automatic\.mdx:7: the heading "Another section" has the id "kasmvnc-pitfalls", like "KasmVNC pitfalls"/,
    );
  });

  it.each(['same-title-twice.mdx', 'distinct.mdx'])('passes %s', async (name) => {
    await expect(compile(name)).resolves.toBeUndefined();
  });

  it('is registered for the docs in docusaurus.config.ts', () => {
    const presets = (config.presets ?? []) as unknown[];
    const classic = presets.find(
      (p): p is [string, { docs?: { remarkPlugins?: unknown[] } }] => Array.isArray(p) && p[0] === 'classic',
    );
    expect(classic?.[1].docs?.remarkPlugins).toContain(remarkUniqueHeadingIds);
  });
});

describe('elementIds over HTML', () => {
  it('finds the repeated heading id, not ids in scripts or code text', async () => {
    const html = await readFile(path.join(fixtures, 'page-with-duplicates.html'), 'utf8');
    expect(elementIds(html)).toEqual(['__docusaurus', 'kasmvnc-pitfalls', 'kasmvnc-pitfalls', 'other', 'Other']);
    expect(repeatedIds(elementIds(html))).toEqual(['kasmvnc-pitfalls']);
  });

  it('finds nothing repeated in a clean page', async () => {
    const html = await readFile(path.join(fixtures, 'page-without-duplicates.html'), 'utf8');
    expect(repeatedIds(elementIds(html))).toEqual([]);
  });
});

const buildProblem = siteBuildProblem();
describe.skipIf(buildProblem)(`every built page${buildProblem ? ` (skipped: ${buildProblem})` : ''}`, () => {
  it('has no id on two elements', async () => {
    const files = await htmlFiles(buildDir);
    expect(files.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const file of files) {
      const repeated = repeatedIds(elementIds(await readFile(path.join(buildDir, file), 'utf8')));
      if (repeated.length > 0) problems.push(`build/${file}: ${repeated.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});
