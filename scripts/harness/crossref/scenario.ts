// Across all units of a run: one scenario's Secrets have one shape, and a page that shows
// an example folder installs the release under the folder's release name and namespace. Pure.
import type { GhostwireContext } from '../context.ts';
import type { Finding } from '../types.ts';
import type { HelmInstall, Shape } from './commands.ts';
import { checkSecretNamespaces, checkSecretShapes } from './scenario-secrets.ts';
import type { Command } from './shell.ts';

export interface ScenarioUnit {
  id: string;
  /** Example folders the unit's pages show. */
  shows: string[];
  context: GhostwireContext;
  /** Secrets the unit creates or declares (documents, kubectl commands, prerequisites). */
  shapes: Shape[];
  installs: HelmInstall[];
  /** Public hosts the unit's objects serve, and the hosts its commands visit (curl https://…). */
  served: Set<string>;
  visits: { host: string; command: Command }[];
  /** Workloads with the Secrets (and keys) they read, to compare one object across pages. */
  workloads: { id: string; file: string; line: number; reads: string[]; ignored: boolean }[];
}

const isGhostwireChart = (chart: string) => /(^|\/)(chart|ghostwire)\/?$/.test(chart);

/** A page's `helm install … -f examples/<folder>/values.yaml` uses the folder's release name and namespace. */
export function checkInstalls(units: readonly ScenarioUnit[]): Finding[] {
  const folders = new Map(units.map((u) => [u.id, u]));
  const out: Finding[] = [];
  for (const u of units)
    for (const h of u.installs) {
      if (!isGhostwireChart(h.chart) || h.command.ignores.has('SCENARIO_INCONSISTENT')) continue;
      for (const f of h.valuesFiles) {
        const folder = folders.get(f.replace(/^\.\//, '').replace(/\/[^/]+$/, ''));
        if (!folder || folder === u) continue;
        const want = folder.context;
        const ns = h.namespace ?? 'default';
        const diffs = [
          h.release !== want.release ? `release ${h.release} (the folder's examples assume ${want.release})` : '',
          ns !== want.namespace ? `namespace ${ns} (the folder's examples assume ${want.namespace})` : '',
        ].filter(Boolean);
        if (diffs.length)
          out.push({
            code: 'SCENARIO_INCONSISTENT',
            severity: 'error',
            file: h.command.file,
            line: h.command.line,
            path: '',
            message:
              `This command installs ${folder.id} with ${diffs.join(' and ')}. Use the release and namespace of ` +
              `${want.source === 'defaults' ? 'the defaults' : want.source}, or change them there so that the ` +
              "folder's Service names, labels and namespaces follow.",
          });
      }
    }
  return out;
}

/** A workload shown on several pages (same kind, namespace and name) reads the same Secrets and keys. */
export function checkWorkloads(units: readonly ScenarioUnit[]): Finding[] {
  const seen = new Map<string, { unit: ScenarioUnit; w: ScenarioUnit['workloads'][number] }>();
  const out: Finding[] = [];
  // The example folders (tested files readers download) are the reference; pages follow them.
  const isPage = (u: ScenarioUnit) => /\.mdx?$/.test(u.id);
  for (const u of [...units].sort((a, b) => Number(isPage(a)) - Number(isPage(b))))
    for (const w of u.workloads) {
      const first = seen.get(w.id);
      if (!first) {
        seen.set(w.id, { unit: u, w });
        continue;
      }
      if (first.unit === u || w.ignored || first.w.reads.join() === w.reads.join()) continue;
      const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
      out.push({
        code: 'SCENARIO_INCONSISTENT',
        severity: 'error',
        file: w.file,
        line: w.line,
        path: '',
        message:
          `${w.id} reads ${only(w.reads, first.w.reads).join(', ') || 'fewer Secrets'} here, but the same object at ` +
          `${first.w.file}:${first.w.line} reads ${only(first.w.reads, w.reads).join(', ') || 'fewer Secrets'}. ` +
          'A reader who applies both gets whichever came last; use one Secret name and key set on every page.',
      });
    }
  return out;
}

/**
 * The stories of a run: units given under the same input path, joined with the example
 * folders their pages show. Unrelated trees (test fixtures side by side) are not compared.
 */
export function stories(units: readonly ScenarioUnit[], roots: readonly string[]): ScenarioUnit[][] {
  const parent = new Map(units.map((u) => [u.id, u.id]));
  const find = (id: string): string => {
    const p = parent.get(id) ?? id;
    return p === id ? id : find(p);
  };
  const join = (a: string, b: string) => parent.has(a) && parent.has(b) && parent.set(find(a), find(b));
  const inside = (id: string, r: string) => r === '.' || r === '' || id === r || id.startsWith(`${r}/`);
  for (const r of roots) {
    const under = units.filter((u) => inside(u.id, r));
    for (const u of under.slice(1)) join((under[0] as ScenarioUnit).id, u.id);
  }
  for (const u of units) for (const f of u.shows) join(u.id, f);
  const groups = new Map<string, ScenarioUnit[]>();
  for (const u of units) groups.set(find(u.id), [...(groups.get(find(u.id)) ?? []), u]);
  return [...groups.values()];
}

/** Every cross-unit check, story by story. */
export function checkScenarios(units: readonly ScenarioUnit[], roots: readonly string[]): Finding[] {
  return stories(units, roots).flatMap((s) => [
    ...checkSecretShapes(s),
    ...checkSecretNamespaces(s),
    ...checkInstalls(s),
    ...checkWorkloads(s),
    ...checkHosts(s),
  ]);
}

const parent = (h: string) => h.split('.').slice(-2).join('.');

/**
 * A page that shows example folders visits the hosts they serve: a URL in its commands under
 * the same domain as a served host, but not served by the page or the folders, is a leftover.
 */
export function checkHosts(units: readonly ScenarioUnit[]): Finding[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Finding[] = [];
  for (const u of units) {
    if (u.shows.length === 0) continue;
    const served = new Set([...u.served, ...u.shows.flatMap((f) => [...(byId.get(f)?.served ?? [])])]);
    const domains = new Set([...served].map(parent));
    for (const v of u.visits) {
      if (served.has(v.host) || !domains.has(parent(v.host)) || v.command.ignores.has('SCENARIO_INCONSISTENT'))
        continue;
      const same = [...served].filter((h) => parent(h) === parent(v.host));
      out.push({
        code: 'SCENARIO_INCONSISTENT',
        severity: 'error',
        file: v.command.file,
        line: v.command.line,
        path: '',
        message:
          `This command visits ${v.host}, but the examples this page shows serve ${same.join(', ')}. ` +
          'Use the same host on the page and in the example files.',
      });
    }
  }
  return out;
}
