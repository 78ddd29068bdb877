// planClusterTier: the whole tier as data, in order. Pure: the scenarios, the
// documents, the cluster id and the scratch folder come in as options.
import { documentCommands } from './documents.ts';
import { clusterName, kubeconfigPath, kubeFor, type Kube } from './kube.ts';
import { CRD_SOURCES, KIND_CONFIG } from './pins.ts';
import { scenarioSteps } from './scenario.ts';
import type { PlanOptions, Step } from './types.ts';

const PRODUCTION = /prod|production|live/i;

/** Why the tier refuses a kubeconfig context, or undefined when it may use it. */
export function refuseContext(context: string, yes: boolean): string | undefined {
  if (yes || !PRODUCTION.test(context)) return undefined;
  return (
    `refusing kubeconfig context "${context}": its name looks like production (matches ${PRODUCTION}). ` +
    'The tier only creates and deletes its own namespace there, but check the context and pass --yes to use it anyway.'
  );
}

function setupSteps(o: PlanOptions, k: Kube): Step[] {
  const steps: Step[] = [
    {
      id: 'workdir',
      title: `scratch folder ${o.workDir}`,
      critical: true,
      commands: [{ argv: ['mkdir', '-p', o.workDir] }],
    },
  ];
  if (o.target === 'kind') {
    const env = o.runtime === 'podman' ? { KIND_EXPERIMENTAL_PROVIDER: 'podman' } : undefined;
    steps.push({
      id: 'cluster',
      title: `kind cluster ${clusterName(o.id)}`,
      critical: true,
      commands: [
        {
          argv: [
            'kind',
            'create',
            'cluster',
            '--name',
            clusterName(o.id),
            '--config',
            KIND_CONFIG,
            '--kubeconfig',
            kubeconfigPath(o.workDir),
            '--wait',
            '120s',
          ],
          timeoutMs: 900_000,
          ...(env ? { env } : {}),
        },
      ],
    });
  }
  steps.push({
    id: 'namespace',
    title: `namespace ${k.ns}`,
    critical: true,
    commands: [
      k.kubectl(['create', 'namespace', k.ns]),
      k.kubectl(['label', 'namespace', k.ns, 'app.kubernetes.io/managed-by=ghostwire-docs-harness']),
    ],
  });
  if (o.target === 'kind' || o.crds) {
    for (const src of CRD_SOURCES) {
      steps.push({
        id: `crds/${src.id}`,
        title: `CRDs: ${src.project} ${src.version}`,
        critical: true,
        commands: src.urls.map((url) =>
          k.kubectl(['apply', '--server-side', '--force-conflicts', '-f', url], { timeoutMs: 180_000 }),
        ),
      });
    }
    steps.push({
      id: 'crds/established',
      title: 'CRDs established',
      critical: true,
      commands: [
        k.kubectl(['wait', '--for=condition=Established', 'crd', '--all', `--timeout=${k.timeout}`], {
          timeoutMs: k.longMs,
        }),
      ],
    });
  }
  return steps;
}

function teardownSteps(o: PlanOptions, k: Kube): Step[] {
  const cluster =
    o.target === 'kind'
      ? {
          argv: ['kind', 'delete', 'cluster', '--name', clusterName(o.id), '--kubeconfig', kubeconfigPath(o.workDir)],
          timeoutMs: 300_000,
          ...(o.runtime === 'podman' ? { env: { KIND_EXPERIMENTAL_PROVIDER: 'podman' } } : {}),
        }
      : k.kubectl(['delete', 'namespace', k.ns, '--ignore-not-found', '--wait=true', `--timeout=${k.timeout}`], {
          timeoutMs: k.longMs,
        });
  return [
    {
      id: 'teardown',
      title: o.target === 'kind' ? `delete kind cluster ${clusterName(o.id)}` : `delete namespace ${k.ns}`,
      teardown: true,
      commands: [cluster],
    },
    {
      id: 'teardown/workdir',
      title: 'remove the scratch folder',
      teardown: true,
      commands: [{ argv: ['rm', '-rf', o.workDir] }],
    },
  ];
}

/**
 * Every step of the cluster tier in order: set-up (cluster or namespace, CRDs),
 * each scenario (chart defaults first), the server-side dry run of every
 * document, and the teardown, which the executor always runs.
 */
export function planClusterTier(o: PlanOptions): Step[] {
  const k = kubeFor(o);
  const scenarios = [...o.scenarios].sort((a, b) =>
    a.name === 'defaults' ? -1 : b.name === 'defaults' ? 1 : a.name.localeCompare(b.name),
  );
  const steps = [...setupSteps(o, k), ...scenarios.flatMap((s) => scenarioSteps(s, o, k))];
  if (o.documents.length) {
    steps.push({
      id: 'dry-run',
      title: `server-side dry run of ${o.documents.length} document${o.documents.length === 1 ? '' : 's'}`,
      commands: documentCommands(o.documents, k),
    });
  }
  return [...steps, ...teardownSteps(o, k)];
}
