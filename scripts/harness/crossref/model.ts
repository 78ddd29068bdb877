// What the chart creates for one release, read off its rendered objects, and the
// selector logic to ask whether an example's selector picks those objects. Pure.
import { get, isMap, list, strMap } from '../objects.ts';
import type { RenderedObject } from '../values.ts';
import type { Shape } from './commands.ts';
import { renderedShapes } from './keys.ts';

export type TlsMode = 'disabled' | 'auto' | 'custom';

export interface ServicePort {
  port: number;
  name?: string;
  targetPort?: number | string;
  appProtocol?: string;
}

export interface ChartService {
  name: string;
  headless: boolean;
  labels: Record<string, string>;
  ports: ServicePort[];
}

export interface ChartPod {
  owner: string;
  labels: Record<string, string>;
  /** Container ports: number and name. */
  ports: { port: number; name?: string }[];
  test: boolean;
}

export interface ChartModel {
  release: string;
  namespace: string;
  tlsMode: TlsMode;
  authEnabled: boolean;
  services: ChartService[];
  pods: ChartPod[];
  secrets: string[];
  /** Secrets and ConfigMaps the release creates, with their keys. */
  shapes: Shape[];
  serviceAccount?: string;
  /** Secrets the release expects to exist: auth.existingSecret, tls.secretName, envFrom, imagePullSecrets. */
  requiredSecrets: { name: string; key: string }[];
}

function podsOf(o: RenderedObject): ChartPod[] {
  const spec = o.kind === 'Pod' ? get(o.object, 'spec') : get(o.object, 'spec', 'template', 'spec');
  const labels =
    o.kind === 'Pod'
      ? strMap(get(o.object, 'metadata', 'labels'))
      : strMap(get(o.object, 'spec', 'template', 'metadata', 'labels'));
  if (!isMap(spec)) return [];
  const ports = list(spec['containers']).flatMap((c) =>
    list(get(c, 'ports')).map((p) => ({
      port: Number(get(p, 'containerPort')),
      name: get(p, 'name') as string | undefined,
    })),
  );
  const test = o.kind === 'Pod' && /test/.test(String(get(o.object, 'metadata', 'annotations', 'helm.sh/hook') ?? ''));
  return [{ owner: `${o.kind}/${o.name}`, labels, ports, test }];
}

/** Builds the model from a render and the merged values it was rendered with. */
export function buildModel(
  release: string,
  namespace: string,
  objects: readonly RenderedObject[],
  values: Record<string, unknown>,
): ChartModel {
  const mode = get(values, 'tls', 'mode');
  const requiredSecrets: ChartModel['requiredSecrets'] = [];
  const auth = get(values, 'auth');
  if (
    get(auth, 'enabled') === true &&
    typeof get(auth, 'existingSecret') === 'string' &&
    get(auth, 'existingSecret') !== ''
  )
    requiredSecrets.push({ name: String(get(auth, 'existingSecret')), key: 'auth.existingSecret' });
  if (
    mode === 'custom' &&
    typeof get(values, 'tls', 'secretName') === 'string' &&
    get(values, 'tls', 'secretName') !== ''
  )
    requiredSecrets.push({ name: String(get(values, 'tls', 'secretName')), key: 'tls.secretName' });
  list(get(values, 'envFrom')).forEach((e, i) => {
    const n = get(e, 'secretRef', 'name');
    if (typeof n === 'string' && get(e, 'secretRef', 'optional') !== true)
      requiredSecrets.push({ name: n, key: `envFrom[${i}].secretRef.name` });
  });
  list(get(values, 'imagePullSecrets')).forEach((e, i) => {
    const n = typeof e === 'string' ? e : get(e, 'name');
    if (typeof n === 'string') requiredSecrets.push({ name: n, key: `imagePullSecrets[${i}]` });
  });
  return {
    release,
    namespace,
    tlsMode: mode === 'auto' || mode === 'custom' ? mode : 'disabled',
    authEnabled: get(auth, 'enabled') === true,
    services: objects
      .filter((o) => o.kind === 'Service')
      .map((o) => ({
        name: o.name,
        headless: get(o.object, 'spec', 'clusterIP') === 'None',
        labels: strMap(get(o.object, 'metadata', 'labels')),
        ports: list(get(o.object, 'spec', 'ports')).map((p) => ({
          port: Number(get(p, 'port')),
          name: get(p, 'name') as string | undefined,
          targetPort: get(p, 'targetPort') as number | string | undefined,
          appProtocol: get(p, 'appProtocol') as string | undefined,
        })),
      })),
    pods: objects.filter((o) => ['StatefulSet', 'Deployment', 'DaemonSet', 'Pod'].includes(o.kind)).flatMap(podsOf),
    secrets: objects.filter((o) => o.kind === 'Secret').map((o) => o.name),
    shapes: renderedShapes(objects, namespace, 'chart'),
    serviceAccount: objects.find((o) => o.kind === 'ServiceAccount')?.name,
    requiredSecrets,
  };
}

/** The Service that carries the web client: the non-headless one. */
export function mainService(m: ChartModel): ChartService | undefined {
  return m.services.find((s) => !s.headless) ?? m.services[0];
}

export function describePorts(s: ChartService): string {
  return s.ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

// ---- selectors ----

export type Selector = (labels: Record<string, string>) => boolean;

/** A Kubernetes LabelSelector (matchLabels + matchExpressions); an empty one selects everything. */
export function labelSelector(sel: unknown, keyPrefixes: readonly string[] = []): Selector | undefined {
  if (sel === undefined || sel === null) return undefined;
  const strip = (k: string) => {
    for (const p of keyPrefixes) if (k.startsWith(p)) return k.slice(p.length);
    return k;
  };
  const ml = Object.entries(strMap(get(sel, 'matchLabels'))).map(([k, v]) => [strip(k), v] as const);
  const me = list(get(sel, 'matchExpressions')).map((e) => ({
    key: strip(String(get(e, 'key'))),
    op: String(get(e, 'operator')),
    values: list(get(e, 'values')).map(String),
  }));
  return (labels) =>
    ml.every(([k, v]) => labels[k] === v) &&
    me.every((e) => {
      const has = e.key in labels;
      switch (e.op) {
        case 'In':
          return has && e.values.includes(labels[e.key] as string);
        case 'NotIn':
          return !has || !e.values.includes(labels[e.key] as string);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    });
}

/** Keys a selector mentions, for messages. */
export function selectorText(sel: unknown): string {
  if (typeof sel === 'string') return sel;
  const ml = Object.entries(strMap(get(sel, 'matchLabels'))).map(([k, v]) => `${k}=${v}`);
  const me = list(get(sel, 'matchExpressions')).map((e) =>
    `${String(get(e, 'key'))} ${String(get(e, 'operator'))} ${list(get(e, 'values')).join(',')}`.trim(),
  );
  return [...ml, ...me].join(', ') || '(everything)';
}

/**
 * A Calico selector expression: `a == 'x' && has(b) && c in {'y','z'}`, `all()`.
 * Returns undefined for expressions it does not understand (with ||, parentheses), which
 * are then not checked rather than guessed at.
 */
export function calicoSelector(expr: string): Selector | undefined {
  const text = expr.trim();
  if (text === '' || text === 'all()') return () => true;
  if (/\|\||\(\s*[^)]*&&/.test(text)) return undefined;
  const terms: Selector[] = [];
  for (const raw of text.split('&&').map((t) => t.trim())) {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|!=)\s*['"]([^'"]*)['"]$/.exec(raw))) {
      const [, k, op, v] = m as unknown as [string, string, string, string];
      terms.push((l) => (op === '==' ? l[k] === v : l[k] !== v));
    } else if ((m = /^(!?)has\(([\w./-]+)\)$/.exec(raw))) {
      const [, neg, k] = m as unknown as [string, string, string];
      terms.push((l) => k in l !== (neg === '!'));
    } else if ((m = /^([\w./-]+)\s+(not\s+)?in\s+\{([^}]*)\}$/.exec(raw))) {
      const [, k, not, vals] = m as unknown as [string, string, string | undefined, string];
      const set = vals.split(',').map((v) => v.trim().replace(/^['"]|['"]$/g, ''));
      terms.push((l) => (l[k] !== undefined && set.includes(l[k] as string)) !== Boolean(not));
    } else return undefined;
  }
  return (l) => terms.every((t) => t(l));
}
