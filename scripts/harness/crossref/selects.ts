// Reads what an example object selects (pods or Services, with the ports a policy opens),
// the namespace labels its policies rely on, and the Secrets it needs. Pure.
import type { KubeDocument } from '../types.ts';
import { get, list, strMap } from '../objects.ts';
import { calicoSelector, labelSelector, selectorText, type Selector } from './model.ts';
import { valuesFromRefs } from './keys.ts';
import type { Path } from './refs.ts';

export interface SelectRef {
  doc: KubeDocument;
  via: string;
  path: Path;
  target: 'pods' | 'services';
  select: Selector | undefined;
  text: string;
  /** Ingress rules of a policy, each with the ports it opens ([] = all ports). */
  rules?: { path: Path; ports: (number | string)[] }[];
  /** Velero: the object lives in its own namespace and selects in `namespaces`. */
  namespaces?: { path: Path; names: string[] };
}

export interface SecretRef {
  doc: KubeDocument;
  via: string;
  name: string;
  path: Path;
}

export interface NamespaceLabelRef {
  doc: KubeDocument;
  path: Path;
  labels: Record<string, string>;
}

const portsOf = (ports: unknown, portKey: string): (number | string)[] =>
  list(ports)
    .map((p) => get(p, portKey) as number | string)
    .filter((p) => p !== undefined);

/** Selectors that should pick the chart's pods or Services, with the ports policies open. */
export function selectRefs(doc: KubeDocument): SelectRef[] {
  const o = doc.object;
  const g = doc.apiVersion.split('/')[0] ?? '';
  const s = (path: Path, target: SelectRef['target'], sel: unknown, extra: Partial<SelectRef> = {}): SelectRef => ({
    doc,
    via: doc.kind,
    path,
    target,
    select: labelSelector(sel),
    text: selectorText(sel),
    ...extra,
  });
  switch (`${g}/${doc.kind}`) {
    case 'networking.k8s.io/NetworkPolicy':
      return [
        s(['spec', 'podSelector'], 'pods', get(o, 'spec', 'podSelector') ?? {}, {
          rules: list(get(o, 'spec', 'ingress')).map((r, i) => ({
            path: ['spec', 'ingress', i],
            ports: portsOf(get(r, 'ports'), 'port'),
          })),
        }),
      ];
    case 'cilium.io/CiliumNetworkPolicy': {
      const sel = get(o, 'spec', 'endpointSelector');
      if (sel === undefined) return [];
      const rules = list(get(o, 'spec', 'ingress')).map((r, i) => ({
        path: ['spec', 'ingress', i] as Path,
        ports: list(get(r, 'toPorts')).flatMap((tp) => portsOf(get(tp, 'ports'), 'port')),
      }));
      return [
        {
          doc,
          via: doc.kind,
          path: ['spec', 'endpointSelector'],
          target: 'pods',
          select: labelSelector(sel, ['k8s:', 'any:']),
          text: selectorText(sel),
          rules,
        },
      ];
    }
    case 'projectcalico.org/NetworkPolicy': {
      const expr = get(o, 'spec', 'selector');
      const rules = list(get(o, 'spec', 'ingress')).map((r, i) => ({
        path: ['spec', 'ingress', i] as Path,
        ports: list(get(r, 'destination', 'ports')) as (number | string)[],
      }));
      return [
        {
          doc,
          via: doc.kind,
          path: ['spec', 'selector'],
          target: 'pods',
          select: calicoSelector(typeof expr === 'string' ? expr : 'all()'),
          text: typeof expr === 'string' ? expr : 'all()',
          rules,
        },
      ];
    }
    case 'policy/PodDisruptionBudget':
      return [s(['spec', 'selector'], 'pods', get(o, 'spec', 'selector'))];
    case 'monitoring.coreos.com/ServiceMonitor':
      return [s(['spec', 'selector'], 'services', get(o, 'spec', 'selector'))];
    case 'monitoring.coreos.com/PodMonitor':
      return [s(['spec', 'selector'], 'pods', get(o, 'spec', 'selector'))];
    case 'security.istio.io/AuthorizationPolicy':
    case 'security.istio.io/PeerAuthentication':
    case 'networking.istio.io/Sidecar':
      return get(o, 'spec', 'selector') === undefined
        ? []
        : [s(['spec', 'selector'], 'pods', get(o, 'spec', 'selector'))];
    case 'policy.linkerd.io/Server':
      return [
        s(['spec', 'podSelector'], 'pods', get(o, 'spec', 'podSelector'), {
          rules: [{ path: ['spec', 'port'], ports: [get(o, 'spec', 'port') as number | string] }],
        }),
      ];
    case 'velero.io/Schedule':
    case 'velero.io/Backup':
    case 'velero.io/Restore': {
      const base = doc.kind === 'Schedule' ? ['spec', 'template'] : ['spec'];
      const sel = get(o, ...base, 'labelSelector');
      if (sel === undefined) return [];
      const included = list(get(o, ...base, 'includedNamespaces')).map(String);
      return [
        s(
          [...base, 'labelSelector'],
          'pods',
          sel,
          included.length > 0
            ? { namespaces: { path: [...base, 'includedNamespaces'], names: included } }
            : { namespaces: { path: base, names: ['*'] } },
        ),
      ];
    }
    case '/Service':
    case 'v1/Service': {
      const sel = get(o, 'spec', 'selector');
      if (sel === undefined) return [];
      return [
        {
          doc,
          via: 'Service',
          path: ['spec', 'selector'],
          target: 'pods',
          select: labelSelector({ matchLabels: sel }),
          text: selectorText({ matchLabels: sel }),
          rules: list(get(o, 'spec', 'ports')).map((p, i) => ({
            path: ['spec', 'ports', i, 'targetPort'] as Path,
            ports: [(get(p, 'targetPort') ?? get(p, 'port')) as number | string],
          })),
        },
      ];
    }
    default:
      return [];
  }
}

/** Namespace selectors in policies, whose labels must be ones the namespace really carries. */
export function namespaceLabelRefs(doc: KubeDocument): NamespaceLabelRef[] {
  if (doc.kind !== 'NetworkPolicy') return [];
  const out: NamespaceLabelRef[] = [];
  for (const dir of ['ingress', 'egress'] as const) {
    list(get(doc.object, 'spec', dir)).forEach((r, i) =>
      list(get(r, dir === 'ingress' ? 'from' : 'to')).forEach((peer, j) => {
        const ml = strMap(get(peer, 'namespaceSelector', 'matchLabels'));
        if (Object.keys(ml).length > 0)
          out.push({
            doc,
            path: ['spec', dir, i, dir === 'ingress' ? 'from' : 'to', j, 'namespaceSelector', 'matchLabels'],
            labels: ml,
          });
      }),
    );
  }
  return out;
}

/** Secrets an object needs: Ingress/HTTPProxy TLS, Gateway certificateRefs, workload envFrom/volumes. */
export function secretRefs(doc: KubeDocument): SecretRef[] {
  const o = doc.object;
  const out: SecretRef[] = valuesFromRefs(doc)
    .filter((v) => v.kind === 'Secret')
    .map((v) => ({ doc, via: 'HelmRelease valuesFrom', name: v.name, path: [...v.path.slice(0, -1), 'name'] }));
  if (doc.kind === 'Ingress')
    list(get(o, 'spec', 'tls')).forEach(
      (t, i) =>
        typeof get(t, 'secretName') === 'string' &&
        out.push({
          doc,
          via: 'Ingress TLS',
          name: String(get(t, 'secretName')),
          path: ['spec', 'tls', i, 'secretName'],
        }),
    );
  if (doc.kind === 'HTTPProxy' && typeof get(o, 'spec', 'virtualhost', 'tls', 'secretName') === 'string')
    out.push({
      doc,
      via: 'HTTPProxy TLS',
      name: String(get(o, 'spec', 'virtualhost', 'tls', 'secretName')),
      path: ['spec', 'virtualhost', 'tls', 'secretName'],
    });
  if (doc.kind === 'IngressRoute' && typeof get(o, 'spec', 'tls', 'secretName') === 'string')
    out.push({
      doc,
      via: 'IngressRoute TLS',
      name: String(get(o, 'spec', 'tls', 'secretName')),
      path: ['spec', 'tls', 'secretName'],
    });
  if (doc.kind === 'Gateway' && doc.apiVersion.startsWith('gateway.networking.k8s.io/'))
    list(get(o, 'spec', 'listeners')).forEach((l, i) =>
      list(get(l, 'tls', 'certificateRefs')).forEach((c, j) =>
        get(c, 'namespace') === undefined && typeof get(c, 'name') === 'string'
          ? out.push({
              doc,
              via: 'Gateway certificateRef',
              name: String(get(c, 'name')),
              path: ['spec', 'listeners', i, 'tls', 'certificateRefs', j, 'name'],
            })
          : 0,
      ),
    );
  const spec = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(doc.kind)
    ? ['spec', 'template', 'spec']
    : doc.kind === 'Pod'
      ? ['spec']
      : doc.kind === 'CronJob'
        ? ['spec', 'jobTemplate', 'spec', 'template', 'spec']
        : undefined;
  if (spec) {
    list(get(o, ...spec, 'containers')).forEach((c, i) => {
      list(get(c, 'envFrom')).forEach(
        (e, j) =>
          typeof get(e, 'secretRef', 'name') === 'string' &&
          get(e, 'secretRef', 'optional') !== true &&
          out.push({
            doc,
            via: 'envFrom',
            name: String(get(e, 'secretRef', 'name')),
            path: [...spec, 'containers', i, 'envFrom', j, 'secretRef', 'name'],
          }),
      );
      list(get(c, 'env')).forEach(
        (e, j) =>
          typeof get(e, 'valueFrom', 'secretKeyRef', 'name') === 'string' &&
          get(e, 'valueFrom', 'secretKeyRef', 'optional') !== true &&
          out.push({
            doc,
            via: 'secretKeyRef',
            name: String(get(e, 'valueFrom', 'secretKeyRef', 'name')),
            path: [...spec, 'containers', i, 'env', j, 'valueFrom', 'secretKeyRef', 'name'],
          }),
      );
    });
    list(get(o, ...spec, 'volumes')).forEach(
      (v, i) =>
        typeof get(v, 'secret', 'secretName') === 'string' &&
        get(v, 'secret', 'optional') !== true &&
        out.push({
          doc,
          via: 'secret volume',
          name: String(get(v, 'secret', 'secretName')),
          path: [...spec, 'volumes', i, 'secret', 'secretName'],
        }),
    );
  }
  return out;
}
