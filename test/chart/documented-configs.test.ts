// "Restricted in every configuration": every configuration the documentation
// shows renders pods that pass the Pod Security Standards restricted profile.
// Sources: the example of each key in values.yaml (merged into the defaults),
// every `yaml values` block of chart/README.md and each examples/*/values.yaml.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseValuesDocs } from '../../scripts/chart-readme';
import { checkRestricted } from './pss';
import { CHART_DIR, podSpec, render, type Obj, type Rendered } from './render';

const ROOT = path.resolve(CHART_DIR, '..');

interface Config {
  id: string;
  values: Obj;
}

function nest(keys: readonly string[], value: unknown): Obj {
  return keys.reduceRight<Obj>((acc, k, i) => (i === keys.length - 1 ? { [k]: value } : { [k]: acc }), {});
}

async function configs(): Promise<Config[]> {
  const out: Config[] = [];
  for (const d of parseValuesDocs(await readFile(path.join(CHART_DIR, 'values.yaml'), 'utf8'))) {
    if (d.example === undefined || d.parent) continue;
    const example = parse(d.example) as Obj;
    const name = d.path[d.path.length - 1] as string;
    out.push({ id: `values.yaml ${d.key}`, values: nest(d.path, example[name]) });
  }
  const readme = await readFile(path.join(CHART_DIR, 'README.md'), 'utf8');
  for (const m of readme.matchAll(/^```ya?ml values[^\n]*\n([\s\S]*?)^```$/gm))
    out.push({ id: `README.md line ${readme.slice(0, m.index).split('\n').length}`, values: parse(m[1] ?? '') });
  for (const dir of await readdir(path.join(ROOT, 'examples'))) {
    const file = path.join(ROOT, 'examples', dir, 'values.yaml');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) out.push({ id: `examples/${dir}/values.yaml`, values: parse(text) as Obj });
  }
  return out;
}

const all = await configs();
const rendered = new Map<string, Rendered>();

/**
 * Keys whose example only works together with another value, as their
 * documentation says (the Service exposure fields need an exposed Service,
 * which needs the password; a mount needs its volume).
 */
const CONTEXT: Record<string, Obj> = {
  'values.yaml service.nodePort': { service: { type: 'NodePort' }, auth: { enabled: true } },
  'values.yaml service.externalTrafficPolicy': { service: { type: 'NodePort' }, auth: { enabled: true } },
  'values.yaml service.loadBalancerSourceRanges': { service: { type: 'LoadBalancer' }, auth: { enabled: true } },
  'values.yaml service.exposeWithoutPassword': { service: { type: 'LoadBalancer' } },
  'values.yaml extraVolumeMounts': { extraVolumes: [{ name: 'ca-bundle', configMap: { name: 'corporate-ca' } }] },
};

function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isMap = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = isMap(v) && isMap(b) ? merge(b, v) : v;
  }
  return out;
}

const prerequisites = (c: Config): Obj => merge(CONTEXT[c.id] ?? {}, c.values);

beforeAll(async () => {
  for (let i = 0; i < all.length; i += 8)
    await Promise.all(
      all.slice(i, i + 8).map(async (c) =>
        rendered.set(
          c.id,
          await render({ values: prerequisites(c) }).catch((e: unknown) => {
            throw new Error(`${c.id}: ${String(e)}`);
          }),
        ),
      ),
    );
}, 300_000);

describe('documented configurations', () => {
  it('should include the values.yaml examples, the README blocks and the example scenarios', () => {
    expect(all.filter((c) => c.id.startsWith('values.yaml')).length).toBeGreaterThan(50);
    expect(all.filter((c) => c.id.startsWith('README.md')).length).toBeGreaterThan(3);
    expect(all.filter((c) => c.id.startsWith('examples/')).length).toBeGreaterThan(0);
  });

  it.each(all.map((c) => c.id))('should render pods within the restricted profile (%s)', (id) => {
    const r = rendered.get(id) as Rendered;
    const pods = [...r.objects, ...r.hooks].filter((o) => o.kind === 'StatefulSet' || o.kind === 'Pod');
    expect(pods.length).toBeGreaterThan(0);
    for (const o of pods) {
      const meta = (o.kind === 'Pod' ? o.metadata : (o['spec'] as Obj)['template']) as Obj;
      const annotations = ((o.kind === 'Pod' ? meta['annotations'] : (meta['metadata'] as Obj)['annotations']) ??
        {}) as Record<string, string>;
      expect(checkRestricted(podSpec(o), annotations), `${id}: ${o.kind}`).toEqual([]);
    }
  });
});
