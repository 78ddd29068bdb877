// What the cross-unit checks need from one unit: the Secrets it makes or declares, the
// Helm installs it documents, and the Secrets its workloads read. Pure.
import { createdShape, helmInstall, type Shape } from './commands.ts';
import type { CrossrefUnit } from './index.ts';
import { keyRefs, prerequisiteShapes, shapesOf } from './keys.ts';
import { optOutsOf } from './optouts.ts';
import type { ScenarioUnit } from './scenario.ts';
import { secretRefs } from './selects.ts';

/** Secrets and ConfigMaps the unit creates (documents, kubectl commands) or declares. */
export function unitShapes(u: CrossrefUnit): Shape[] {
  const fromDocs = u.items.flatMap((c) =>
    c.documents.flatMap((d) => shapesOf(d).map((s) => ({ ...s, ignores: optOutsOf(c, d).codes }))),
  );
  const fromCommands = (u.commands ?? []).map(createdShape).filter((s) => s !== undefined);
  return [...fromDocs, ...fromCommands, ...prerequisiteShapes(u.context.prerequisites, u.context.source)];
}

/** What the cross-unit checks need from one unit. */
export function scenarioUnit(u: CrossrefUnit): ScenarioUnit {
  return {
    id: u.id,
    shows: u.shows ?? [],
    context: u.context,
    shapes: unitShapes(u),
    installs: (u.commands ?? []).map(helmInstall).filter((h) => h !== undefined),
    workloads: u.items.flatMap((c) =>
      c.documents
        .filter((d) => d.name && ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod'].includes(d.kind))
        .map((d) => ({
          id: `${d.kind} ${d.namespace ?? u.context.namespace}/${d.name}`,
          file: d.file,
          line: d.line,
          reads: [
            ...new Set([
              ...secretRefs(d)
                .filter((r) => r.via === 'envFrom' || r.via === 'secret volume')
                .map((r) => `Secret ${r.name}`),
              ...keyRefs(d, u.context.namespace).map((r) => `${r.kind} ${r.name} key ${r.key}`),
            ]),
          ].sort(),
          ignored: optOutsOf(c, d).codes.has('SCENARIO_INCONSISTENT'),
        })),
    ),
  };
}
