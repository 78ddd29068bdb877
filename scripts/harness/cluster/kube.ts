// Builders for kubectl and helm commands pinned to the tier's cluster: a
// private kubeconfig for kind, an explicit context for the current cluster.
// Internal to the cluster tier.
import type { Command, PlanOptions } from './types.ts';

export interface Kube {
  ns: string;
  kubectl(args: string[], extra?: Partial<Command>): Command;
  helm(args: string[], extra?: Partial<Command>): Command;
  /** Milliseconds a command waiting up to the tier's timeout may take. */
  longMs: number;
  /** The `--timeout` value for helm and kubectl wait, e.g. "300s". */
  timeout: string;
}

export const SHORT_MS = 120_000;

export function clusterName(id: string): string {
  return `ghostwire-docs-${id}`;
}

export function kubeconfigPath(workDir: string): string {
  return `${workDir}/kubeconfig`;
}

export function kubeFor(o: PlanOptions): Kube {
  const env = o.target === 'kind' ? { KUBECONFIG: kubeconfigPath(o.workDir) } : undefined;
  const ctx = o.target === 'current' ? (o.context ?? '<current-context>') : undefined;
  const base = (extra?: Partial<Command>): Partial<Command> => ({
    ...(env ? { env } : {}),
    timeoutMs: SHORT_MS,
    ...extra,
  });
  return {
    ns: clusterName(o.id),
    longMs: (o.timeoutSec + 60) * 1000,
    timeout: `${o.timeoutSec}s`,
    kubectl: (args, extra) => ({ ...base(extra), argv: ['kubectl', ...(ctx ? ['--context', ctx] : []), ...args] }),
    helm: (args, extra) => ({ ...base(extra), argv: ['helm', ...args, ...(ctx ? ['--kube-context', ctx] : [])] }),
  };
}

/** Helm's release name rules: a DNS label of at most 53 characters. */
export function releaseName(name: string): string {
  const clean = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '');
  return clean.slice(0, 53).replace(/-+$/, '') || 'ghostwire';
}

const cut = (s: string, n: number) => s.slice(0, n).replace(/-+$/, '');

/** The chart's `ghostwire.fullname` helper, from release name and values. */
export function chartFullname(release: string, values: Record<string, unknown>): string {
  const fullnameOverride = typeof values['fullnameOverride'] === 'string' ? values['fullnameOverride'] : '';
  if (fullnameOverride) return cut(fullnameOverride, 63);
  const nameOverride =
    typeof values['nameOverride'] === 'string' && values['nameOverride'] ? values['nameOverride'] : 'ghostwire';
  const name = cut(nameOverride, 63);
  return release.includes(name) ? cut(release, 63) : cut(`${release}-${name}`, 63);
}

/** The chart's `ghostwire.suffixedName`: "<fullname>-<suffix>" within 63 characters. */
export function suffixedName(fullname: string, suffix: string): string {
  return `${cut(fullname, 62 - suffix.length)}-${suffix}`;
}

/**
 * A self-signed certificate for `names` (and 127.0.0.1), valid two days, written under `dir` and
 * stored as the TLS Secret `secret` in the tier's namespace: what the tier uses where nothing in a
 * throwaway cluster would issue one.
 */
export function selfSignedTlsSecret(
  k: Kube,
  o: { dir: string; secret: string; commonName: string; names: string[]; note?: string },
): Command[] {
  const san = [...o.names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
  return [
    { argv: ['mkdir', '-p', o.dir] },
    {
      argv: [
        'openssl',
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${o.commonName}`,
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        `${o.dir}/tls.key`,
        '-out',
        `${o.dir}/tls.crt`,
      ],
    },
    k.kubectl(
      ['create', 'secret', 'tls', o.secret, '-n', k.ns, `--cert=${o.dir}/tls.crt`, `--key=${o.dir}/tls.key`],
      o.note === undefined ? undefined : { note: o.note },
    ),
  ];
}
