// Reads what an example object points at: backends (Service name, port, scheme),
// selectors (pods or Services, with the ports a policy opens), Secrets and namespace
// labels. One function per family of kinds; all pure.
import type { KubeDocument } from '../types.ts';
import { calicoSelector, get, labelSelector, list, selectorText, strMap, type Selector } from './model.ts';

export type Path = (string | number)[];

export interface BackendRef {
  doc: KubeDocument;
  via: string;
  name: string;
  namePath: Path;
  /** Namespace the reference resolves in. */
  namespace: string | undefined;
  /** Whether the namespace was written out (FQDN, namespace field) rather than implied. */
  explicitNamespace: boolean;
  port?: number | string;
  portPath?: Path;
  scheme?: 'http' | 'https';
  schemePath?: Path;
}

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

const CLUSTER_HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.([a-z0-9]([-a-z0-9]*[a-z0-9])?))?(?:\.svc(?:\.cluster\.local)?)?$/;

/** A host that names a Service: `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`. */
export function parseServiceHost(host: string, knownNamespaces: ReadonlySet<string>): { name: string; namespace?: string } | undefined {
  const m = CLUSTER_HOST.exec(host);
  if (!m) return undefined;
  const name = m[1] as string;
  const ns = m[3];
  if (ns && !host.includes('.svc') && !knownNamespaces.has(ns)) return undefined; // e.g. example.com
  return { name, namespace: ns };
}

/** URLs such as `http://ghostwire.ghostwire.svc:6901/` in args or config files. */
export function urlRefs(doc: KubeDocument, text: string, path: Path, via: string, knownNamespaces: ReadonlySet<string>): BackendRef[] {
  const out: BackendRef[] = [];
  for (const m of text.matchAll(/\b(https?):\/\/([a-z0-9.-]+)(?::(\d+))?/g)) {
    const host = parseServiceHost(m[2] as string, knownNamespaces);
    if (!host) continue;
    const scheme = m[1] as 'http' | 'https';
    out.push({ doc, via, name: host.name, namePath: path, namespace: host.namespace ?? doc.namespace, explicitNamespace: host.namespace !== undefined, port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, portPath: path, scheme, schemePath: path });
  }
  return out;
}

function ingressRefs(doc: KubeDocument): BackendRef[] {
  const o = doc.object;
  const nginxProto = String(strMap(get(o, 'metadata', 'annotations'))['nginx.ingress.kubernetes.io/backend-protocol'] ?? '').toUpperCase();
  const scheme = nginxProto === 'HTTPS' || nginxProto === 'GRPCS' ? 'https' : isNginx(doc) ? 'http' : undefined;
  const one = (svc: unknown, at: Path): BackendRef[] => {
    const name = get(svc, 'name');
    if (typeof name !== 'string') return [];
    const num = get(svc, 'port', 'number');
    const pname = get(svc, 'port', 'name');
    return [{ doc, via: 'Ingress backend', name, namePath: [...at, 'name'], namespace: doc.namespace, explicitNamespace: false, port: typeof num === 'number' ? num : typeof pname === 'string' ? pname : undefined, portPath: [...at, 'port', typeof num === 'number' ? 'number' : 'name'], scheme, schemePath: ['metadata', 'annotations', 'nginx.ingress.kubernetes.io/backend-protocol'] }];
  };
  const out = one(get(o, 'spec', 'defaultBackend', 'service'), ['spec', 'defaultBackend', 'service']);
  list(get(o, 'spec', 'rules')).forEach((r, i) =>
    list(get(r, 'http', 'paths')).forEach((p, j) => out.push(...one(get(p, 'backend', 'service'), ['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service']))),
  );
  return out;
}

export function isNginx(doc: KubeDocument): boolean {
  if (doc.kind !== 'Ingress') return false;
  const ann = strMap(get(doc.object, 'metadata', 'annotations'));
  const cls = get(doc.object, 'spec', 'ingressClassName') ?? ann['kubernetes.io/ingress.class'];
  return cls === 'nginx' || Object.keys(ann).some((k) => k.startsWith('nginx.ingress.kubernetes.io/'));
}

function gatewayApiRefs(doc: KubeDocument): BackendRef[] {
  const out: BackendRef[] = [];
  list(get(doc.object, 'spec', 'rules')).forEach((r, i) =>
    list(get(r, 'backendRefs')).forEach((b, j) => {
      const at: Path = ['spec', 'rules', i, 'backendRefs', j];
      const kind = get(b, 'kind') ?? 'Service';
      const name = get(b, 'name');
      if (kind !== 'Service' || typeof name !== 'string') return;
      const ns = get(b, 'namespace');
      out.push({ doc, via: `${doc.kind} backendRef`, name, namePath: [...at, 'name'], namespace: typeof ns === 'string' ? ns : doc.namespace, explicitNamespace: typeof ns === 'string', port: get(b, 'port') as number | undefined, portPath: [...at, 'port'] });
    }),
  );
  return out;
}

/** `spec.routes[].services[]`, the shape Traefik's IngressRoute and Contour's HTTPProxy share. */
function routeServices(doc: KubeDocument): { svc: unknown; at: Path; name: string }[] {
  return list(get(doc.object, 'spec', 'routes')).flatMap((r, i) =>
    list(get(r, 'services')).flatMap((svc, j) => {
      const name = get(svc, 'name');
      return typeof name === 'string' ? [{ svc, at: ['spec', 'routes', i, 'services', j] as Path, name }] : [];
    }),
  );
}

function traefikRefs(doc: KubeDocument): BackendRef[] {
  return routeServices(doc)
    .filter(({ svc }) => (get(svc, 'kind') ?? 'Service') === 'Service')
    .map(({ svc, at, name }) => {
      const ns = get(svc, 'namespace');
      const scheme = get(svc, 'scheme');
      return { doc, via: 'IngressRoute service', name, namePath: [...at, 'name'], namespace: typeof ns === 'string' ? ns : doc.namespace, explicitNamespace: typeof ns === 'string', port: get(svc, 'port') as number | string | undefined, portPath: [...at, 'port'], scheme: scheme === 'https' ? 'https' : 'http', schemePath: [...at, scheme === undefined ? 'name' : 'scheme'] };
    });
}

function contourRefs(doc: KubeDocument): BackendRef[] {
  return routeServices(doc).map(({ svc, at, name }) => {
    const proto = get(svc, 'protocol');
    return { doc, via: 'HTTPProxy service', name, namePath: [...at, 'name'], namespace: doc.namespace, explicitNamespace: false, port: get(svc, 'port') as number | undefined, portPath: [...at, 'port'], scheme: proto === 'tls' || proto === 'h2' ? 'https' : 'http', schemePath: [...at, proto === undefined ? 'name' : 'protocol'] };
  });
}

function istioRefs(doc: KubeDocument, namespaces: ReadonlySet<string>): BackendRef[] {
  const out: BackendRef[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    list(get(doc.object, 'spec', section)).forEach((r, i) =>
      list(get(r, 'route')).forEach((d, j) => {
        const at: Path = ['spec', section, i, 'route', j, 'destination'];
        const host = get(d, 'destination', 'host');
        if (typeof host !== 'string') return;
        const h = parseServiceHost(host, namespaces);
        if (!h) return;
        out.push({ doc, via: 'VirtualService destination', name: h.name, namePath: [...at, 'host'], namespace: h.namespace ?? doc.namespace, explicitNamespace: h.namespace !== undefined, port: get(d, 'destination', 'port', 'number') as number | undefined, portPath: [...at, 'port', 'number'] });
      }),
    );
  }
  return out;
}

/** Every backend reference in a document; `namespaces` are those known to the example. */
export function backendRefs(doc: KubeDocument, namespaces: ReadonlySet<string>): BackendRef[] {
  const g = doc.apiVersion.split('/')[0] ?? '';
  if (doc.kind === 'Ingress' && g === 'networking.k8s.io') return ingressRefs(doc);
  if (['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'].includes(doc.kind) && g === 'gateway.networking.k8s.io') return gatewayApiRefs(doc);
  if (doc.kind === 'IngressRoute' && g.startsWith('traefik')) return traefikRefs(doc);
  if (doc.kind === 'HTTPProxy' && g === 'projectcontour.io') return contourRefs(doc);
  if (doc.kind === 'VirtualService' && g === 'networking.istio.io') return istioRefs(doc, namespaces);
  if (doc.kind === 'ServiceIntentions') {
    const name = get(doc.object, 'spec', 'destination', 'name');
    return typeof name === 'string' && name !== '*' ? [{ doc, via: 'ServiceIntentions destination', name, namePath: ['spec', 'destination', 'name'], namespace: (get(doc.object, 'spec', 'destination', 'namespace') as string | undefined) ?? doc.namespace, explicitNamespace: false }] : [];
  }
  if (doc.kind === 'Probe' && g === 'monitoring.coreos.com') {
    return list(get(doc.object, 'spec', 'targets', 'staticConfig', 'static')).flatMap((u, i) => (typeof u === 'string' ? urlRefs(doc, u, ['spec', 'targets', 'staticConfig', 'static', i], 'Probe target', namespaces) : []));
  }
  return upstreamRefs(doc, namespaces);
}

/** oauth2-proxy style `--upstream=URL` flags and `upstreams = [...]` config in workloads and ConfigMaps. */
function upstreamRefs(doc: KubeDocument, namespaces: ReadonlySet<string>): BackendRef[] {
  const out: BackendRef[] = [];
  if (doc.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(strMap(get(doc.object, 'data')))) {
      for (const line of v.split('\n')) if (/^\s*upstreams?\s*=/.test(line)) out.push(...urlRefs(doc, line, ['data', k], 'oauth2-proxy upstream', namespaces));
    }
    return out;
  }
  const spec = ['Deployment', 'StatefulSet', 'DaemonSet'].includes(doc.kind) ? ['spec', 'template', 'spec'] : doc.kind === 'Pod' ? ['spec'] : undefined;
  if (!spec) return out;
  list(get(doc.object, ...spec, 'containers')).forEach((c, i) => {
    const args = list(get(c, 'args')).map(String);
    args.forEach((a, j) => {
      const m = /^--upstreams?(?:=(.*))?$/.exec(a);
      if (!m) return;
      const value = m[1] ?? args[j + 1] ?? '';
      out.push(...urlRefs(doc, value, [...spec, 'containers', i, 'args', m[1] !== undefined ? j : j + 1], 'oauth2-proxy --upstream', namespaces));
    });
    list(get(c, 'env')).forEach((e, j) => {
      if (get(e, 'name') === 'OAUTH2_PROXY_UPSTREAMS' && typeof get(e, 'value') === 'string') out.push(...urlRefs(doc, String(get(e, 'value')), [...spec, 'containers', i, 'env', j, 'value'], 'OAUTH2_PROXY_UPSTREAMS', namespaces));
    });
  });
  return out;
}

const portsOf = (ports: unknown, portKey: string): (number | string)[] => list(ports).map((p) => get(p, portKey) as number | string).filter((p) => p !== undefined);

/** Selectors that should pick the chart's pods or Services, with the ports policies open. */
export function selectRefs(doc: KubeDocument): SelectRef[] {
  const o = doc.object;
  const g = doc.apiVersion.split('/')[0] ?? '';
  const s = (path: Path, target: SelectRef['target'], sel: unknown, extra: Partial<SelectRef> = {}): SelectRef => ({ doc, via: doc.kind, path, target, select: labelSelector(sel), text: selectorText(sel), ...extra });
  switch (`${g}/${doc.kind}`) {
    case 'networking.k8s.io/NetworkPolicy':
      return [s(['spec', 'podSelector'], 'pods', get(o, 'spec', 'podSelector') ?? {}, { rules: list(get(o, 'spec', 'ingress')).map((r, i) => ({ path: ['spec', 'ingress', i], ports: portsOf(get(r, 'ports'), 'port') })) })];
    case 'cilium.io/CiliumNetworkPolicy': {
      const sel = get(o, 'spec', 'endpointSelector');
      if (sel === undefined) return [];
      const rules = list(get(o, 'spec', 'ingress')).map((r, i) => ({ path: ['spec', 'ingress', i] as Path, ports: list(get(r, 'toPorts')).flatMap((tp) => portsOf(get(tp, 'ports'), 'port')) }));
      return [{ doc, via: doc.kind, path: ['spec', 'endpointSelector'], target: 'pods', select: labelSelector(sel, ['k8s:', 'any:']), text: selectorText(sel), rules }];
    }
    case 'projectcalico.org/NetworkPolicy': {
      const expr = get(o, 'spec', 'selector');
      const rules = list(get(o, 'spec', 'ingress')).map((r, i) => ({ path: ['spec', 'ingress', i] as Path, ports: list(get(r, 'destination', 'ports')) as (number | string)[] }));
      return [{ doc, via: doc.kind, path: ['spec', 'selector'], target: 'pods', select: calicoSelector(typeof expr === 'string' ? expr : 'all()'), text: typeof expr === 'string' ? expr : 'all()', rules }];
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
      return get(o, 'spec', 'selector') === undefined ? [] : [s(['spec', 'selector'], 'pods', get(o, 'spec', 'selector'))];
    case 'policy.linkerd.io/Server':
      return [s(['spec', 'podSelector'], 'pods', get(o, 'spec', 'podSelector'), { rules: [{ path: ['spec', 'port'], ports: [get(o, 'spec', 'port') as number | string] }] })];
    case 'velero.io/Schedule':
    case 'velero.io/Backup':
    case 'velero.io/Restore': {
      const base = doc.kind === 'Schedule' ? ['spec', 'template'] : ['spec'];
      const sel = get(o, ...base, 'labelSelector');
      if (sel === undefined) return [];
      const included = list(get(o, ...base, 'includedNamespaces')).map(String);
      return [s([...base, 'labelSelector'], 'pods', sel, included.length > 0 ? { namespaces: { path: [...base, 'includedNamespaces'], names: included } } : { namespaces: { path: base, names: ['*'] } })];
    }
    case '/Service':
    case 'v1/Service': {
      const sel = get(o, 'spec', 'selector');
      if (sel === undefined) return [];
      return [{ doc, via: 'Service', path: ['spec', 'selector'], target: 'pods', select: labelSelector({ matchLabels: sel }), text: selectorText({ matchLabels: sel }), rules: list(get(o, 'spec', 'ports')).map((p, i) => ({ path: ['spec', 'ports', i, 'targetPort'] as Path, ports: [(get(p, 'targetPort') ?? get(p, 'port')) as number | string] })) }];
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
        if (Object.keys(ml).length > 0) out.push({ doc, path: ['spec', dir, i, dir === 'ingress' ? 'from' : 'to', j, 'namespaceSelector', 'matchLabels'], labels: ml });
      }),
    );
  }
  return out;
}

/** Secrets an object needs: Ingress/HTTPProxy TLS, Gateway certificateRefs, workload envFrom/volumes. */
export function secretRefs(doc: KubeDocument): SecretRef[] {
  const o = doc.object;
  const out: SecretRef[] = [];
  if (doc.kind === 'Ingress') list(get(o, 'spec', 'tls')).forEach((t, i) => typeof get(t, 'secretName') === 'string' && out.push({ doc, via: 'Ingress TLS', name: String(get(t, 'secretName')), path: ['spec', 'tls', i, 'secretName'] }));
  if (doc.kind === 'HTTPProxy' && typeof get(o, 'spec', 'virtualhost', 'tls', 'secretName') === 'string') out.push({ doc, via: 'HTTPProxy TLS', name: String(get(o, 'spec', 'virtualhost', 'tls', 'secretName')), path: ['spec', 'virtualhost', 'tls', 'secretName'] });
  if (doc.kind === 'IngressRoute' && typeof get(o, 'spec', 'tls', 'secretName') === 'string') out.push({ doc, via: 'IngressRoute TLS', name: String(get(o, 'spec', 'tls', 'secretName')), path: ['spec', 'tls', 'secretName'] });
  if (doc.kind === 'Gateway' && doc.apiVersion.startsWith('gateway.networking.k8s.io/'))
    list(get(o, 'spec', 'listeners')).forEach((l, i) => list(get(l, 'tls', 'certificateRefs')).forEach((c, j) => (get(c, 'namespace') === undefined && typeof get(c, 'name') === 'string' ? out.push({ doc, via: 'Gateway certificateRef', name: String(get(c, 'name')), path: ['spec', 'listeners', i, 'tls', 'certificateRefs', j, 'name'] }) : 0)));
  const spec = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(doc.kind) ? ['spec', 'template', 'spec'] : doc.kind === 'Pod' ? ['spec'] : doc.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : undefined;
  if (spec) {
    list(get(o, ...spec, 'containers')).forEach((c, i) => {
      list(get(c, 'envFrom')).forEach((e, j) => typeof get(e, 'secretRef', 'name') === 'string' && get(e, 'secretRef', 'optional') !== true && out.push({ doc, via: 'envFrom', name: String(get(e, 'secretRef', 'name')), path: [...spec, 'containers', i, 'envFrom', j, 'secretRef', 'name'] }));
      list(get(c, 'env')).forEach((e, j) => typeof get(e, 'valueFrom', 'secretKeyRef', 'name') === 'string' && get(e, 'valueFrom', 'secretKeyRef', 'optional') !== true && out.push({ doc, via: 'secretKeyRef', name: String(get(e, 'valueFrom', 'secretKeyRef', 'name')), path: [...spec, 'containers', i, 'env', j, 'valueFrom', 'secretKeyRef', 'name'] }));
    });
    list(get(o, ...spec, 'volumes')).forEach((v, i) => typeof get(v, 'secret', 'secretName') === 'string' && get(v, 'secret', 'optional') !== true && out.push({ doc, via: 'secret volume', name: String(get(v, 'secret', 'secretName')), path: [...spec, 'volumes', i, 'secret', 'secretName'] }));
  }
  return out;
}
