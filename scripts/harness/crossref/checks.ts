// The cross-checks proper: each compares what an example object points at with the
// chart model and what the example itself creates, and returns findings. Pure.
import type { Prerequisites } from '../context.ts';
import type { Finding, KubeDocument } from '../types.ts';
import { finding } from '../validate.ts';
import { get, strMap } from '../objects.ts';
import { describePorts, mainService, type ChartModel } from './model.ts';
import { isNginx, type BackendRef, type Path } from './refs.ts';
import type { NamespaceLabelRef, SecretRef, SelectRef } from './selects.ts';

/** What the example around a document creates or declares. */
export interface UnitFacts {
  services: { name: string; namespace?: string; labels: Record<string, string> }[];
  pods: Record<string, string>[];
  secrets: Set<string>;
  namespaces: Map<string, Record<string, string>>;
  prerequisites: Prerequisites;
  /** Services that a BackendTLSPolicy in the example covers. */
  backendTls: Set<string>;
  /** Linkerd Server objects in the example, by name. */
  servers: Set<string>;
}

/** Linkerd policy objects and routes attach to a Server by name; it must exist in the example. */
export function checkLinkerdTargets(doc: KubeDocument, facts: UnitFacts): Finding[] {
  if (
    !doc.apiVersion.startsWith('policy.linkerd.io/') &&
    !(doc.kind === 'HTTPRoute' && doc.apiVersion.startsWith('gateway.networking.k8s.io/'))
  )
    return [];
  const refs: { path: Path; name: string }[] = [];
  const tr = get(doc.object, 'spec', 'targetRef');
  if (get(tr, 'kind') === 'Server' && typeof get(tr, 'name') === 'string')
    refs.push({ path: ['spec', 'targetRef', 'name'], name: String(get(tr, 'name')) });
  const parents = get(doc.object, 'spec', 'parentRefs');
  (Array.isArray(parents) ? parents : []).forEach((p, i) => {
    if (get(p, 'kind') === 'Server' && typeof get(p, 'name') === 'string')
      refs.push({ path: ['spec', 'parentRefs', i, 'name'], name: String(get(p, 'name')) });
  });
  return refs
    .filter((r) => !facts.servers.has(r.name))
    .map((r) =>
      at(
        doc,
        'ROUTE_SERVICE_UNKNOWN',
        r.path,
        `${label(doc)} attaches to Linkerd Server "${r.name}", which this example does not define; add the Server ` +
          `(selecting the chart's pods on port vnc) or fix the name.`,
      ),
    );
}

const MIN_WEBSOCKET_TIMEOUT = 3600;

/** Every cross-check finding is an error. */
const at = (doc: KubeDocument, code: string, path: Path, message: string): Finding =>
  finding(doc, code, 'error', path, message);

const label = (doc: KubeDocument) => `${doc.kind}${doc.name ? ` ${doc.name}` : ''}`;

function namespaceCheck(doc: KubeDocument, m: ChartModel, via: string): Finding | undefined {
  if (doc.namespace === undefined)
    return at(
      doc,
      'NAMESPACE_MISSING',
      ['metadata'],
      `${label(doc)} refers to the chart's objects (${via}) but sets no metadata.namespace; set namespace: ` +
        `${m.namespace} so it is created beside the release and not in whatever namespace kubectl defaults to.`,
    );
  if (doc.namespace !== m.namespace)
    return at(
      doc,
      'NAMESPACE_MISMATCH',
      ['metadata', 'namespace'],
      `${label(doc)} is in namespace ${doc.namespace}, but the release is in ${m.namespace}; ${via} only reaches ` +
        `objects in its own namespace. Use namespace: ${m.namespace}.`,
    );
  return undefined;
}

export function checkBackend(ref: BackendRef, m: ChartModel, facts: UnitFacts): Finding[] {
  const out: Finding[] = [];
  const svc = m.services.find((s) => s.name === ref.name);
  const main = mainService(m);
  if (!svc) {
    const known =
      facts.services.some(
        (s) =>
          s.name === ref.name &&
          (s.namespace === undefined || ref.namespace === undefined || s.namespace === ref.namespace),
      ) || facts.prerequisites.services.some((p) => p.name === ref.name);
    if (!known)
      out.push(
        at(
          ref.doc,
          'ROUTE_SERVICE_UNKNOWN',
          ref.namePath,
          `${ref.via} points at Service "${ref.name}", which neither the chart (it creates Service ` +
            `${main?.name ?? '?'} on ${main ? describePorts(main) : '?'}) nor this example creates. Use ` +
            `${main?.name ?? 'the chart Service'}, or list "${ref.name}" under ghostwire.prerequisites.services if ` +
            `the reader installs it separately.`,
        ),
      );
    return out;
  }
  if (ref.explicitNamespace && ref.namespace !== m.namespace) {
    out.push(
      at(
        ref.doc,
        'NAMESPACE_MISMATCH',
        ref.namePath,
        `${ref.via} looks for Service ${ref.name} in namespace ${ref.namespace}, but the release is in ${m.namespace}.`,
      ),
    );
  } else if (!ref.explicitNamespace) {
    const n = namespaceCheck(ref.doc, m, ref.via);
    if (n) out.push(n);
  }
  if (
    ref.port !== undefined &&
    !svc.ports.some((p) => p.port === ref.port || (typeof ref.port === 'string' && p.name === ref.port))
  ) {
    out.push(
      at(
        ref.doc,
        'ROUTE_PORT_MISMATCH',
        ref.portPath ?? ref.namePath,
        `${ref.via} port ${ref.port} does not match Service ${svc.name} port ${describePorts(svc)}. Use ` +
          `${svc.ports[0]?.port ?? 6901}${svc.ports[0]?.name ? ` or the port name ${svc.ports[0].name}` : ''}.`,
      ),
    );
  }
  const want = m.tlsMode === 'disabled' ? 'http' : 'https';
  if (ref.scheme !== undefined && ref.scheme !== want) {
    const why =
      m.tlsMode === 'disabled'
        ? `with tls.mode: disabled the pod serves plain HTTP on ${svc.ports[0]?.port ?? 6901}`
        : `with tls.mode: ${m.tlsMode} the pod serves only HTTPS`;
    out.push(
      at(
        ref.doc,
        'BACKEND_PROTOCOL_MISMATCH',
        ref.schemePath ?? ref.namePath,
        `${ref.via} speaks ${ref.scheme.toUpperCase()} to Service ${svc.name}, but ${why}. ` +
          `${want === 'https' ? 'Switch the backend to HTTPS' : 'Drop the HTTPS backend setting'}, or point this ` +
          `example at chart values with the matching tls.mode (fence meta uses=<values id>).`,
      ),
    );
  }
  if (ref.doc.kind === 'HTTPRoute' && want === 'https' && !facts.backendTls.has(svc.name)) {
    out.push(
      at(
        ref.doc,
        'BACKEND_PROTOCOL_MISMATCH',
        ref.namePath,
        `HTTPRoute sends plain HTTP to Service ${svc.name}, but with tls.mode: ${m.tlsMode} the pod serves only ` +
          `HTTPS. Add a BackendTLSPolicy for ${svc.name} or use tls.mode: disabled.`,
      ),
    );
  }
  return out;
}

/** ingress-nginx cuts idle connections after 60 s; the KasmVNC client is one long WebSocket. */
export function checkWebsocket(doc: KubeDocument): Finding[] {
  const out: Finding[] = [];
  if (isNginx(doc)) {
    const ann = strMap(get(doc.object, 'metadata', 'annotations'));
    for (const key of ['proxy-read-timeout', 'proxy-send-timeout']) {
      const full = `nginx.ingress.kubernetes.io/${key}`;
      const v = Number(ann[full]);
      if (!(v >= MIN_WEBSOCKET_TIMEOUT)) {
        out.push(
          at(
            doc,
            'WEBSOCKET_TIMEOUT_MISSING',
            ann[full] === undefined
              ? ['metadata', ann && Object.keys(ann).length ? 'annotations' : 'name']
              : ['metadata', 'annotations', full],
            `${label(doc)} routes to the KasmVNC client through ingress-nginx ` +
              `${ann[full] === undefined ? `without ${full}` : `with ${full}: "${ann[full]}"`}; ingress-nginx ` +
              `closes the session's WebSocket after 60 s of silence. Set ${full}: "${MIN_WEBSOCKET_TIMEOUT}" or ` +
              `more.`,
          ),
        );
      }
    }
  }
  if (doc.kind === 'HTTPProxy') {
    const routes = get(doc.object, 'spec', 'routes');
    (Array.isArray(routes) ? routes : []).forEach((r, i) => {
      if (get(r, 'enableWebsockets') !== true)
        out.push(
          at(
            doc,
            'WEBSOCKET_TIMEOUT_MISSING',
            ['spec', 'routes', i],
            `HTTPProxy route ${i} to the KasmVNC client does not set enableWebsockets: true; Contour refuses the ` +
              `WebSocket upgrade without it.`,
          ),
        );
    });
  }
  return out;
}

const vncPorts = (m: ChartModel): Set<string> => {
  const s = new Set<string>();
  for (const svc of m.services)
    for (const p of svc.ports) {
      s.add(String(p.port));
      if (p.name) s.add(p.name);
    }
  for (const pod of m.pods)
    for (const p of pod.ports) {
      s.add(String(p.port));
      if (p.name) s.add(p.name);
    }
  return s;
};

export function checkSelect(ref: SelectRef, m: ChartModel, facts: UnitFacts): Finding[] {
  if (!ref.select) return [];
  if (ref.namespaces) {
    // Velero objects sit in Velero's namespace and name the namespaces they back up.
    if (!ref.namespaces.names.includes('*') && !ref.namespaces.names.includes(m.namespace)) {
      return [
        at(
          ref.doc,
          'NAMESPACE_MISMATCH',
          ref.namespaces.path,
          `${ref.via} ${ref.doc.name ?? ''} backs up namespaces ${ref.namespaces.names.join(', ')}, but the ` +
            `release is in ${m.namespace}. Add ${m.namespace} to includedNamespaces.`,
        ),
      ];
    }
  } else if (ref.doc.namespace !== undefined && ref.doc.namespace !== m.namespace) return [];
  // The helm test pod is one of the chart's pods too (a policy may admit it), but only
  // the desktop pods serve the web client, so only they bring the port checks below.
  const desktop =
    ref.target === 'pods' ? m.pods.filter((p) => !p.test).map((p) => p.labels) : m.services.map((s) => s.labels);
  const chartLabels = ref.target === 'pods' ? m.pods.map((p) => p.labels) : desktop;
  const unitLabels = ref.target === 'pods' ? facts.pods : facts.services.map((s) => s.labels);
  const hitsChart = desktop.some(ref.select);
  if (!hitsChart && !chartLabels.some(ref.select) && !unitLabels.some(ref.select)) {
    const want = Object.entries(desktop[0] ?? {})
      .filter(([k]) => !/version|managed-by|helm\.sh/.test(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return [
      at(
        ref.doc,
        'SELECTOR_MATCHES_NOTHING',
        ref.path,
        `${ref.via} selector ${ref.text} selects none of the chart's ${ref.target} (labels ${want}) and nothing ` +
          `else in this example. Select on app.kubernetes.io/instance: ${m.release} and app.kubernetes.io/name.`,
      ),
    ];
  }
  if (!hitsChart) return [];
  const out: Finding[] = [];
  const n = ref.namespaces ? undefined : namespaceCheck(ref.doc, m, `its ${ref.path.at(-1)}`);
  if (n) out.push(n);
  const ports = vncPorts(m);
  const rules = ref.rules ?? [];
  const opens = (r: { ports: (number | string)[] }) =>
    r.ports.length === 0 || r.ports.some((p) => ports.has(String(p)));
  if (rules.length > 0 && !rules.some(opens)) {
    const first = rules[0] as { path: Path; ports: (number | string)[] };
    const code = ref.via === 'Service' ? 'ROUTE_PORT_MISMATCH' : 'POLICY_PORT_MISSING';
    out.push(
      at(
        ref.doc,
        code,
        first.path,
        `${ref.via} ${ref.doc.name ?? ''} selects the chart's pods but only ` +
          `${ref.via === 'Service' ? 'targets' : 'opens'} port${first.ports.length > 1 ? 's' : ''} ` +
          `${rules.flatMap((r) => r.ports).join(', ')}; the KasmVNC client listens on ` +
          `${mainService(m)?.ports[0]?.port ?? 6901} (${mainService(m)?.ports[0]?.name ?? 'vnc'}). Include that ` +
          `port.`,
      ),
    );
  }
  return out;
}

export function checkNamespaceLabels(ref: NamespaceLabelRef, facts: UnitFacts): Finding[] {
  const out: Finding[] = [];
  for (const [k, v] of Object.entries(ref.labels)) {
    if (k === 'kubernetes.io/metadata.name') continue;
    if ([...facts.namespaces.values()].some((labels) => labels[k] === v)) continue;
    out.push(
      at(
        ref.doc,
        'NAMESPACE_LABEL_UNKNOWN',
        [...ref.path, k],
        `namespaceSelector ${k}=${v}: namespaces do not carry this label unless someone adds it, and no Namespace ` +
          `in this example does. Use kubernetes.io/metadata.name: <namespace>, which Kubernetes sets on every ` +
          `namespace.`,
      ),
    );
  }
  return out;
}

export function checkSecret(ref: SecretRef, m: ChartModel, facts: UnitFacts): Finding[] {
  if (ref.doc.namespace !== undefined && ref.doc.namespace !== m.namespace) return [];
  if (
    facts.secrets.has(ref.name) ||
    m.secrets.includes(ref.name) ||
    facts.prerequisites.secrets.some((p) => p.name === ref.name)
  )
    return [];
  const how =
    ref.via.includes('TLS') || ref.via.includes('certificate')
      ? 'a cert-manager Certificate with that spec.secretName ' +
        '(or the cert-manager.io/cluster-issuer annotation on the Ingress)'
      : 'a Secret, ExternalSecret or SealedSecret';
  return [
    at(
      ref.doc,
      'SECRET_NOT_PROVIDED',
      ref.path,
      `${ref.via} uses Secret "${ref.name}", which nothing in this example creates. Add ${how}, or list it under ` +
        `ghostwire.prerequisites.secrets and show the command that creates it.`,
    ),
  ];
}

/** Secrets that chart values expect (auth.existingSecret, tls.secretName, envFrom, imagePullSecrets). */
export function checkValuesSecrets(
  m: ChartModel,
  facts: UnitFacts,
  locate: (p: Path) => { line: number; column: number },
  file: string,
): Finding[] {
  return m.requiredSecrets
    .filter(
      (s) =>
        !facts.secrets.has(s.name) &&
        !facts.prerequisites.secrets.some((p) => p.name === s.name) &&
        !m.secrets.includes(s.name),
    )
    .map((s) => {
      const p = s.key
        .split(/[.[\]]/)
        .filter(Boolean)
        .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
      const pos = locate(p);
      return {
        code: 'SECRET_NOT_PROVIDED',
        severity: 'error' as const,
        file,
        line: pos.line,
        column: pos.column,
        path: s.key,
        message:
          `Chart values ${s.key} name Secret "${s.name}", which nothing in this example creates. Add it ` +
          `(Secret, ExternalSecret, SealedSecret, or a cert-manager Certificate for TLS), or list it under ` +
          `ghostwire.prerequisites.secrets with the command that creates it.`,
      };
    });
}
