// One story's Secrets across pages and example folders: the same Secret holds one key set,
// and it is made in the namespace where the story's workloads read it. Pure.
import type { Finding } from '../types.ts';
import type { Shape } from './commands.ts';
import type { ScenarioUnit } from './scenario.ts';

const keysText = (s: Shape) => [...(s.keys ?? [])].sort().join(', ') || '(no keys)';
const subset = (a: Set<string>, b: Set<string>) => [...a].every((k) => b.has(k));

/** The same Secret (name and namespace) must hold compatible keys wherever it is made or declared. */
export function checkSecretShapes(units: readonly ScenarioUnit[]): Finding[] {
  const groups = new Map<string, { shape: Shape; unit: ScenarioUnit }[]>();
  for (const u of units)
    for (const s of u.shapes) {
      if (s.kind !== 'Secret' || s.keys === undefined) continue;
      const k = `${s.namespace ?? u.context.namespace}/${s.name}`;
      groups.set(k, [...(groups.get(k) ?? []), { shape: s, unit: u }]);
    }
  const out: Finding[] = [];
  for (const [key, members] of groups) {
    if (new Set(members.map((m) => m.unit.id)).size < 2) continue;
    members.sort((a, b) => a.shape.file.localeCompare(b.shape.file) || a.shape.line - b.shape.line);
    // The shape most places agree on is the reference; ties go to the first in file order.
    const votes = (s: Shape) => members.filter((m) => keysText(m.shape) === keysText(s)).length;
    const ref = members.reduce((best, m) => (votes(m.shape) > votes(best.shape) ? m : best)).shape;
    for (const { shape } of members) {
      const a = shape.keys as Set<string>;
      const b = ref.keys as Set<string>;
      if (subset(a, b) || subset(b, a) || shape.ignores?.has('SCENARIO_INCONSISTENT')) continue;
      out.push({
        code: 'SCENARIO_INCONSISTENT',
        severity: 'error',
        file: shape.file,
        line: shape.line,
        path: '',
        message:
          `Secret ${key} (${shape.origin}) holds ${keysText(shape)}, but the same Secret ${ref.origin} holds ` +
          `${keysText(ref)}. A reader who follows both ends up with one of them; give it one key set everywhere ` +
          '(or different names if they are different Secrets).',
      });
    }
  }
  return out;
}

/**
 * A Secret that a workload of the story reads in its namespace must be made there: a page that
 * creates it only in another namespace leaves the workload without it.
 */
export function checkSecretNamespaces(units: readonly ScenarioUnit[]): Finding[] {
  const readers = new Map<string, { ns: string; where: string }[]>();
  for (const u of units)
    for (const w of u.workloads) {
      const ns = /^\S+ ([^/]+)\//.exec(w.id)?.[1];
      if (!ns) continue;
      for (const r of w.reads) {
        const name = /^Secret (\S+)/.exec(r)?.[1];
        if (name) readers.set(name, [...(readers.get(name) ?? []), { ns, where: `${w.id} at ${w.file}:${w.line}` }]);
      }
    }
  const out: Finding[] = [];
  for (const u of units)
    for (const s of u.shapes) {
      const want = readers.get(s.name) ?? [];
      if (s.kind !== 'Secret' || s.declared || s.namespace === undefined || want.length === 0) continue;
      if (want.some((w) => w.ns === s.namespace) || s.ignores?.has('SCENARIO_INCONSISTENT')) continue;
      const first = want[0] as { ns: string; where: string };
      out.push({
        code: 'SCENARIO_INCONSISTENT',
        severity: 'error',
        file: s.file,
        line: s.line,
        path: '',
        message:
          `Secret ${s.name} is made in namespace ${s.namespace} here (${s.origin}), but ${first.where} reads it ` +
          `in namespace ${first.ns}. Create it in ${first.ns}, or move the workload, so that both agree.`,
      });
    }
  return out;
}
