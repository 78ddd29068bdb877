// Helm installs a page documents whose ServiceAccount and pod labels follow from the
// release name: the istio/gateway chart. What they create, and whether the page's declared
// prerequisites agree with it. Pure.
import type { AccountPrerequisite } from '../context.ts';
import type { Finding } from '../types.ts';
import type { HelmInstall } from './commands.ts';
import type { Account } from './mesh.ts';

const isIstioGateway = (h: HelmInstall) =>
  h.chart === 'istio/gateway' || (/(^|\/)gateway$/.test(h.chart) && /istio/.test(`${h.repo ?? ''} ${h.chart}`));

/**
 * The gateway's ServiceAccount and pod labels, as istio/gateway's _helpers.tpl derives them:
 * name = values.name or the release; ServiceAccount = serviceAccount.name or the name;
 * labels app = name, istio = name without its "istio-" prefix (labels.app/labels.istio override).
 * A values file may change any of it, so an install with -f is not read.
 */
export function installedAccount(h: HelmInstall): Account | undefined {
  if (!isIstioGateway(h) || h.valuesFiles.length > 0) return undefined;
  const name = h.sets['name'] || h.release;
  const sa =
    h.sets['serviceAccount.create'] === 'false'
      ? h.sets['serviceAccount.name'] || 'default'
      : h.sets['serviceAccount.name'] || name;
  return {
    name: sa,
    namespace: h.namespace ?? 'default',
    labels: { app: h.sets['labels.app'] ?? name, istio: h.sets['labels.istio'] ?? name.replace(/^istio-/, '') },
    origin: `helm install ${h.release} (${h.chart}) at ${h.command.file}:${h.command.line}`,
  };
}

const text = (l: Record<string, string>) =>
  Object.entries(l)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** A declared gateway ServiceAccount in the namespace of a documented gateway install must match it. */
export function checkDeclaredGateway(
  h: HelmInstall,
  declared: readonly AccountPrerequisite[],
  source: string,
): Finding[] {
  const made = installedAccount(h);
  if (!made || h.command.ignores.has('PREREQUISITE_MISMATCH')) return [];
  const labels = made.labels ?? {};
  return declared
    .filter((p) => p.namespace === made.namespace && ('istio' in p.labels || p.name === made.name))
    .filter((p) => p.name !== made.name || Object.entries(labels).some(([k, v]) => k in p.labels && p.labels[k] !== v))
    .map((p) => ({
      code: 'PREREQUISITE_MISMATCH',
      severity: 'error' as const,
      file: h.command.file,
      line: h.command.line,
      path: '',
      message:
        `This install (release ${h.release}, chart ${h.chart}) creates ServiceAccount ${made.name} in ` +
        `${made.namespace} with pod labels ${text(labels)}, but ${source} declares the gateway as ServiceAccount ` +
        `${p.name} with labels ${text(p.labels) || '(none)'}. Declare what the install creates, or change the ` +
        'release name.',
    }));
}
