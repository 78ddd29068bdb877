// Reads where an example object sends traffic: backends with Service name, namespace,
// port and scheme, for every routing kind the guides use. Pure.
import type { KubeDocument } from '../types.ts';
import { get, list, strMap } from '../objects.ts';

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

const CLUSTER_HOST =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.([a-z0-9]([-a-z0-9]*[a-z0-9])?))?(?:\.svc(?:\.cluster\.local)?)?$/;

/** A host that names a Service: `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`. */
export function parseServiceHost(
  host: string,
  knownNamespaces: ReadonlySet<string>,
): { name: string; namespace?: string } | undefined {
  const m = CLUSTER_HOST.exec(host);
  if (!m) return undefined;
  const name = m[1] as string;
  const ns = m[3];
  if (ns && !host.includes('.svc') && !knownNamespaces.has(ns)) return undefined; // e.g. example.com
  return { name, namespace: ns };
}

/** URLs such as `http://ghostwire.ghostwire.svc:6901/` in args or config files. */
export function urlRefs(
  doc: KubeDocument,
  text: string,
  path: Path,
  via: string,
  knownNamespaces: ReadonlySet<string>,
): BackendRef[] {
  const out: BackendRef[] = [];
  for (const m of text.matchAll(/\b(https?):\/\/([a-z0-9.-]+)(?::(\d+))?/g)) {
    const host = parseServiceHost(m[2] as string, knownNamespaces);
    if (!host) continue;
    const scheme = m[1] as 'http' | 'https';
    out.push({
      doc,
      via,
      name: host.name,
      namePath: path,
      namespace: host.namespace ?? doc.namespace,
      explicitNamespace: host.namespace !== undefined,
      port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80,
      portPath: path,
      scheme,
      schemePath: path,
    });
  }
  return out;
}

function ingressRefs(doc: KubeDocument): BackendRef[] {
  const o = doc.object;
  const nginxProto = String(
    strMap(get(o, 'metadata', 'annotations'))['nginx.ingress.kubernetes.io/backend-protocol'] ?? '',
  ).toUpperCase();
  const scheme = nginxProto === 'HTTPS' || nginxProto === 'GRPCS' ? 'https' : isNginx(doc) ? 'http' : undefined;
  const one = (svc: unknown, at: Path): BackendRef[] => {
    const name = get(svc, 'name');
    if (typeof name !== 'string') return [];
    const num = get(svc, 'port', 'number');
    const pname = get(svc, 'port', 'name');
    return [
      {
        doc,
        via: 'Ingress backend',
        name,
        namePath: [...at, 'name'],
        namespace: doc.namespace,
        explicitNamespace: false,
        port: typeof num === 'number' ? num : typeof pname === 'string' ? pname : undefined,
        portPath: [...at, 'port', typeof num === 'number' ? 'number' : 'name'],
        scheme,
        schemePath: ['metadata', 'annotations', 'nginx.ingress.kubernetes.io/backend-protocol'],
      },
    ];
  };
  const out = one(get(o, 'spec', 'defaultBackend', 'service'), ['spec', 'defaultBackend', 'service']);
  list(get(o, 'spec', 'rules')).forEach((r, i) =>
    list(get(r, 'http', 'paths')).forEach((p, j) =>
      out.push(...one(get(p, 'backend', 'service'), ['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service'])),
    ),
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
      out.push({
        doc,
        via: `${doc.kind} backendRef`,
        name,
        namePath: [...at, 'name'],
        namespace: typeof ns === 'string' ? ns : doc.namespace,
        explicitNamespace: typeof ns === 'string',
        port: get(b, 'port') as number | undefined,
        portPath: [...at, 'port'],
      });
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
      return {
        doc,
        via: 'IngressRoute service',
        name,
        namePath: [...at, 'name'],
        namespace: typeof ns === 'string' ? ns : doc.namespace,
        explicitNamespace: typeof ns === 'string',
        port: get(svc, 'port') as number | string | undefined,
        portPath: [...at, 'port'],
        scheme: scheme === 'https' ? 'https' : 'http',
        schemePath: [...at, scheme === undefined ? 'name' : 'scheme'],
      };
    });
}

function contourRefs(doc: KubeDocument): BackendRef[] {
  return routeServices(doc).map(({ svc, at, name }) => {
    const proto = get(svc, 'protocol');
    return {
      doc,
      via: 'HTTPProxy service',
      name,
      namePath: [...at, 'name'],
      namespace: doc.namespace,
      explicitNamespace: false,
      port: get(svc, 'port') as number | undefined,
      portPath: [...at, 'port'],
      scheme: proto === 'tls' || proto === 'h2' ? 'https' : 'http',
      schemePath: [...at, proto === undefined ? 'name' : 'protocol'],
    };
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
        out.push({
          doc,
          via: 'VirtualService destination',
          name: h.name,
          namePath: [...at, 'host'],
          namespace: h.namespace ?? doc.namespace,
          explicitNamespace: h.namespace !== undefined,
          port: get(d, 'destination', 'port', 'number') as number | undefined,
          portPath: [...at, 'port', 'number'],
        });
      }),
    );
  }
  return out;
}

/** Every backend reference in a document; `namespaces` are those known to the example. */
export function backendRefs(doc: KubeDocument, namespaces: ReadonlySet<string>): BackendRef[] {
  const g = doc.apiVersion.split('/')[0] ?? '';
  if (doc.kind === 'Ingress' && g === 'networking.k8s.io') return ingressRefs(doc);
  if (['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'].includes(doc.kind) && g === 'gateway.networking.k8s.io')
    return gatewayApiRefs(doc);
  if (doc.kind === 'IngressRoute' && g.startsWith('traefik')) return traefikRefs(doc);
  if (doc.kind === 'HTTPProxy' && g === 'projectcontour.io') return contourRefs(doc);
  if (doc.kind === 'VirtualService' && g === 'networking.istio.io') return istioRefs(doc, namespaces);
  if (doc.kind === 'ServiceIntentions') {
    const name = get(doc.object, 'spec', 'destination', 'name');
    return typeof name === 'string' && name !== '*'
      ? [
          {
            doc,
            via: 'ServiceIntentions destination',
            name,
            namePath: ['spec', 'destination', 'name'],
            namespace: (get(doc.object, 'spec', 'destination', 'namespace') as string | undefined) ?? doc.namespace,
            explicitNamespace: false,
          },
        ]
      : [];
  }
  if (doc.kind === 'Probe' && g === 'monitoring.coreos.com') {
    return list(get(doc.object, 'spec', 'targets', 'staticConfig', 'static')).flatMap((u, i) =>
      typeof u === 'string'
        ? urlRefs(doc, u, ['spec', 'targets', 'staticConfig', 'static', i], 'Probe target', namespaces)
        : [],
    );
  }
  return upstreamRefs(doc, namespaces);
}

/** oauth2-proxy style `--upstream=URL` flags and `upstreams = [...]` config in workloads and ConfigMaps. */
function upstreamRefs(doc: KubeDocument, namespaces: ReadonlySet<string>): BackendRef[] {
  const out: BackendRef[] = [];
  if (doc.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(strMap(get(doc.object, 'data')))) {
      for (const line of v.split('\n'))
        if (/^\s*upstreams?\s*=/.test(line))
          out.push(...urlRefs(doc, line, ['data', k], 'oauth2-proxy upstream', namespaces));
    }
    return out;
  }
  const spec = ['Deployment', 'StatefulSet', 'DaemonSet'].includes(doc.kind)
    ? ['spec', 'template', 'spec']
    : doc.kind === 'Pod'
      ? ['spec']
      : undefined;
  if (!spec) return out;
  list(get(doc.object, ...spec, 'containers')).forEach((c, i) => {
    const args = list(get(c, 'args')).map(String);
    args.forEach((a, j) => {
      const m = /^--upstreams?(?:=(.*))?$/.exec(a);
      if (!m) return;
      const value = m[1] ?? args[j + 1] ?? '';
      out.push(
        ...urlRefs(
          doc,
          value,
          [...spec, 'containers', i, 'args', m[1] !== undefined ? j : j + 1],
          'oauth2-proxy --upstream',
          namespaces,
        ),
      );
    });
    list(get(c, 'env')).forEach((e, j) => {
      if (get(e, 'name') === 'OAUTH2_PROXY_UPSTREAMS' && typeof get(e, 'value') === 'string')
        out.push(
          ...urlRefs(
            doc,
            String(get(e, 'value')),
            [...spec, 'containers', i, 'env', j, 'value'],
            'OAUTH2_PROXY_UPSTREAMS',
            namespaces,
          ),
        );
    });
  });
  return out;
}
