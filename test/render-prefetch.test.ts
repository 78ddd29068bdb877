// Renders started while pages are still being read (collect.ts onItems → run.ts →
// ChartRenderer.prefetch): the run asks for them later and helm runs once for each; values
// the chart schema refuses start nothing, and `renders` counts only what the run asked for.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classified } from '../scripts/harness/classify.ts';
import { collectUnits } from '../scripts/harness/collect.ts';
import { resolveHelm } from '../scripts/harness/helm.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { ChartRenderer, loadChart } from '../scripts/harness/values.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

const FIXTURE = 'test/fixtures/render-prefetch';
const FOLDER = 'test/fixtures/render-prefetch-folder';

describe('snippets handed on while the run reads its inputs', () => {
  it('should hand on each given page with its front matter context, and each example file', async () => {
    const calls: { file: string; kinds: string[]; release?: string; kinds2: string[] }[] = [];
    const seenBeforeEnd: boolean[] = [];
    let ended = false;
    const onItems = (file: string, items: readonly Classified[], ctx?: { release: string }) => {
      seenBeforeEnd.push(!ended);
      calls.push({
        file,
        kinds: items.map((c) => c.kind),
        release: ctx?.release,
        kinds2: items.flatMap((c) => c.documents.map((d) => d.kind)),
      });
    };
    const collected = await collectUnits({ paths: [FIXTURE], cwd: repoRoot, onItems });
    ended = true;
    expect(calls).toEqual([
      { file: `${FIXTURE}/page.mdx`, kinds: ['values', 'values'], release: 'early', kinds2: [] },
      { file: `${FIXTURE}/gitops.yaml`, kinds: ['manifests'], release: undefined, kinds2: ['HelmRelease'] },
    ]);
    expect(seenBeforeEnd).toEqual([true, true]);
    // The units hold the very objects handed on: one classification per snippet.
    const units = [...collected.units.values()].flatMap((u) => u.items.map((c) => c.kind));
    expect(units.sort()).toEqual(['manifests', 'values', 'values']);
  });

  it('should name the given files before reading any of them', async () => {
    const events: string[] = [];
    await collectUnits({
      paths: [FIXTURE],
      cwd: repoRoot,
      onListed: (files) => events.push(`listed ${[...files].sort().join(' ')}`),
      onItems: (file) => events.push(`items ${file}`),
    });
    expect(events).toEqual([
      `listed ${FIXTURE}/gitops.yaml ${FIXTURE}/page.mdx`,
      `items ${FIXTURE}/page.mdx`,
      `items ${FIXTURE}/gitops.yaml`,
    ]);
  });

  it("should hand on an example folder's values file with the folder's release", async () => {
    const calls: [string, string[], string | undefined][] = [];
    await collectUnits({
      paths: [FOLDER],
      cwd: repoRoot,
      onItems: (file, items, ctx) => calls.push([file, items.map((c) => c.kind), ctx?.release]),
    });
    expect(calls).toEqual([[`${FOLDER}/values.yaml`, ['values'], 'folder-release']]);
  });

  it('should not hand on a page read only as context for a file given alone', async () => {
    const files: string[] = [];
    await collectUnits({ paths: [`${FIXTURE}/gitops.yaml`], cwd: repoRoot, onItems: (f) => files.push(f) });
    expect(files).toEqual([`${FIXTURE}/gitops.yaml`]);
  });
});

describe('renders started early', () => {
  let dir: string;
  let log: string;
  const saved = process.env['HELM_BIN'];
  const templates = async () =>
    (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l.startsWith('template')).length;

  beforeAll(async () => {
    // A helm that notes each command, so the test sees how many processes really ran.
    const real = await resolveHelm({ major: 4 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-prefetch-'));
    log = path.join(dir, 'helm.log');
    const bin = path.join(dir, 'helm');
    await writeFile(bin, `#!/bin/sh\necho "$1 $2" >> '${log}'\nexec '${real.path}' "$@"\n`);
    await chmod(bin, 0o755);
    process.env['HELM_BIN'] = bin;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['HELM_BIN'];
    else process.env['HELM_BIN'] = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('should run helm once for a prefetched render the run then asks for, and count only that one', async () => {
    const chart = await loadChart(path.join(repoRoot, 'chart'));
    if (!chart) throw new Error('the repository chart is missing');
    const renderer = new ChartRenderer(chart, undefined, '1.32.0');
    const before = await templates();
    renderer.prefetch('early', 'chat', { replicaCount: 1 });
    renderer.prefetch('early', 'chat', { replicaCount: 1 });
    expect(renderer.renders).toBe(0);
    const asked = await renderer.render('early', 'chat', { replicaCount: 1 });
    expect(asked.error).toBeUndefined();
    expect(asked.objects.some((o) => o.kind === 'StatefulSet' && o.namespace === 'chat')).toBe(true);
    expect(renderer.renders).toBe(1);
    expect((await templates()) - before).toBe(1);
    // The same render from a renderer that never prefetched.
    const plain = await new ChartRenderer(chart, undefined, '1.32.0').render('early', 'chat', { replicaCount: 1 });
    expect(asked).toEqual(plain);
  }, 60_000);

  it.each([true, false])(
    'should start no helm process the run does not ask for (cross-checks: %s)',
    async (crossref) => {
      // Without the cross-checks nothing renders the refused values: neither may the prefetch.
      const before = await templates();
      const r = await runHarness(harnessOptions([FIXTURE], { crossref }));
      expect(r.findings.map((f) => `${f.code} ${f.line}`)).toEqual([
        'VALUES_INVALID_TYPE 19',
        'VALUES_INVALID_ENUM 19',
      ]);
      expect(r.renders).toBe(crossref ? 5 : 2);
      expect((await templates()) - before).toBe(r.renders);
    },
    60_000,
  );

  it('should render a values file of an example folder once, with the release of its folder', async () => {
    const before = await templates();
    const r = await runHarness(harnessOptions([FOLDER]));
    expect(r.findings).toEqual([]);
    expect(r.renders).toBe(1);
    expect((await templates()) - before).toBe(1);
    const last = (await readFile(log, 'utf8')).trim().split('\n').at(-1);
    expect(last).toBe('template folder-release');
  }, 60_000);
});
