// Mesh identities: the ServiceAccounts and namespaces that Istio AuthorizationPolicies,
// Linkerd MeshTLSAuthentications and Consul ServiceIntentions admit must be ones the
// scenario defines, the chart renders, a documented install creates, or the page declares. Pure.
import type { Finding, KubeDocument } from '../types.ts';
import { finding } from '../validate.ts';
import { get, list } from '../objects.ts';
import type { Path } from './refs.ts';

export interface Account {
  name: string;
  namespace: string;
  /** Labels of the pods that run as this account, where known. */
  labels?: Record<string, string>;
  origin: string;
}

export interface MeshKnown {
  accounts: Account[];
  namespaces: Set<string>;
  /** Consul service names: Services, connect-service annotations. */
  services: Set<string>;
}

interface IdentityRef {
  path: Path;
  text: string;
  /** undefined: any (a wildcard). */
  name?: string;
  namespace?: string;
  consul?: boolean;
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** `cluster.local/ns/<ns>/sa/<sa>` (wildcards allowed) into its parts. */
function istioPrincipal(p: string): { namespace?: string; name?: string } | undefined {
  const m = /^[^/]*\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(p);
  if (!m) return undefined;
  return { namespace: m[1], name: m[2] };
}

/** The identities a mesh policy admits. */
export function identityRefs(d: KubeDocument): IdentityRef[] {
  const g = d.apiVersion.split('/')[0];
  const out: IdentityRef[] = [];
  if (g === 'security.istio.io' && d.kind === 'AuthorizationPolicy') {
    list(get(d.object, 'spec', 'rules')).forEach((r, i) =>
      list(get(r, 'from')).forEach((f, j) => {
        const base: Path = ['spec', 'rules', i, 'from', j, 'source'];
        list(get(f, 'source', 'principals')).forEach((p, k) => {
          const parts = typeof p === 'string' && p !== '*' ? istioPrincipal(p) : undefined;
          if (parts) out.push({ path: [...base, 'principals', k], text: String(p), ...parts });
        });
        list(get(f, 'source', 'namespaces')).forEach((n, k) => {
          if (typeof n === 'string' && n !== '*') out.push({ path: [...base, 'namespaces', k], text: n, namespace: n });
        });
      }),
    );
  }
  if (g === 'policy.linkerd.io' && d.kind === 'MeshTLSAuthentication') {
    list(get(d.object, 'spec', 'identities')).forEach((id, i) => {
      const m = typeof id === 'string' ? /^([^.]+)\.([^.]+)\.serviceaccount\.identity\./.exec(id) : null;
      if (m) out.push({ path: ['spec', 'identities', i], text: String(id), name: m[1], namespace: m[2] });
    });
    list(get(d.object, 'spec', 'identityRefs')).forEach((r, i) => {
      const name = get(r, 'name');
      const kind = get(r, 'kind');
      if (typeof name !== 'string' || name === '*') return;
      if (kind === 'ServiceAccount') {
        const ns = get(r, 'namespace');
        const namespace = typeof ns === 'string' ? ns : d.namespace;
        out.push({ path: ['spec', 'identityRefs', i, 'name'], text: `${namespace}/${name}`, name, namespace });
      } else if (kind === 'Namespace')
        out.push({ path: ['spec', 'identityRefs', i, 'name'], text: name, namespace: name });
    });
  }
  if (g === 'consul.hashicorp.com' && d.kind === 'ServiceIntentions') {
    list(get(d.object, 'spec', 'sources')).forEach((s, i) => {
      const name = get(s, 'name');
      if (typeof name === 'string' && name !== '*' && get(s, 'peer') === undefined && get(s, 'partition') === undefined)
        out.push({ path: ['spec', 'sources', i, 'name'], text: name, name, consul: true });
    });
  }
  return out;
}

const describeKnown = (k: MeshKnown) =>
  k.accounts.length ? [...new Set(k.accounts.map((a) => `${a.namespace}/${a.name}`))].join(', ') : 'none';

export function checkIdentities(d: KubeDocument, known: MeshKnown): Finding[] {
  const label = `${d.kind}${d.name ? ` ${d.name}` : ''}`;
  const out: Finding[] = [];
  for (const r of identityRefs(d)) {
    if (r.consul) {
      const name = r.name as string;
      if (known.services.has(name) || known.accounts.some((a) => a.name === name)) continue;
      out.push(
        finding(
          d,
          'MESH_IDENTITY_UNKNOWN',
          'error',
          r.path,
          `${label} admits Consul service "${name}", but no ServiceAccount or Service of that name is defined by ` +
            `this example, rendered by the chart or declared (known ServiceAccounts: ${describeKnown(known)}). ` +
            'With ACLs, Consul names a service after its ServiceAccount: name the source after the ServiceAccount ' +
            'of the pods you admit, or declare it under ghostwire.prerequisites.serviceAccounts.',
        ),
      );
      continue;
    }
    const nsOk = r.namespace === undefined || [...known.namespaces].some((n) => glob(r.namespace as string).test(n));
    if (r.name === undefined) {
      if (nsOk) continue;
      out.push(
        finding(
          d,
          'MESH_IDENTITY_UNKNOWN',
          'error',
          r.path,
          `${label} admits namespace "${r.namespace}", which nothing in this example, the chart or the ` +
            `prerequisites uses (known: ${[...known.namespaces].sort().join(', ')}). Name the namespace of the ` +
            'workload you admit, or declare its ServiceAccount under ghostwire.prerequisites.serviceAccounts.',
        ),
      );
      continue;
    }
    const hit = known.accounts.some(
      (a) => glob(r.name as string).test(a.name) && (r.namespace === undefined || glob(r.namespace).test(a.namespace)),
    );
    if (hit) continue;
    out.push(
      finding(
        d,
        'MESH_IDENTITY_UNKNOWN',
        'error',
        r.path,
        `${label} admits ${r.text}, but no ServiceAccount ${r.name} in namespace ${r.namespace} is defined by this ` +
          `example, rendered by the chart, created by an install command on the page or declared under ` +
          `ghostwire.prerequisites.serviceAccounts (known: ${describeKnown(known)}). Name the ServiceAccount of ` +
          'the pods you mean to admit (for a Helm-installed gateway: the one its release creates), or declare it ' +
          'with its namespace and labels.',
      ),
    );
  }
  return out;
}
