// Issue 11, item 1: one page per layer, each with its tool tabs, a "Before you begin"
// box from the prerequisites the harness reads, and a "Verify it works" step; the
// seed's anchors still lead somewhere; no built page over 400 KB of HTML.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import sidebars from '../sidebars.ts';
import { pagePrerequisites } from '../src/components/BeforeYouBegin/prerequisites.ts';
import { buildDir, htmlFiles, repo, siteBuildProblem } from './helpers/built-pages.ts';

const LAYERS = ['ingress', 'tls', 'auth', 'network', 'monitoring', 'backup', 'service-mesh', 'gitops', 'security'];
const source = (file: string) => readFile(path.join(repo, file), 'utf8');
const frontMatter = (text: string): unknown => parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '');

describe('pagePrerequisites', () => {
  it('reads names, mappings with keys and notes, and every group', () => {
    const page = pagePrerequisites({
      ghostwire: {
        release: 'signal',
        prerequisites: {
          secrets: ['plain', { name: 'client', keys: ['id', 'secret'], note: 'made with `kubectl`' }],
          configMaps: [{ name: 'settings' }],
          services: [{ name: 'oauth2-proxy', namespace: 'auth', note: 'from its chart' }],
          serviceAccounts: [{ name: 'gateway', namespace: 'istio-ingress', labels: { istio: 'ingress' } }],
        },
      },
    });
    expect(page.release).toBe('signal');
    expect(page.namespace).toBe('ghostwire');
    expect(page.items).toEqual([
      { kind: 'Secret', name: 'plain', keys: [], labels: {} },
      { kind: 'Secret', name: 'client', keys: ['id', 'secret'], labels: {}, note: 'made with `kubectl`' },
      { kind: 'ConfigMap', name: 'settings', keys: [], labels: {} },
      { kind: 'Service', name: 'oauth2-proxy', namespace: 'auth', keys: [], labels: {}, note: 'from its chart' },
      { kind: 'ServiceAccount', name: 'gateway', namespace: 'istio-ingress', keys: [], labels: { istio: 'ingress' } },
    ]);
  });

  it("reads a folder's .ghostwire.yaml with or without the ghostwire: wrapper", () => {
    const wrapped = pagePrerequisites({ ghostwire: { namespace: 'chat', prerequisites: { secrets: ['a'] } } });
    const bare = pagePrerequisites({ namespace: 'chat', prerequisites: { secrets: ['a'] } });
    expect(bare).toEqual(wrapped);
    expect(bare.namespace).toBe('chat');
    expect(bare.items.map((i) => i.name)).toEqual(['a']);
  });

  it.each([
    ['no front matter', undefined],
    ['no ghostwire block', { title: 'x' }],
    ['prerequisites that are not a mapping', { ghostwire: { prerequisites: ['x'] } }],
    ['entries without a name (the harness reports them)', { ghostwire: { prerequisites: { secrets: [{}, 3, ''] } } }],
  ])('shows the defaults and nothing to create for %s', (_name, fm) => {
    expect(pagePrerequisites(fm)).toEqual({ release: 'ghostwire', namespace: 'ghostwire', items: [] });
  });
});

describe('the layer pages', () => {
  it('are in the sidebar, under the hub, in order', () => {
    const category = (sidebars['guide'] as unknown[]).find(
      (item): item is { label: string; items: string[]; link: { id: string } } =>
        typeof item === 'object' && item !== null && (item as { label?: string }).label === 'Integration patterns',
    );
    expect(category?.link.id).toBe('docs/integration-patterns');
    expect(category?.items).toEqual(LAYERS.map((layer) => `docs/integration-patterns/${layer}`));
  });

  it.each(LAYERS)('%s: tool tabs, a Before-you-begin box, Verify it works', async (layer) => {
    const text = await source(`docs/integration-patterns/${layer}.mdx`);
    expect(text).toMatch(/^<Tabs\b/m);
    expect(text).toMatch(/^<BeforeYouBegin\b/m);
    expect(text).toMatch(/^## (Apply and v|V)erify it works \{#verify\}$/m);
    const verify = text.slice(text.indexOf('{#verify}'));
    expect(verify, 'a command to run').toMatch(/```bash\n/);
  });
});

describe("the seed's links", () => {
  it.each([
    ['docs/integration-patterns.mdx', ['ingress', 'tls', 'auth', 'network', 'monitoring', 'backup', 'service-mesh']],
    ['docs/integration-patterns.mdx', ['gitops', 'security']],
    ['docs/infrastructure-layer-options.mdx', ['security']],
    ['docs/integration-examples.mdx', ['oauth2-letsencrypt', 'air-gapped']],
  ])('%s keeps the anchors %j', async (file, anchors) => {
    const text = await source(file);
    for (const anchor of anchors) expect(text, `${file}#${anchor}`).toMatch(new RegExp(`^#+ .*\\{#${anchor}\\}$`, 'm'));
  });

  it('chart/README.md keeps its Quickstart heading (id quickstart)', async () => {
    expect(await source('chart/README.md')).toMatch(/^## Quickstart$/m);
  });

  it('the hub leads on to every layer page', async () => {
    const hub = await source('docs/integration-patterns.mdx');
    for (const layer of LAYERS) expect(hub).toContain(`](./integration-patterns/${layer}.mdx)`);
  });
});

const buildProblem = siteBuildProblem();
describe.skipIf(buildProblem)(`the built site${buildProblem ? ` (skipped: ${buildProblem})` : ''}`, () => {
  it('has no page over 400 KB of HTML', async () => {
    const sizes = await Promise.all(
      (await htmlFiles(buildDir)).map(async (f) => [f, (await stat(path.join(buildDir, f))).size] as const),
    );
    expect(sizes.filter(([, size]) => size > 400 * 1024).map(([f, size]) => `build/${f}: ${size} bytes`)).toEqual([]);
  });

  it.each(LAYERS)('%s: the box lists what the front matter declares', async (layer) => {
    const html = await readFile(path.join(buildDir, `docs/integration-patterns/${layer}.html`), 'utf8');
    expect(html).toContain('Before you begin');
    const declared = pagePrerequisites(frontMatter(await source(`docs/integration-patterns/${layer}.mdx`)));
    for (const item of declared.items) expect(html).toContain(`<code>${item.name}</code>`);
    expect(html).toMatch(/<h2 [^>]*id=["']?verify["'\s>]/);
  });
});
