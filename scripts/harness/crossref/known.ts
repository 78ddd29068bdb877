// What a unit knows about identities and labels: ServiceAccounts, namespaces and Consul
// service names for the mesh checks; labelled pods and Services for the lookup check. Pure.
import type { KubeDocument } from '../types.ts';
import { get, strMap } from '../objects.ts';
import type { CrossrefUnit } from './index.ts';
import type { Labelled } from './lookups.ts';
import type { Account, MeshKnown } from './mesh.ts';
import type { ChartModel } from './model.ts';
import type { HelmInstall } from './commands.ts';
import { installedAccount } from './installs.ts';

const WORKLOAD_SPEC: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  Pod: [],
};

/** ServiceAccounts, namespaces and Consul service names the unit knows. */
export function meshKnown(
  u: CrossrefUnit,
  docs: readonly KubeDocument[],
  m: ChartModel,
  gateways: readonly Account[],
  namespaces: ReadonlySet<string>,
): MeshKnown {
  const ns = (d: KubeDocument) => d.namespace ?? u.context.namespace;
  const accounts: Account[] = [...gateways];
  const services = new Set<string>([...m.services.map((s) => s.name)]);
  for (const d of docs) {
    if (d.kind === 'ServiceAccount' && d.name) accounts.push({ name: d.name, namespace: ns(d), origin: 'example' });
    if (d.kind === 'Service' && d.name) services.add(d.name);
    const base = WORKLOAD_SPEC[d.kind];
    if (!base) continue;
    const sa = get(d.object, ...base, 'spec', 'serviceAccountName');
    accounts.push({ name: typeof sa === 'string' ? sa : 'default', namespace: ns(d), origin: `${d.kind} ${d.name}` });
    const cs = strMap(get(d.object, ...base, 'metadata', 'annotations'))['consul.hashicorp.com/connect-service'];
    if (cs) services.add(cs);
  }
  accounts.push({ name: m.serviceAccount ?? 'default', namespace: m.namespace, origin: 'chart' });
  for (const p of u.context.prerequisites.serviceAccounts)
    accounts.push({ name: p.name, namespace: p.namespace, labels: p.labels, origin: u.context.source });
  for (const p of u.context.prerequisites.services) services.add(p.name);
  return {
    accounts,
    services,
    namespaces: new Set([
      ...namespaces,
      ...accounts.map((a) => a.namespace),
      ...u.context.prerequisites.services.flatMap((s) => (s.namespace ? [s.namespace] : [])),
    ]),
  };
}

/** Pods and Services whose labels the harness knows: the chart's, the unit's, declared and installed gateways. */
export function labelledObjects(
  u: CrossrefUnit,
  docs: readonly KubeDocument[],
  m: ChartModel,
  gateways: readonly Account[],
): Labelled[] {
  const out: Labelled[] = [
    ...m.pods.map((p) => ({
      target: 'pods' as const,
      namespace: m.namespace,
      labels: p.labels,
      what: "the chart's pods",
    })),
    ...m.services.map((s) => ({
      target: 'services' as const,
      namespace: m.namespace,
      labels: s.labels,
      what: `the chart's Service ${s.name}`,
    })),
  ];
  for (const d of docs) {
    const ns = d.namespace ?? u.context.namespace;
    const base = WORKLOAD_SPEC[d.kind];
    if (base)
      out.push({
        target: 'pods',
        namespace: ns,
        labels: strMap(get(d.object, ...base, 'metadata', 'labels')),
        what: `${d.kind} ${d.name}`,
      });
    if (d.kind === 'Service')
      out.push({
        target: 'services',
        namespace: ns,
        labels: strMap(get(d.object, 'metadata', 'labels')),
        what: `Service ${d.name}`,
      });
  }
  const declared = u.context.prerequisites.serviceAccounts.filter((p) => Object.keys(p.labels).length > 0);
  for (const a of [...gateways, ...declared.map((p) => ({ ...p, origin: u.context.source }))])
    for (const target of ['pods', 'services'] as const)
      out.push({
        target,
        namespace: a.namespace,
        labels: a.labels ?? {},
        what: `the ${target} of ${a.name} (${a.origin})`,
      });
  return out;
}

/** Namespaces whose pods and Services the harness knows in full. */
export function completeNamespaces(
  u: CrossrefUnit,
  gateways: readonly Account[],
  installs: readonly HelmInstall[],
): Set<string> {
  const p = u.context.prerequisites;
  const out = new Set<string>([
    ...gateways.map((g) => g.namespace),
    ...p.serviceAccounts.filter((a) => Object.keys(a.labels).length > 0).map((a) => a.namespace),
  ]);
  if (!p.services.some((s) => (s.namespace ?? u.context.namespace) === u.context.namespace))
    out.add(u.context.namespace);
  // Another chart installed into a namespace brings pods whose labels the harness does not know.
  for (const h of installs)
    if (!installedAccount(h) && !/(^|\/)(chart|ghostwire)\/?$/.test(h.chart)) out.delete(h.namespace ?? 'default');
  return out;
}
