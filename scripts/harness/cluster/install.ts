// Without a page walkthrough (the chart defaults, and every scenario on the current target):
// create the Secrets and claims the values refer to, then helm install. Pure.
import { type Kube, selfSignedTlsSecret } from './kube.ts';
import type { Facts, Fail } from './scenario.ts';
import type { Command, Origin, PlanOptions, Scenario, Step } from './types.ts';

export interface InstallCtx {
  chart: string;
  valuesArgs: string[];
  group: string;
  id: (x: string) => string;
  origin: Origin;
  fail: Fail;
  label: string;
}

/** Without a walkthrough: the Secrets and claims the values refer to, then helm install. */
export function installSteps(s: Scenario, o: PlanOptions, k: Kube, f: Facts, x: InstallCtx): Step[] {
  const { chart, valuesArgs, group, id, origin, fail, label } = x;
  const steps: Step[] = [];
  const prepare: Command[] = [];
  if (f.tlsSecret) {
    const dir = `${o.workDir}/${s.name}`;
    prepare.push(
      ...selfSignedTlsSecret(k, {
        dir,
        secret: f.tlsSecret,
        commonName: f.fullname,
        names: ['localhost', f.fullname],
      }),
    );
  }
  if (f.existingSecret) {
    prepare.push(
      { argv: ['openssl', 'rand', '-hex', '24'], capture: 'AUTH_PASSWORD' },
      k.kubectl([
        'create',
        'secret',
        'generic',
        f.existingSecret,
        '-n',
        k.ns,
        `--from-literal=${f.existingSecretKey}=\${AUTH_PASSWORD}`,
      ]),
    );
  }
  if (f.existingClaim) {
    const pvc = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: f.existingClaim },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    prepare.push(
      k.kubectl(['apply', '-n', k.ns, '-f', '-'], {
        input: JSON.stringify(pvc),
        inputLabel: `PersistentVolumeClaim ${f.existingClaim} (1Gi)`,
      }),
    );
  }
  if (prepare.length)
    steps.push({
      id: id('prepare'),
      title: `${s.name}: create the Secrets and claims the values refer to`,
      group,
      commands: prepare,
    });

  steps.push({
    id: id('install'),
    title: `${s.name}: helm install ${f.release}`,
    group,
    commands: [
      k.helm(['install', f.release, chart, '-n', k.ns, ...valuesArgs, '--wait', '--timeout', k.timeout], {
        timeoutMs: k.longMs,
        finding: fail('HELM_INSTALL_FAILED', `helm install failed with ${origin.file}`),
        ...(f.mirrored.length
          ? {
              note:
                `${[...new Set(f.mirrored.map((m) => m.registry))].join(', ')}: a mirror of docker.io the ` +
                'example asks for; the tier pulls from docker.io',
            }
          : {}),
      }),
    ],
    diagnose: diagnose(k, label),
  });
  return steps;
}

/** Pod state and events, logged after a failed install or wait. */
export function diagnose(k: Kube, label: string): Command[] {
  return [
    k.kubectl(['get', 'pods,pvc,events', '-n', k.ns, '-o', 'wide']),
    k.kubectl(['describe', 'pod', '-n', k.ns, '-l', label]),
  ];
}
