// The release as a whole: `helm template ghostwire chart` renders exactly the
// four objects the guides promise and nothing secret; Chart.yaml metadata.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, type RenderedCase } from './cases';
import { CHART_DIR, dig, render, type KubeObject, type Obj, type Rendered } from './render';

let defaults: Rendered;
let skipTests: Rendered;
let rendered: RenderedCase[] = [];
let chart: Obj;
let values: Obj;

beforeAll(async () => {
  [defaults, skipTests, { rendered }] = await Promise.all([
    render({ namespace: 'default' }),
    render({ namespace: 'default', extraArgs: ['--skip-tests'] }),
    renderCases(),
  ]);
  chart = parse(await readFile(path.join(CHART_DIR, 'Chart.yaml'), 'utf8')) as Obj;
  values = parse(await readFile(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as Obj;
}, 60_000);

const summary = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

const STANDARD_LABELS = [
  'helm.sh/chart',
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/component',
];

describe('release', () => {
  it('should render a StatefulSet, two Services and a ServiceAccount with the default values', () => {
    expect(summary(defaults.objects)).toEqual([
      'Service/ghostwire',
      'Service/ghostwire-headless',
      'ServiceAccount/ghostwire',
      'StatefulSet/ghostwire',
    ]);
    expect(summary(skipTests.objects)).toEqual(summary(defaults.objects));
    expect(skipTests.hooks).toEqual([]);
    expect(summary(defaults.hooks)).toEqual(['Pod/ghostwire-test']);
  });

  it('should render nothing with a password or key in it by default', () => {
    expect(defaults.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(defaults.objects)).not.toMatch(/password|PRIVATE KEY|VNC_PW|secretKeyRef/i);
    // The test pod's script names $VNC_PW, but the pod only receives it when auth is enabled.
    expect(JSON.stringify(defaults.hooks.map((h) => dig(h, 'spec', 'containers', 0, 'env')))).not.toMatch(
      /VNC_PW|secretKeyRef/,
    );
  });

  it.each(CASE_IDS)('should put the standard labels on every object (%s)', (id) => {
    const c = lookup(rendered, id);
    for (const o of [...c.r.objects, ...c.r.hooks]) {
      expect(Object.keys(o.metadata.labels ?? {}), `${o.kind}/${o.metadata.name}`).toEqual(
        expect.arrayContaining(STANDARD_LABELS),
      );
      expect(o.metadata.labels?.['app.kubernetes.io/instance']).toBe(c.release);
      expect(o.metadata.labels?.['helm.sh/chart']).toBe(`ghostwire-${String(chart['version'])}`);
    }
  });

  it.each(CASE_IDS)('should keep every name a valid DNS label of at most 63 characters (%s)', (id) => {
    const c = lookup(rendered, id);
    for (const o of [...c.r.objects, ...c.r.hooks])
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });

  it.each(CASE_IDS)('should place every object in the release namespace (%s)', (id) => {
    for (const o of [...lookup(rendered, id).r.objects, ...lookup(rendered, id).r.hooks])
      expect(o.metadata.namespace).toBe('ghostwire');
  });
});

describe('Chart.yaml', () => {
  it('should be an apiVersion v2 application chart for Kubernetes 1.25 and later', () => {
    expect(chart).toMatchObject({
      apiVersion: 'v2',
      name: 'ghostwire',
      type: 'application',
      kubeVersion: '>=1.25.0-0',
    });
    expect(String(chart['version'])).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('should name the pinned image tag as appVersion', () => {
    expect(chart['appVersion']).toBe('1.17.0');
    expect((values['image'] as Obj)['tag']).toBe(chart['appVersion']);
  });

  it('should carry Artifact Hub annotations that list exactly the images the chart uses', () => {
    const a = chart['annotations'] as Record<string, string>;
    expect(a['artifacthub.io/license']).toMatch(/^[A-Za-z0-9.-]+$/);
    const links = parse(a['artifacthub.io/links'] ?? '') as { name: string; url: string }[];
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.url).toMatch(/^https:\/\//);
    const images = (parse(a['artifacthub.io/images'] ?? '') as { image: string }[]).map((i) => i.image).sort();
    const image = (v: Obj) => `${String(v['registry'])}/${String(v['repository'])}:${String(v['tag'])}`;
    expect(images).toEqual([image(values['image'] as Obj), image((values['tests'] as Obj)['image'] as Obj)].sort());
    expect(parse(a['artifacthub.io/changes'] ?? '')).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'added' })]),
    );
  });
});
