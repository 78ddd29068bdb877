// Gateway API references inside one example: a route's backendRef to a Service the example
// itself defines must use one of that Service's ports, and a parentRef (of a route, or of a
// cert-manager HTTP-01 solver) to a Gateway the example defines must name one of its listeners.
// References to objects the example does not define are left to the other checks. Pure.
import type { Finding, KubeDocument } from '../types.ts';
import { finding } from '../validate.ts';
import { get, list } from '../objects.ts';
import type { Path } from './refs.ts';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute']);

const group = (d: KubeDocument) => d.apiVersion.split('/')[0] ?? '';
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const label = (d: KubeDocument) => `${d.kind}${d.name ? ` ${d.name}` : ''}`;

interface ServicePort {
  port: number;
  name?: string;
}

/** The ports of a Service the example defines, or undefined when it defines none of that name. */
function servicePorts(docs: readonly KubeDocument[], name: string, ns: string | undefined): ServicePort[] | undefined {
  const svc = docs.find(
    (d) =>
      d.kind === 'Service' && d.name === name && (d.namespace === undefined || ns === undefined || d.namespace === ns),
  );
  if (!svc) return undefined;
  return list(get(svc.object, 'spec', 'ports')).flatMap((p) => {
    const port = get(p, 'port');
    const pname = str(get(p, 'name'));
    return typeof port === 'number' ? [{ port, ...(pname ? { name: pname } : {}) }] : [];
  });
}

const describe = (ports: readonly ServicePort[]) =>
  ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'no ports';

function backendFindings(d: KubeDocument, docs: readonly KubeDocument[]): Finding[] {
  const out: Finding[] = [];
  list(get(d.object, 'spec', 'rules')).forEach((r, i) =>
    list(get(r, 'backendRefs')).forEach((b, j) => {
      const name = str(get(b, 'name'));
      const kind = get(b, 'kind') ?? 'Service';
      const port = get(b, 'port');
      if (!name || kind !== 'Service' || typeof port !== 'number') return;
      const ports = servicePorts(docs, name, str(get(b, 'namespace')) ?? d.namespace);
      if (!ports || ports.some((p) => p.port === port)) return;
      const path: Path = ['spec', 'rules', i, 'backendRefs', j, 'port'];
      out.push(
        finding(
          d,
          'ROUTE_PORT_MISMATCH',
          'error',
          path,
          `${label(d)} sends traffic to port ${port} of Service ${name}, which this example defines with port ` +
            `${describe(ports)}. A backendRef names the Service port (not the container port): use ` +
            `${ports[0]?.port ?? 'one of its ports'}.`,
        ),
      );
    }),
  );
  return out;
}

/** parentRefs with where they sit: routes have spec.parentRefs, ACME issuers have one per HTTP-01 solver. */
function parentRefs(d: KubeDocument): { ref: unknown; path: Path; ns: string | undefined }[] {
  if (ROUTE_KINDS.has(d.kind) && group(d) === GATEWAY_GROUP)
    return list(get(d.object, 'spec', 'parentRefs')).map((ref, i) => ({
      ref,
      path: ['spec', 'parentRefs', i],
      ns: d.namespace,
    }));
  if ((d.kind === 'ClusterIssuer' || d.kind === 'Issuer') && group(d) === 'cert-manager.io')
    return list(get(d.object, 'spec', 'acme', 'solvers')).flatMap((s, i) =>
      list(get(s, 'http01', 'gatewayHTTPRoute', 'parentRefs')).map((ref, j) => ({
        ref,
        path: ['spec', 'acme', 'solvers', i, 'http01', 'gatewayHTTPRoute', 'parentRefs', j],
        // A ClusterIssuer's solver route is created in the Certificate's namespace.
        ns: d.kind === 'Issuer' ? d.namespace : undefined,
      })),
    );
  return [];
}

function listenerFindings(d: KubeDocument, docs: readonly KubeDocument[]): Finding[] {
  const out: Finding[] = [];
  for (const { ref, path, ns } of parentRefs(d)) {
    const name = str(get(ref, 'name'));
    const section = str(get(ref, 'sectionName'));
    if (!name || !section || (get(ref, 'kind') ?? 'Gateway') !== 'Gateway') continue;
    const refNs = str(get(ref, 'namespace')) ?? ns;
    const gw = docs.find(
      (x) =>
        x.kind === 'Gateway' &&
        group(x) === GATEWAY_GROUP &&
        x.name === name &&
        (refNs === undefined || x.namespace === undefined || x.namespace === refNs),
    );
    if (!gw) continue;
    const listeners = list(get(gw.object, 'spec', 'listeners')).flatMap((l) => str(get(l, 'name')) ?? []);
    if (listeners.includes(section)) continue;
    out.push(
      finding(
        d,
        'ROUTE_LISTENER_UNKNOWN',
        'error',
        [...path, 'sectionName'],
        `${label(d)} attaches to listener "${section}" of Gateway ${name}, which has ` +
          `${listeners.length ? `only the listeners ${listeners.join(', ')}` : 'no named listeners'}; ` +
          `the Gateway ignores the reference. Use one of those names, or add the listener.`,
      ),
    );
  }
  return out;
}

/** Both checks for one document against the documents of its page or example folder. */
export function checkRoutes(d: KubeDocument, docs: readonly KubeDocument[]): Finding[] {
  return [
    ...(ROUTE_KINDS.has(d.kind) && group(d) === GATEWAY_GROUP ? backendFindings(d, docs) : []),
    ...listenerFindings(d, docs),
  ];
}
