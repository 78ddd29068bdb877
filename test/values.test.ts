import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartRenderer, checkValues, loadChart, mergeValues } from '../scripts/harness/values.ts';
import { repoRoot } from './helpers/harness.ts';

describe('mergeValues (helm coalescing)', () => {
  it.each([
    [{ a: { b: 1, c: 2 } }, { a: { c: 3 } }, { a: { b: 1, c: 3 } }],
    [{ a: [1, 2] }, { a: [3] }, { a: [3] }],
    [{ a: { b: 1 }, d: 1 }, { a: null }, { d: 1 }],
    [{ a: 1 }, { a: { b: 2 } }, { a: { b: 2 } }],
  ])('should merge %j with %j', (base, over, want) => {
    expect(mergeValues(base, over as Record<string, unknown>)).toEqual(want);
  });
});

describe('chart values', async () => {
  const chart = await loadChart(path.join(repoRoot, 'chart'));
  if (!chart) throw new Error('chart/values.yaml is missing');

  it.each([
    [{ tls: { mode: 'maybe' } }, 'INVALID_ENUM', ['tls', 'mode']],
    [{ replicaCount: 2 }, 'INVALID_ENUM', ['replicaCount']],
    [{ persistance: { size: '1Gi' } }, 'UNKNOWN_FIELD', ['persistance']],
    [{ persistence: { size: 'lots' } }, 'INVALID_FORMAT', ['persistence', 'size']],
  ])('should reject %j against values.schema.json', (values, code, at) => {
    const errs = checkValues(chart, values);
    expect(errs.map((e) => [e.code, e.path])).toContainEqual([code, at]);
  });

  it('should accept the defaults and a typical override', () => {
    expect(checkValues(chart, {})).toEqual([]);
    expect(checkValues(chart, { auth: { enabled: true, existingSecret: 'vnc' }, tls: { mode: 'auto' } })).toEqual([]);
  });

  it('should render each distinct values text once and reuse it', async () => {
    const r = new ChartRenderer(chart);
    const [a, b] = await Promise.all([
      r.render('ghostwire', 'ghostwire', { tls: { mode: 'auto' } }),
      r.render('ghostwire', 'ghostwire', { tls: { mode: 'auto' } }),
    ]);
    expect(a).toBe(b);
    expect(r.renders).toBe(1);
    expect(a.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['StatefulSet', 'Service', 'ServiceAccount']));
    expect(a.objects.find((o) => o.name === 'ghostwire' && o.kind === 'Service')?.source).toBe(
      'ghostwire/templates/desktop-service.yaml',
    );
  });

  it('should report a render failure as data, not throw', async () => {
    const r = new ChartRenderer({ ...chart, dir: path.join(repoRoot, 'test', 'fixtures', 'no-such-chart') });
    const out = await r.render('ghostwire', 'ghostwire', {});
    expect(out.objects).toEqual([]);
    expect(out.error).toMatch(/^helm template failed \(exit 1\)/);
  });
});

describe('a chart whose values schema cannot be used', () => {
  const chartWith = async (schema: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-schema-'));
    await writeFile(path.join(dir, 'values.yaml'), 'replicaCount: 1\n');
    await writeFile(path.join(dir, 'values.schema.json'), schema);
    return dir;
  };

  it('should refuse a values.schema.json that is not JSON, naming the file, rather than check nothing', async () => {
    const dir = await chartWith('{ "type": "object", ');
    await expect(loadChart(dir)).rejects.toThrow(/values\.schema\.json is not valid JSON/);
    await rm(dir, { recursive: true, force: true });
  });

  it('should refuse a schema that ajv cannot compile when values are first checked', async () => {
    const dir = await chartWith('{ "type": "object", "properties": { "a": { "type": "no-such-type" } } }');
    const chart = await loadChart(dir);
    expect(() => checkValues(chart as NonNullable<typeof chart>, { a: 1 })).toThrow(/not a usable JSON Schema/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the values schema compiled in a worker thread (prepare)', () => {
  const cases: Record<string, unknown>[] = [
    {},
    { tls: { mode: 'maybe' } },
    { replicaCount: 2, persistance: { size: '1Gi' } },
    { persistence: { size: 'lots' }, auth: { enabled: 'yes' } },
    { auth: { enabled: true, existingSecret: 'vnc' }, tls: { mode: 'auto' } },
  ];

  it('should give the same errors as the schema compiled in this thread, without compiling here', async () => {
    const saved = process.env['GHOSTWIRE_NO_CACHE'];
    process.env['GHOSTWIRE_NO_CACHE'] = '1'; // no cached validator: the worker really compiles
    try {
      const here = await loadChart(path.join(repoRoot, 'chart'));
      const there = await loadChart(path.join(repoRoot, 'chart'));
      if (!here?.prepare || !there?.prepare) throw new Error('the chart has no values schema to prepare');
      expect(there.preparing).toBeUndefined();
      const pending = there.prepare();
      expect(there.prepare()).toBe(pending); // once
      await pending;
      // ajv's own compile keeps the schema environment on the function; the worker's
      // standalone code does not: this one was compiled there.
      expect(there.validate && 'schemaEnv' in there.validate).toBe(false);
      expect(here.validate && 'schemaEnv' in here.validate).toBe(true);
      for (const values of cases) expect(checkValues(there, values)).toEqual(checkValues(here, values));
      expect(checkValues(there, { tls: { mode: 'maybe' } }).map((e) => e.code)).toEqual(['INVALID_ENUM']);
    } finally {
      if (saved === undefined) delete process.env['GHOSTWIRE_NO_CACHE'];
      else process.env['GHOSTWIRE_NO_CACHE'] = saved;
    }
  }, 30_000);

  it('should resolve for a schema ajv cannot compile, leaving the error to the first check', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-schema-'));
    await writeFile(path.join(dir, 'values.yaml'), 'a: 1\n');
    await writeFile(path.join(dir, 'values.schema.json'), '{ "properties": { "a": { "type": "no-such-type" } } }');
    const chart = await loadChart(dir);
    await expect(chart?.prepare?.()).resolves.toBeUndefined();
    expect(() => checkValues(chart as NonNullable<typeof chart>, { a: 1 })).toThrow(/not a usable JSON Schema/);
    await rm(dir, { recursive: true, force: true });
  }, 30_000);
});
