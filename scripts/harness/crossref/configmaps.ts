// ConfigMaps a workload mounts or reads must exist: in the example, the chart, a
// `kubectl create configmap` on the page, or the declared prerequisites. Pure.
import type { Finding, KubeDocument } from '../types.ts';
import { finding } from '../validate.ts';
import { get, list } from '../objects.ts';
import type { Shape } from './commands.ts';
import { podSpecPath, valuesFromRefs } from './keys.ts';
import type { Path } from './refs.ts';

/** Every ConfigMap Kubernetes creates in each namespace. */
const BUILT_IN = new Set(['kube-root-ca.crt']);

/** The ConfigMaps a workload needs (optional references left out). */
export function configMapUses(d: KubeDocument): { name: string; path: Path }[] {
  const spec = podSpecPath(d);
  if (!spec)
    return valuesFromRefs(d)
      .filter((v) => v.kind === 'ConfigMap')
      .map((v) => ({ name: v.name, path: [...v.path.slice(0, -1), 'name'] }));
  const out: { name: string; path: Path }[] = [];
  const use = (ref: unknown, path: Path) => {
    const name = get(ref, 'name');
    if (typeof name === 'string' && get(ref, 'optional') !== true && !BUILT_IN.has(name))
      out.push({ name, path: [...path, 'name'] });
  };
  for (const group of ['initContainers', 'containers'])
    list(get(d.object, ...spec, group)).forEach((c, i) => {
      list(get(c, 'envFrom')).forEach((e, j) =>
        use(get(e, 'configMapRef'), [...spec, group, i, 'envFrom', j, 'configMapRef']),
      );
      list(get(c, 'env')).forEach((e, j) =>
        use(get(e, 'valueFrom', 'configMapKeyRef'), [...spec, group, i, 'env', j, 'valueFrom', 'configMapKeyRef']),
      );
    });
  list(get(d.object, ...spec, 'volumes')).forEach((v, i) => {
    use(get(v, 'configMap'), [...spec, 'volumes', i, 'configMap']);
    list(get(v, 'projected', 'sources')).forEach((s, j) =>
      use(get(s, 'configMap'), [...spec, 'volumes', i, 'projected', 'sources', j, 'configMap']),
    );
  });
  return out;
}

export function checkConfigMaps(d: KubeDocument, shapes: readonly Shape[], defaultNs: string): Finding[] {
  const ns = d.namespace ?? defaultNs;
  return configMapUses(d)
    .filter(
      (u) =>
        !shapes.some(
          (s) => s.kind === 'ConfigMap' && s.name === u.name && (s.namespace === undefined || s.namespace === ns),
        ),
    )
    .map((u) =>
      finding(
        d,
        'CONFIGMAP_NOT_PROVIDED',
        'error',
        u.path,
        `${d.kind}${d.name ? ` ${d.name}` : ''} uses ConfigMap "${u.name}", which nothing in this example creates ` +
          `in namespace ${ns}. Add the ConfigMap, or list it under ghostwire.prerequisites.configMaps (with its ` +
          'keys) and show the command that creates it.',
      ),
    );
}
