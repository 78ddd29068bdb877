// Helm installs a page documents whose ServiceAccount and pod labels follow from the
// release name: the istio/gateway chart. What they create, and whether the page's declared
// prerequisites agree with it. Pure.
import path from 'node:path';
import { parse } from 'yaml';
import type { AccountPrerequisite } from '../context.ts';
import { isMap } from '../objects.ts';
import type { Finding, Snippet } from '../types.ts';
import type { HelmInstall } from './commands.ts';
import type { Account } from './mesh.ts';

type Values = Record<string, unknown>;
const merge = (a: Values, b: Values): Values => {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isMap(out[k]) && isMap(v) ? merge(out[k] as Values, v) : v;
  return out;
};

/**
 * Attaches the install's -f files when the page shows each of them: a fence titled with the
 * file's name, or an example file at that path. One file not shown leaves the values unknown.
 */
export function withValuesFiles(h: HelmInstall, snippets: readonly Snippet[]): HelmInstall {
  if (h.valuesFiles.length === 0) return h;
  let values: Values = {};
  for (const f of h.valuesFiles) {
    const name = path.posix.basename(f);
    const s = snippets.find((x) =>
      x.origin === 'file' ? x.file === f.replace(/^\.\//, '') : path.posix.basename(x.meta['title'] ?? '') === name,
    );
    let parsed: unknown;
    try {
      parsed = s ? parse(s.text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!isMap(parsed)) return h;
    values = merge(values, parsed as Values);
  }
  return { ...h, values };
}

/** A value as the install sets it: --set wins over the -f files. */
function installValue(h: HelmInstall, key: string): string | undefined {
  if (h.sets[key] !== undefined) return h.sets[key];
  let v: unknown = h.values;
  for (const part of key.split('.')) v = isMap(v) ? (v as Values)[part] : undefined;
  return v === undefined || v === null || isMap(v) ? undefined : String(v);
}

const isIstioGateway = (h: HelmInstall) =>
  h.chart === 'istio/gateway' || (/(^|\/)gateway$/.test(h.chart) && /istio/.test(`${h.repo ?? ''} ${h.chart}`));

/**
 * The gateway's ServiceAccount and pod labels, as istio/gateway's _helpers.tpl derives them:
 * name = values.name or the release; ServiceAccount = serviceAccount.name or the name;
 * labels app = name, istio = name without its "istio-" prefix (labels.app/labels.istio override).
 * -f files are read when the page shows them (withValuesFiles); otherwise the install is not judged.
 */
export function installedAccount(h: HelmInstall): Account | undefined {
  if (!isIstioGateway(h) || (h.valuesFiles.length > 0 && !h.values)) return undefined;
  const name = installValue(h, 'name') || h.release;
  const saName = installValue(h, 'serviceAccount.name');
  const sa = installValue(h, 'serviceAccount.create') === 'false' ? saName || 'default' : saName || name;
  return {
    name: sa,
    namespace: h.namespace ?? 'default',
    labels: {
      app: installValue(h, 'labels.app') ?? name,
      istio: installValue(h, 'labels.istio') ?? name.replace(/^istio-/, ''),
    },
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
