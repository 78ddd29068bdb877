// Issue 11, item 5: a copy button copies commands and nothing else, and every block
// of chart values names the file it belongs in. Checked on fixtures that break each
// rule, then on every page the site publishes.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fences, metaTitle, pageProblems, shellProblems } from './helpers/code-fences.ts';
import { repo } from './helpers/built-pages.ts';

const fixture = (name: string) => readFile(path.join(repo, 'test/fixtures/copy-unsafe-commands', name), 'utf8');

describe('the copy-safety rules on fixtures', () => {
  it('report each kind of problem at its line', async () => {
    const found = pageProblems(await fixture('unsafe.mdx')).map((p) => `${p.line}: ${p.message.split(';')[0]}`);
    expect(found).toEqual([
      '7: looks like output of the command above',
      '15: looks like output of the command above',
      '21: a comment that leads to no command: is it output? Move it out',
      '29: a "$ " prompt is copied with the command',
      '35: looks like output of the command above',
      '40: a chart values block without a file name: add title="values.yaml" (or values-<scenario>.yaml)',
      '45: a chart values block without a file name: add title="values.yaml" (or values-<scenario>.yaml)',
      '50: <CodeBlock> without a title naming the file it shows',
    ]);
  });

  it('report one problem per run of output lines, not one per line', async () => {
    const [first] = fences(await fixture('unsafe.mdx'));
    expect(first && shellProblems(first)).toHaveLength(1);
  });

  it('accept comments before commands, here-documents, scripts and titled values', async () => {
    expect(pageProblems(await fixture('safe.mdx'))).toEqual([]);
  });

  it('flag a trailing comment at the end of a block', () => {
    const [fence] = fences('```bash\nkubectl get pods\n\n# the pod is Running\n```\n');
    expect(fence && shellProblems(fence).map((p) => p.line)).toEqual([4]);
  });

  it.each([
    ['title="values.yaml"', 'values.yaml'],
    ["values title='values-air-gapped.yaml' id=x", 'values-air-gapped.yaml'],
    ['title=values.yaml values', 'values.yaml'],
    ['values id=x', undefined],
  ])('reads the title of %s', (meta, title) => {
    expect(metaTitle(meta)).toBe(title);
  });
});

/** Every page the site publishes: docs/ and the chart README. */
async function publishedPages(): Promise<string[]> {
  const docs = await readdir(path.join(repo, 'docs'), { recursive: true });
  return [
    ...docs
      .filter((f) => /\.mdx?$/.test(f))
      .map((f) => path.join('docs', f))
      .sort(),
    'chart/README.md',
  ];
}

describe('every published page', async () => {
  const pages = await publishedPages();
  it('includes the layer pages', () => {
    expect(pages).toContain(path.join('docs', 'integration-patterns', 'ingress.mdx'));
  });
  it.each(pages)('%s: commands apart from their output, values blocks titled', async (page) => {
    const problems = pageProblems(await readFile(path.join(repo, page), 'utf8'));
    expect(problems.map((p) => `${page}:${p.line}: ${p.message}`)).toEqual([]);
  });
});
