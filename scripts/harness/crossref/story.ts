// What the cross-unit checks need from one unit: the Secrets it makes or declares, the
// Helm installs it documents, and the Secrets its workloads read. Pure.
import { createdShape, helmInstall, type Shape } from './commands.ts';
import type { CrossrefUnit } from './index.ts';
import { keyRefs, prerequisiteShapes, shapesOf } from './keys.ts';
import { optOutsOf } from './optouts.ts';
import type { ScenarioUnit } from './scenario.ts';
import { get, list } from '../objects.ts';
import type { KubeDocument } from '../types.ts';
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
    served: new Set(u.items.flatMap((c) => c.documents.flatMap(servedHosts))),
    visits: (u.commands ?? []).flatMap((c) =>
      c.argv.flatMap((a) => {
        const host = /^https?:\/\/([a-z0-9.-]+)/i.exec(a)?.[1]?.toLowerCase();
        return host ? [{ host, command: c }] : [];
      }),
    ),
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

/**
 * Host names an object serves or certifies: Ingress, Gateway API, Istio, Contour, Traefik, cert-manager, and a
 * Service's in-cluster names.
 */
export function servedHosts(d: KubeDocument): string[] {
  const o = d.object;
  const strs = (v: unknown) => list(v).filter((x): x is string => typeof x === 'string');
  const out = [
    ...list(get(o, 'spec', 'rules')).map((r) => get(r, 'host')),
    ...list(get(o, 'spec', 'tls')).flatMap((t) => strs(get(t, 'hosts'))),
    ...strs(get(o, 'spec', 'hostnames')),
    ...strs(get(o, 'spec', 'dnsNames')),
    ...list(get(o, 'spec', 'servers')).flatMap((x) => strs(get(x, 'hosts'))),
    ...list(get(o, 'spec', 'listeners')).map((l) => get(l, 'hostname')),
    get(o, 'spec', 'virtualhost', 'fqdn'),
    ...(d.kind === 'VirtualService' ? strs(get(o, 'spec', 'hosts')) : []),
    // A Service the example creates serves its in-cluster names too.
    ...(d.kind === 'Service' && d.name && d.namespace
      ? [`${d.name}.${d.namespace}.svc`, `${d.name}.${d.namespace}.svc.cluster.local`]
      : []),
  ];
  return out
    .filter((h): h is string => typeof h === 'string')
    .map((h) => (h.includes('/') ? (h.split('/')[1] as string) : h).toLowerCase());
}
