// Bad values files (test/fixtures/chart-bad-values/, one deliberate mistake each,
// grouped by category in the file name) are refused by Helm 3 and Helm 4 with a
// message that matches the file's "# refused: <pattern>" line; their near misses
// (test/fixtures/chart-good-values/) render and pass the restricted profile.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveHelm, type HelmBinary } from '../../scripts/harness/helm';
import { checkRestricted } from './pss';
import { podSpec, render, renderError, type KubeObject, type Obj, type Rendered } from './render';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const BAD_DIR = path.join(FIXTURES, 'chart-bad-values');
const GOOD_DIR = path.join(FIXTURES, 'chart-good-values');

interface ValuesFile {
  file: string;
  values: Obj;
  refused?: RegExp;
}

async function load(dir: string): Promise<ValuesFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      const m = /^# refused: (.+)$/m.exec(text);
      return { file, values: (parse(text) ?? {}) as Obj, refused: m?.[1] ? new RegExp(m[1]) : undefined };
    }),
  );
}

const bad = await load(BAD_DIR);
const good = await load(GOOD_DIR);

/** The categories the issue names; every one needs at least one bad file. */
const CATEGORIES = [
  'root',
  'privileged',
  'hostpath',
  'managed-flag',
  'short-password',
  'exposure',
  'duplicate',
  'typo',
  'shm',
];

describe('chart-bad-values fixtures', () => {
  it('should cover every category with a pattern in each file', () => {
    for (const c of CATEGORIES)
      expect(
        bad.filter((b) => b.file.startsWith(`${c}-`)),
        c,
      ).not.toEqual([]);
    expect(bad.filter((b) => !b.refused).map((b) => b.file)).toEqual([]);
    expect(bad.filter((b) => !CATEGORIES.some((c) => b.file.startsWith(`${c}-`))).map((b) => b.file)).toEqual([]);
  });
});

const podsOf = (r: Rendered): KubeObject[] =>
  [...r.objects, ...r.hooks].filter((o) => o.kind === 'StatefulSet' || o.kind === 'Pod');

describe.each([4, 3] as const)('values files with Helm %i', (major) => {
  let helm: HelmBinary;
  const refusals = new Map<string, string>();
  const renders = new Map<string, Rendered>();

  beforeAll(async () => {
    helm = await resolveHelm({ major });
    await Promise.all([
      ...bad.map(async (b) => refusals.set(b.file, await renderError({ helm, values: b.values }))),
      ...good.map(async (g) => renders.set(g.file, await render({ helm, values: g.values }))),
    ]);
  }, 120_000);

  it.each(bad)('should refuse $file with its message', ({ file, refused }) => {
    const message = (refusals.get(file) ?? '').replace(/\s+/g, ' ');
    expect(message).toMatch(/^helm template failed \(exit 1\)/);
    expect(message).toMatch(refused as RegExp);
  });

  it.each(good)('should render $file within the restricted profile', ({ file }) => {
    const r = renders.get(file) as Rendered;
    expect(podsOf(r)).toHaveLength(2);
    for (const o of podsOf(r)) {
      const annotations = (o.kind === 'Pod' ? o.metadata.annotations : undefined) ?? {};
      expect(checkRestricted(podSpec(o), annotations), `${file}: ${o.kind}`).toEqual([]);
    }
  });
});
