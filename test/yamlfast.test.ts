// The fast reader and the careful path must give the same answer for every document the
// fast reader accepts: values, document lines, and the position of every path (and of
// paths that do not exist). The corpus: every YAML file and YAML fence of the repository,
// documents in the benchmark's style, and the tricky layouts below.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extractPage, extractYamlFile } from '../scripts/harness/extract.ts';
import type { Snippet } from '../scripts/harness/types.ts';
import { parseCareful } from '../scripts/harness/yamlcareful.ts';
import { parseSnippet } from '../scripts/harness/yamldoc.ts';
import { yamlFence } from './helpers/yaml-fence.ts';
import { readFast } from '../scripts/harness/yamlfast.ts';
import { repoRoot } from './helpers/harness.ts';

function walk(dir: string, re: RegExp): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && re.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)));
}

function repositorySnippets(): Snippet[] {
  const files = walk('examples', /\.ya?ml$/).map((f) =>
    extractYamlFile(f, readFileSync(path.join(repoRoot, f), 'utf8')),
  );
  const pages = [...walk('docs', /\.mdx?$/), 'chart/README.md'].flatMap(
    (f) => extractPage(f, readFileSync(path.join(repoRoot, f), 'utf8')).snippets,
  );
  return [
    ...files,
    ...pages,
    extractYamlFile('chart/values.yaml', readFileSync(path.join(repoRoot, 'chart/values.yaml'), 'utf8')),
  ];
}

const TRICKY = [
  'a:\n  - b\n  - c: 1\n    d: [x, "y", {z: 2}]\n',
  'key:\n- a\n- b\nother: |\n  line 1\n    indented\n\n  after blank\n',
  'folded: >-\n  one\n  two\nkeep: |+\n  x\n\nclip: |\n  y\n',
  "quoted: 'it''s'\ndq: \"tab\\there \\u00e9\"\nurl: http://x:80/a#b\nc: a #comment\n",
  '# lead\n\n# more\nspec:\n  ports:\n    - port: 80 # http\n      name: http\n',
  'list:\n- - nested\n',
  'a: "b"#c\n',
  'empty:\nnext: 1\n',
  'n: [1, 2,]\n',
  'x: 0777\ny: yes\nz: 1_000\nw: 0x1F\nv: .5\nu: -.inf\nt: ~\n',
];

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
    out.push([...prefix, 'no-such-key']);
  }
  return out;
}

function compare(s: Snippet): void {
  const fast = parseSnippet(s);
  const careful = parseCareful(s);
  expect(fast.findings).toEqual(careful.findings);
  expect(fast.warnings).toEqual(careful.warnings);
  const content = (r: typeof fast) => r.docs.filter((d) => !d.empty);
  expect(content(fast).map((d) => [d.line, d.value])).toEqual(content(careful).map((d) => [d.line, d.value]));
  content(fast).forEach((d, i) => {
    for (const p of paths(d.value)) expect([p, d.locate(p)]).toEqual([p, content(careful)[i]?.locate(p)]);
  });
}

const fence = yamlFence;

describe('the fast reader returns the careful answer', () => {
  const snippets = repositorySnippets();
  it('for every YAML file and fence of the repository', { timeout: 120_000 }, () => {
    expect(snippets.length).toBeGreaterThan(100);
    for (const s of snippets) compare(s);
  });

  it.each(TRICKY.map((text) => ({ text })))('for $text', ({ text }) => {
    compare(fence(text));
  });

  it('for documents in the benchmark style', () => {
    const doc = (i: number) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app-${i}`, labels: { 'app.kubernetes.io/name': `app-${i}` } },
      spec: {
        replicas: i,
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'r/app:1.0', ports: [{ containerPort: 8080 }], args: ['--a', `--n=${i}`] },
            ],
          },
        },
      },
      data: { 'settings.ini': `[app]\nid = ${i}\n`, empty: '', quoted: 'yes', num: '0777' },
    });
    const text = Array.from({ length: 50 }, (_, i) => stringify(doc(i))).join('---\n');
    compare(extractYamlFile('bench.yaml', text));
  });

  // parseSnippet reads values only, and positions again when a finding asks for one.
  it('reads the same values and warnings with and without positions, and keeps none without', () => {
    for (const s of [...snippets.slice(0, 200), ...TRICKY.map((t, i) => extractYamlFile(`t${i}.yaml`, t))]) {
      const lines = s.text.split('\n');
      const withPositions = readFast(lines, 0, lines.length);
      const valuesOnly = readFast(lines, 0, lines.length, false);
      expect(valuesOnly === undefined).toBe(withPositions === undefined);
      if (!withPositions || !valuesOnly) continue;
      expect(valuesOnly.root.value).toEqual(withPositions.root.value);
      expect(valuesOnly.warnings).toEqual(withPositions.warnings);
      expect(valuesOnly.root.entries ?? valuesOnly.root.items).toBeUndefined();
    }
  });

  // The speed of the harness rests on the fast reader taking the ordinary documents.
  it('reads nearly every document of the repository itself', () => {
    let docs = 0;
    let fast = 0;
    for (const s of snippets) {
      const lines = s.text.split('\n');
      const cuts = [-1, ...lines.flatMap((l, i) => (/^---\s*$/.test(l) ? [i] : [])), lines.length];
      for (let k = 0; k + 1 < cuts.length; k++) {
        const from = (cuts[k] as number) + 1;
        const to = cuts[k + 1] as number;
        if (lines.slice(from, to).every((l) => /^\s*(#.*)?$/.test(l))) continue;
        docs++;
        if (readFast(lines, from, to)) fast++;
      }
    }
    expect(fast / docs).toBeGreaterThan(0.9);
  });
});
