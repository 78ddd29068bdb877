// Label lookups in documented commands (`kubectl get pods -l key=value`) must find the
// objects they are meant to find, where the harness knows every object with such labels. Pure.
import type { Finding, KubeDocument } from '../types.ts';
import { get, strMap } from '../objects.ts';
import { finding } from '../validate.ts';
import { parseSelector, type LabelLookup } from './commands.ts';

export interface Labelled {
  target: 'pods' | 'services';
  namespace: string;
  labels: Record<string, string>;
  /** For messages: "the chart's pods", "Deployment oauth2-proxy". */
  what: string;
}

/** Generic keys many charts set: a lookup on them alone may be meant for objects the harness never sees. */
const GENERIC = /^(app\.kubernetes\.io\/[\w.-]+|app|name|k8s-app|release|component|helm\.sh\/chart)$/;

/**
 * `complete` are the namespaces whose objects the harness knows in full (the release's, a
 * documented gateway install's, a declared ServiceAccount's); elsewhere a lookup is checked
 * only when a key it selects on is one only known objects carry.
 */
export function checkLookup(l: LabelLookup, known: readonly Labelled[], complete: ReadonlySet<string>): Finding[] {
  if (l.command.ignores.has('LABEL_LOOKUP_MATCHES_NOTHING') || l.namespace === undefined) return [];
  const select = parseSelector(l.selector);
  if (!select) return [];
  const inScope = known.filter((k) => k.target === l.target && (l.namespace === '*' || k.namespace === l.namespace));
  if (inScope.some((k) => select(k.labels))) return [];
  const keys = l.selector
    .split(/,(?![^()]*\))/)
    .map((t) => /^!?([\w./-]+)/.exec(t.trim())?.[1])
    .filter((k): k is string => !!k);
  const knownKeys = new Set(known.flatMap((k) => Object.keys(k.labels)));
  const checkable =
    (l.namespace !== '*' && complete.has(l.namespace)) || keys.some((k) => !GENERIC.test(k) && knownKeys.has(k));
  if (!checkable) return [];
  const pool = (l.namespace === '*' ? known : inScope).filter((k) => k.target === l.target);
  const withKeys = pool.filter((k) => keys.some((key) => key in k.labels));
  const shown = (k: Labelled) =>
    withKeys.length
      ? keys.map((key) => `${key}=${k.labels[key] ?? '-'}`)
      : Object.entries(k.labels)
          .filter(([key]) => !/version|managed-by|helm\.sh/.test(key))
          .map(([key, v]) => `${key}=${v}`);
  const near = (withKeys.length ? withKeys : pool)
    .slice(0, 3)
    .map((k) => `${k.what} in ${k.namespace} (${shown(k).join(', ')})`);
  const where = l.namespace === '*' ? 'any namespace' : `namespace ${l.namespace}`;
  return [
    {
      code: 'LABEL_LOOKUP_MATCHES_NOTHING',
      severity: 'error',
      file: l.command.file,
      line: l.command.line,
      path: '',
      message:
        `kubectl -l ${l.selector} finds no ${l.target} in ${where}: ` +
        (near.length ? `the known ${l.target} are ${near.join('; ')}` : `no known ${l.target} carry it`) +
        '. Use the labels those objects really carry.',
    },
  ];
}

/** An Istio Gateway's `selector` picks the gateway pods: it must match a gateway the harness knows, if any. */
export function checkGatewaySelector(d: KubeDocument, known: readonly Labelled[]): Finding[] {
  if (d.kind !== 'Gateway' || !d.apiVersion.startsWith('networking.istio.io/')) return [];
  const sel = strMap(get(d.object, 'spec', 'selector'));
  const keys = Object.keys(sel);
  const pods = known.filter((k) => k.target === 'pods' && keys.length > 0 && keys.every((key) => key in k.labels));
  if (pods.length === 0 || pods.some((k) => keys.every((key) => k.labels[key] === sel[key]))) return [];
  const text = (l: Record<string, string>) => keys.map((k) => `${k}=${l[k]}`).join(', ');
  return [
    finding(
      d,
      'SELECTOR_MATCHES_NOTHING',
      'error',
      ['spec', 'selector', keys[0] as string],
      `Gateway ${d.name ?? ''} selects gateway pods ${text(sel)}, but the gateways this page installs or declares ` +
        `carry ${pods.map((k) => `${text(k.labels)} (${k.what})`).join('; ')}. Use those labels, or declare the ` +
        'gateway you mean under ghostwire.prerequisites.serviceAccounts with its pod labels.',
    ),
  ];
}
