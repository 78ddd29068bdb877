// The cross-checks judge examples against the Ghostwire chart; on YAML that has nothing to do
// with Ghostwire (upstream examples, another validator's fixtures) they must stay out of the
// verdict, and the report must say they did.
import { describe, expect, it } from 'vitest';
import { ghostwireUnits } from '../scripts/harness/crossref/applies.ts';
import { DEFAULT_CONTEXT } from '../scripts/harness/context.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions } from './helpers/harness.ts';

const dir = 'test/fixtures/crossref-third-party';

describe('cross-checks apply to Ghostwire material only', async () => {
  const r = await runHarness(harnessOptions([dir]));
  const codes = (file: string) =>
    r.findings.filter((f) => f.file === `${dir}/${file}`).map((f) => `${f.code}:${f.line}`);

  it('should check unrelated YAML against its schemas only, and list the skipped cross-checks with a reason', () => {
    expect(codes('upstream/frontend.yaml')).toEqual([]);
    expect(codes('upstream/typo.yaml')).toEqual(['UNKNOWN_FIELD:6']);
    const skipped = r.optOuts.filter((o) => o.code === 'CROSSREF');
    expect(skipped.map((o) => o.file)).toEqual([`${dir}/upstream/frontend.yaml`]);
    expect(skipped[0]?.reason).toMatch(/checked against its schemas only/);
  });

  it('should cross-check the same YAML once a .ghostwire.yaml declares it', () => {
    expect(codes('declared/frontend.yaml')).toEqual(['SECRET_NOT_PROVIDED:26', 'SELECTOR_MATCHES_NOTHING:39']);
  });
});

describe('ghostwireUnits', () => {
  const doc = (object: Record<string, unknown>) => ({ object }) as never;
  const unit = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    context: DEFAULT_CONTEXT,
    items: [],
    fences: [],
    shows: [],
    ...over,
  });
  const item = (objects: Record<string, unknown>[], kind = 'kube', text = '') =>
    ({ kind, snippet: { text }, documents: objects.map(doc) }) as never;

  it.each([
    ['a declared context', unit('a', { context: { ...DEFAULT_CONTEXT, source: 'a/.ghostwire.yaml' } }), true],
    ['chart values', unit('a', { items: [item([], 'values')] }), true],
    ['an object naming the release', unit('a', { items: [item([{ metadata: { name: 'ghostwire-tls' } }])] }), true],
    ['a command installing the chart', unit('a', { fences: [{ text: 'helm install ghostwire ./chart' }] }), true],
    [
      'the release only in a YAML comment',
      unit('a', { items: [item([{ kind: 'Service' }], 'kube', '# ghostwire')] }),
      false,
    ],
    [
      'the release only in a shell comment',
      unit('a', { fences: [{ text: '# see ghostwire docs\nkubectl get pods' }] }),
      false,
    ],
    ['nothing of Ghostwire', unit('a', { items: [item([{ metadata: { name: 'frontend' } }])] }), false],
  ])('should judge a unit with %s', (_what, u, about) => {
    expect(ghostwireUnits([u]).has('a')).toBe(about);
  });

  it('should count an example folder a Ghostwire page shows as Ghostwire material', () => {
    const page = unit('docs/page.mdx', { fences: [{ text: 'helm install ghostwire ./chart' }], shows: ['ex'] });
    const folder = unit('ex', { items: [item([{ metadata: { name: 'oauth2-proxy' } }])] });
    expect([...ghostwireUnits([folder, page])].sort()).toEqual(['docs/page.mdx', 'ex']);
  });

  it('should count a page that only shows a Ghostwire example folder as part of its story', () => {
    const page = unit('docs/install.mdx', {
      fences: [{ text: 'kubectl -n auth create secret generic x' }],
      shows: ['ex'],
    });
    const folder = unit('ex', { context: { ...DEFAULT_CONTEXT, source: 'ex/.ghostwire.yaml' } });
    const other = unit('docs/other.mdx', { fences: [{ text: 'kubectl get pods' }], shows: ['upstream'] });
    expect([...ghostwireUnits([page, folder, other, unit('upstream')])].sort()).toEqual(['docs/install.mdx', 'ex']);
  });
});
