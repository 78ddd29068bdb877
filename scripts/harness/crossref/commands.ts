// What documented kubectl and helm commands do, as far as the cross-checks care: Secrets
// and ConfigMaps they create (with their keys), label lookups, and Helm installs. Pure.
import path from 'node:path';
import { flag, flags, positionals, type Command } from './shell.ts';

/** A Secret or ConfigMap with the keys it holds; `keys` undefined means not known. */
export interface Shape {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  namespace?: string;
  keys?: Set<string>;
  file: string;
  line: number;
  /** How it comes about, for messages: "created by the kubectl command at docs/x.mdx:12". */
  origin: string;
  ignores?: Map<string, string>;
  /** Declared in ghostwire.prerequisites: what the example expects the reader to have made. */
  declared?: boolean;
}

export interface LabelLookup {
  command: Command;
  target: 'pods' | 'services';
  /** undefined: kubectl's current namespace; '*': all namespaces. */
  namespace?: string;
  selector: string;
}

export interface HelmInstall {
  command: Command;
  release: string;
  chart: string;
  namespace?: string;
  sets: Record<string, string>;
  valuesFiles: string[];
  repo?: string;
  /** The -f files merged in order, when every one of them is shown on the page (withValuesFiles). */
  values?: Record<string, unknown>;
}

const KUBECTL_VALUED = new Set(
  (
    '-n --namespace -l --selector -o --output -f --filename --context --kubeconfig --from-literal --from-file ' +
    '--from-env-file --type --cert --key --docker-server --docker-username --docker-password --docker-email -c ' +
    '--container --for --timeout --field-selector --image --restart --sort-by --tail --since -p --patch --template'
  ).split(' '),
);
const HELM_VALUED = new Set(
  '-n --namespace --version --set --set-string --set-file --set-json -f --values --repo --kube-context --timeout'.split(
    ' ',
  ),
);

const kubectlArgs = (c: Command) => (c.argv[0] === 'kubectl' ? c.argv.slice(1) : undefined);

/** `kubectl create secret generic|tls|docker-registry` and `kubectl create configmap`. */
export function createdShape(c: Command): Shape | undefined {
  const args = kubectlArgs(c);
  if (!args) return undefined;
  const pos = positionals(args, KUBECTL_VALUED);
  const isSecret = pos[0] === 'create' && pos[1] === 'secret';
  const isConfigMap = pos[0] === 'create' && (pos[1] === 'configmap' || pos[1] === 'cm');
  if (!isSecret && !isConfigMap) return undefined;
  const type = isSecret ? pos[2] : 'generic';
  const name = isSecret ? pos[3] : pos[2];
  if (!name || name.startsWith('$')) return undefined;
  let keys: Set<string> | undefined = new Set();
  if (type === 'tls') keys = new Set(['tls.crt', 'tls.key']);
  else if (type === 'docker-registry') keys = new Set(['.dockerconfigjson']);
  else if (type !== 'generic') keys = undefined;
  else {
    for (const l of flags(args, '--from-literal')) keys.add(l.split('=')[0] as string);
    for (const f of flags(args, '--from-file'))
      keys.add(f.includes('=') ? (f.split('=')[0] as string) : path.basename(f));
    // An env file or a whole folder: the keys are whatever the file holds.
    if (flags(args, '--from-env-file').length > 0 || flags(args, '--from-file').some((f) => f.endsWith('/')))
      keys = undefined;
  }
  return {
    kind: isSecret ? 'Secret' : 'ConfigMap',
    name,
    namespace: flag(args, ['-n', '--namespace']),
    keys,
    file: c.file,
    line: c.line,
    origin: `created by the kubectl command at ${c.file}:${c.line}`,
    ignores: c.ignores,
  };
}

const POD_WORDS = new Set(['pod', 'pods', 'po']);
const SVC_WORDS = new Set(['svc', 'service', 'services']);

/** `kubectl get|describe|delete|wait|top pods|svc -l …` and `kubectl logs -l …`. */
export function labelLookup(c: Command): LabelLookup | undefined {
  const args = kubectlArgs(c);
  if (!args) return undefined;
  const selector = flag(args, ['-l', '--selector']);
  if (!selector) return undefined;
  const pos = positionals(args, KUBECTL_VALUED);
  let target: LabelLookup['target'] | undefined;
  if (['logs', 'exec', 'attach'].includes(pos[0] ?? '')) target = 'pods';
  else if (['get', 'describe', 'delete', 'wait', 'top'].includes(pos[0] ?? '')) {
    const kinds = (pos[0] === 'top' ? pos[1] : pos[1])?.split(',') ?? [];
    if (kinds.length === 1 && POD_WORDS.has(kinds[0] as string)) target = 'pods';
    if (kinds.length === 1 && SVC_WORDS.has(kinds[0] as string)) target = 'services';
  }
  if (!target) return undefined;
  const all = args.includes('-A') || args.includes('--all-namespaces');
  return { command: c, target, namespace: all ? '*' : flag(args, ['-n', '--namespace']), selector };
}

/** `helm install REL CHART` and `helm upgrade [--install] REL CHART`. */
export function helmInstall(c: Command): HelmInstall | undefined {
  if (c.argv[0] !== 'helm') return undefined;
  const args = c.argv.slice(1);
  const pos = positionals(args, HELM_VALUED);
  if (pos[0] !== 'install' && pos[0] !== 'upgrade') return undefined;
  const [release, chart] = [pos[1], pos[2]];
  if (!release || !chart) return undefined;
  const sets: Record<string, string> = {};
  for (const s of [...flags(args, '--set'), ...flags(args, '--set-string')])
    for (const kv of s.split(',')) {
      const eq = kv.indexOf('=');
      if (eq > 0) sets[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  return {
    command: c,
    release,
    chart,
    namespace: flag(args, ['-n', '--namespace']),
    sets,
    valuesFiles: [...flags(args, '-f'), ...flags(args, '--values')],
    repo: flag(args, ['--repo']),
  };
}

/** Parses a label selector (`a=b,c!=d,e,!f,g in (x,y)`); undefined when it cannot. */
export function parseSelector(text: string): ((labels: Record<string, string>) => boolean) | undefined {
  const terms: ((l: Record<string, string>) => boolean)[] = [];
  for (const raw of text.split(/,(?![^()]*\))/).map((t) => t.trim())) {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(raw))) {
      const [, k, op, v] = m as unknown as [string, string, string, string];
      terms.push((l) => (op === '!=' ? l[k] !== v : l[k] === v));
    } else if ((m = /^(!?)([\w./-]+)$/.exec(raw))) {
      const [, neg, k] = m as unknown as [string, string, string];
      terms.push((l) => k in l !== (neg === '!'));
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(raw))) {
      const [, k, op, vals] = m as unknown as [string, string, string, string];
      const set = vals.split(',').map((v) => v.trim());
      terms.push((l) => (l[k] !== undefined && set.includes(l[k] as string)) === (op === 'in'));
    } else return undefined;
  }
  return (l) => terms.every((t) => t(l));
}
