// Release packaging: the packaged chart carries LICENSE and a README without
// front matter or links outside the chart; the version-bump check for pull
// requests; Chart.yaml's release metadata.
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalLinks, packageChart, packagedReadme, stripFrontMatter } from '../../scripts/chart-package';
import { checkRepository, checkVersionBump, compareSemver, parseSemver } from '../../scripts/chart-version-check';
import { CHART_DIR } from './render';

const REPO = 'https://github.com/ghostwire-dev/ghostwire-docs';

describe('packaged README', () => {
  it('should drop the front matter and keep the rest', () => {
    expect(stripFrontMatter('---\ntitle: x\n---\n\n# Title\n')).toBe('# Title\n');
    expect(stripFrontMatter('# No front matter\n')).toBe('# No front matter\n');
  });

  it.each([
    ['see [guide](../docs/index.md).', `see [guide](${REPO}/blob/main/docs/index.md).`],
    ['[tls](../docs/_patterns/tls.mdx#renewals)', `[tls](${REPO}/blob/main/docs/_patterns/tls.mdx#renewals)`],
    ['[values](./values.yaml) and [site](https://x.org/a)', '[values](./values.yaml) and [site](https://x.org/a)'],
    ['[top](#quickstart)', '[top](#quickstart)'],
  ])('should rewrite %j', (input, output) => {
    expect(externalLinks(input, REPO)).toBe(output);
  });

  it('should refuse a link that leaves the repository', () => {
    expect(() => externalLinks('[x](../../elsewhere.md)', REPO)).toThrow(/links outside the repository/);
  });

  it('should leave no link outside the chart in the real README', async () => {
    const out = packagedReadme(await readFile(path.join(CHART_DIR, 'README.md'), 'utf8'), REPO);
    expect(out.startsWith('# Ghostwire Helm chart\n')).toBe(true);
    expect(out).not.toMatch(/\]\(\.\.\//);
    expect(out).toMatch(/^## Quickstart$/m);
  });
});

describe('helm package', () => {
  let dir: string;
  let files: string[];
  let readme: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-dist-'));
    const p = await packageChart(dir);
    files = (await execa('tar', ['-tzf', p.chart])).stdout.split('\n');
    readme = (await execa('tar', ['-xzOf', p.chart, `${p.name}/README.md`])).stdout;
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('should package LICENSE, README and the chart, without repository-only files', () => {
    expect(files).toEqual(expect.arrayContaining(['ghostwire/LICENSE', 'ghostwire/README.md', 'ghostwire/Chart.yaml']));
    expect(files).not.toContain('ghostwire/icon.svg');
    expect(files).not.toContain('ghostwire/artifacthub-repo.yml');
  });

  it('should carry the README without front matter', () => {
    expect(readme.startsWith('# Ghostwire Helm chart')).toBe(true);
    expect(readme).not.toMatch(/\]\(\.\.\//);
  });
});

describe('Chart.yaml release metadata', () => {
  it('should name the repository as home and source, and an icon', async () => {
    const chart = parse(await readFile(path.join(CHART_DIR, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
    expect(chart['home']).toBe(REPO);
    expect(chart['sources']).toContain(REPO);
    expect(String(chart['icon'])).toMatch(/^https:\/\/.+\.svg$/);
    expect(JSON.stringify(chart)).not.toContain('example.org');
    expect(await readFile(path.join(CHART_DIR, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });
});

describe('version-bump check', () => {
  it('should order versions as semver does', () => {
    const v = (s: string) => parseSemver(s) ?? [0, 0, 0, 'bad'];
    expect(compareSemver(v('0.10.0'), v('0.9.9'))).toBeGreaterThan(0);
    expect(compareSemver(v('1.0.0-rc.1'), v('1.0.0'))).toBeLessThan(0);
    expect(parseSemver('1.0')).toBeUndefined();
  });

  it.each([
    [{ changed: ['docs/x.md'], baseVersion: '0.2.0', headVersion: '0.2.0' }, true, /no change under chart/],
    [{ changed: ['chart/values.yaml'], baseVersion: '0.2.0', headVersion: '0.3.0' }, true, /raised/],
    [{ changed: ['chart/values.yaml'], baseVersion: '0.2.0', headVersion: '0.2.0' }, false, /Raise version to 0\.2\.1/],
    [{ changed: ['chart/README.md'], baseVersion: '0.2.0', headVersion: '0.1.9' }, false, /not higher than 0\.2\.0/],
    [{ changed: ['chart/Chart.yaml'], headVersion: '0.1.0' }, true, /new chart/],
  ])('should judge %j', (input, ok, message) => {
    const r = checkVersionBump(input);
    expect(r.ok).toBe(ok);
    expect(r.message).toMatch(message);
  });

  it('should compare a branch with its base in a real git repository', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-git-'));
    const git = (...a: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: repo });
    try {
      await git('init', '-q', '-b', 'main');
      await execa('mkdir', ['-p', path.join(repo, 'chart')]);
      const chart = (v: string) => writeFile(path.join(repo, 'chart', 'Chart.yaml'), `name: x\nversion: ${v}\n`);
      await chart('0.1.0');
      await git('add', '.');
      await git('commit', '-qm', 'base');
      await git('checkout', '-qb', 'feature');
      await writeFile(path.join(repo, 'chart', 'values.yaml'), 'a: 1\n');
      await git('add', '.');
      await git('commit', '-qm', 'change without bump');
      expect((await checkRepository('main', repo)).ok).toBe(false);
      await chart('0.1.1');
      await git('commit', '-qam', 'bump');
      expect(await checkRepository('main', repo)).toMatchObject({
        ok: true,
        message: expect.stringMatching(/0\.1\.1/),
      });
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
