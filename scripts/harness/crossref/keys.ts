// Secret and ConfigMap keys: which keys the objects of a unit, the chart and the
// prerequisites hold, which keys workloads and controllers read, and the check that
// every key read exists. Pure.
import type { Prerequisites } from '../context.ts';
import type { Finding, KubeDocument } from '../types.ts';
import { finding } from '../validate.ts';
import { get, isMap, list, strMap } from '../objects.ts';
import type { Shape } from './commands.ts';
import type { Path } from './refs.ts';

const TLS_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];
const at = (d: KubeDocument) => ({ file: d.file, line: d.line });

/** The Secrets and ConfigMaps one document creates, with their keys where they are known. */
export function shapesOf(d: KubeDocument): Shape[] {
  const o = d.object;
  const made = (kind: Shape['kind'], name: unknown, keys: string[] | undefined, how: string): Shape[] =>
    typeof name === 'string'
      ? [{ kind, name, namespace: d.namespace, keys: keys && new Set(keys), ...at(d), origin: how }]
      : [];
  const here = `${d.kind} at ${d.file}:${d.line}`;
  const defined = `defined at ${d.file}:${d.line}`;
  switch (d.kind) {
    case 'Secret':
      return made(
        'Secret',
        d.name,
        [...Object.keys(strMap(o['data'])), ...Object.keys(strMap(o['stringData']))],
        defined,
      );
    case 'ConfigMap':
      return made(
        'ConfigMap',
        d.name,
        [...Object.keys(strMap(o['data'])), ...Object.keys(strMap(o['binaryData']))],
        here,
      );
    case 'SealedSecret':
      return made(
        'Secret',
        get(o, 'spec', 'template', 'metadata', 'name') ?? d.name,
        [
          ...Object.keys(strMap(get(o, 'spec', 'encryptedData'))),
          ...Object.keys(strMap(get(o, 'spec', 'template', 'data'))),
        ],
        `created by the ${here}`,
      );
    case 'ExternalSecret': {
      const tpl = get(o, 'spec', 'target', 'template', 'data');
      const keys = isMap(tpl)
        ? Object.keys(tpl)
        : get(o, 'spec', 'dataFrom') !== undefined
          ? undefined
          : list(get(o, 'spec', 'data')).map((x) => String(get(x, 'secretKey')));
      return made('Secret', get(o, 'spec', 'target', 'name') ?? d.name, keys, `created by the ${here}`);
    }
    case 'Certificate':
      return made('Secret', get(o, 'spec', 'secretName'), TLS_KEYS, `created by the ${here}`);
    default:
      return [];
  }
}

/** Secrets and ConfigMaps a chart render creates. */
export function renderedShapes(
  objects: readonly { kind: string; name: string; object: unknown }[],
  ns: string,
  file: string,
): Shape[] {
  return objects
    .filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap')
    .map((o) => ({
      kind: o.kind as Shape['kind'],
      name: o.name,
      namespace: ns,
      keys: new Set([
        ...Object.keys(strMap(get(o.object, 'data'))),
        ...Object.keys(strMap(get(o.object, 'stringData'))),
        ...Object.keys(strMap(get(o.object, 'binaryData'))),
      ]),
      file,
      line: 1,
      origin: 'rendered by the chart',
    }));
}

/** Declared prerequisites; a prerequisite without `keys` has unknown keys. */
export function prerequisiteShapes(p: Prerequisites, source: string): Shape[] {
  const of = (kind: Shape['kind'], l: Prerequisites['secrets']): Shape[] =>
    l.map((e) => ({
      kind,
      name: e.name,
      keys: e.keys && new Set(e.keys),
      file: source,
      line: 1,
      origin: `declared in ghostwire.prerequisites of ${source}`,
      declared: true,
    }));
  return [...of('Secret', p.secrets), ...of('ConfigMap', p.configMaps)];
}

export interface KeyRef {
  doc: KubeDocument;
  kind: Shape['kind'];
  name: string;
  key: string;
  path: Path;
  /** undefined: the namespace is not known (e.g. a ClusterIssuer's solver Secret). */
  namespace?: string;
}

export function podSpecPath(d: KubeDocument): Path | undefined {
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(d.kind))
    return ['spec', 'template', 'spec'];
  if (d.kind === 'Pod') return ['spec'];
  if (d.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return undefined;
}

/** A Flux HelmRelease's `valuesFrom`: a Secret or ConfigMap and the key (default values.yaml) it reads. */
export function valuesFromRefs(d: KubeDocument): { kind: Shape['kind']; name: string; key: string; path: Path }[] {
  if (d.kind !== 'HelmRelease' || !d.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return [];
  return list(get(d.object, 'spec', 'valuesFrom')).flatMap((v, i) => {
    const kind = get(v, 'kind');
    const name = get(v, 'name');
    const key = get(v, 'valuesKey');
    if ((kind !== 'Secret' && kind !== 'ConfigMap') || typeof name !== 'string' || get(v, 'optional') === true)
      return [];
    const path: Path = ['spec', 'valuesFrom', i, typeof key === 'string' ? 'valuesKey' : 'name'];
    return [{ kind, name, key: typeof key === 'string' ? key : 'values.yaml', path }];
  });
}

/** Keys a document reads from Secrets and ConfigMaps. */
export function keyRefs(d: KubeDocument, defaultNs: string): KeyRef[] {
  const out: KeyRef[] = [];
  const ns = d.namespace ?? defaultNs;
  const add = (kind: Shape['kind'], ref: unknown, nameKey: string, path: Path) => {
    const name = get(ref, nameKey);
    if (typeof name !== 'string' || get(ref, 'optional') === true) return;
    const key = get(ref, 'key');
    if (typeof key === 'string') out.push({ doc: d, kind, name, key, path: [...path, 'key'], namespace: ns });
    list(get(ref, 'items')).forEach((it, i) => {
      const k = get(it, 'key');
      if (typeof k === 'string')
        out.push({ doc: d, kind, name, key: k, path: [...path, 'items', i, 'key'], namespace: ns });
    });
  };
  const spec = podSpecPath(d);
  if (spec) {
    for (const group of ['initContainers', 'containers'])
      list(get(d.object, ...spec, group)).forEach((c, i) =>
        list(get(c, 'env')).forEach((e, j) => {
          const p = [...spec, group, i, 'env', j, 'valueFrom'];
          add('Secret', get(e, 'valueFrom', 'secretKeyRef'), 'name', [...p, 'secretKeyRef']);
          add('ConfigMap', get(e, 'valueFrom', 'configMapKeyRef'), 'name', [...p, 'configMapKeyRef']);
        }),
      );
    list(get(d.object, ...spec, 'volumes')).forEach((v, i) => {
      const p = [...spec, 'volumes', i];
      add('Secret', get(v, 'secret'), 'secretName', [...p, 'secret']);
      add('ConfigMap', get(v, 'configMap'), 'name', [...p, 'configMap']);
      list(get(v, 'projected', 'sources')).forEach((s, j) => {
        add('Secret', get(s, 'secret'), 'name', [...p, 'projected', 'sources', j, 'secret']);
        add('ConfigMap', get(s, 'configMap'), 'name', [...p, 'projected', 'sources', j, 'configMap']);
      });
    });
    return out;
  }
  for (const v of valuesFromRefs(d)) out.push({ doc: d, ...v, namespace: ns });
  // Controllers' references such as cert-manager's apiTokenSecretRef or a dashboard's configMapRef.
  const walk = (v: unknown, p: Path) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...p, i]));
    if (!isMap(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const ref = typeof get(x, 'name') === 'string' && typeof get(x, 'key') === 'string';
      const scoped = d.kind.startsWith('Cluster') ? undefined : ns;
      if (ref && /SecretRef$/.test(k) && k !== 'privateKeySecretRef')
        out.push({
          doc: d,
          kind: 'Secret',
          name: String(get(x, 'name')),
          key: String(get(x, 'key')),
          path: [...p, k, 'key'],
          namespace: scoped,
        });
      else if (ref && /^configMapRef$/i.test(k))
        out.push({
          doc: d,
          kind: 'ConfigMap',
          name: String(get(x, 'name')),
          key: String(get(x, 'key')),
          path: [...p, k, 'key'],
          namespace: scoped,
        });
      else walk(x, [...p, k]);
    }
  };
  walk(d.object['spec'], ['spec']);
  return out;
}

/** Every key read must be one the Secret or ConfigMap holds, where its keys are known. */
export function checkKeyRef(ref: KeyRef, shapes: readonly Shape[]): Finding[] {
  const same = shapes.filter(
    (s) =>
      s.kind === ref.kind &&
      s.name === ref.name &&
      (s.namespace === undefined || ref.namespace === undefined || s.namespace === ref.namespace),
  );
  // Not known at all: SECRET_NOT_PROVIDED speaks for Secrets; keys unknown: nothing to say.
  if (same.length === 0 || same.some((s) => s.keys === undefined || s.keys.has(ref.key))) return [];
  const first = same[0] as Shape;
  const held = [...(first.keys ?? [])].sort();
  const fix =
    ref.kind === 'Secret'
      ? `Use one of those keys, or add "${ref.key}" where the Secret is created ` +
        '(and to its keys in ghostwire.prerequisites).'
      : `Use one of those keys, or add "${ref.key}" to the ConfigMap's data.`;
  return [
    finding(
      ref.doc,
      ref.kind === 'Secret' ? 'SECRET_KEY_MISSING' : 'CONFIGMAP_KEY_MISSING',
      'error',
      ref.path,
      `${ref.doc.kind}${ref.doc.name ? ` ${ref.doc.name}` : ''} reads key "${ref.key}" ` +
        `of ${ref.kind} "${ref.name}", but ` +
        `that ${ref.kind} (${first.origin}) holds ${held.length ? `only ${held.join(', ')}` : 'no keys'}. ${fix}`,
    ),
  ];
}
