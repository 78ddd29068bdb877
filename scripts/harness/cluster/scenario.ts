// The steps for one scenario (the chart defaults or one examples/<s>/values.yaml):
// prerequisites, install, Ready, helm test, the web client through a
// port-forward, upgrade keeping password and volume, clean-up. Pure.
import { chartFullname, releaseName, suffixedName, type Kube } from './kube.ts';
import type { Command, Origin, PlanOptions, Scenario, Step } from './types.ts';
import { certificatesOf, walkSteps } from './walk-steps.ts';
import { diagnose, installSteps } from './install.ts';

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Top-level domains that never resolve on the internet (RFC 2606, RFC 6761) or only inside a site. */
const PRIVATE_TLDS = new Set([
  'example',
  'test',
  'invalid',
  'localhost',
  'local',
  'internal',
  'lan',
  'corp',
  'home',
  'intranet',
]);

/** True for a registry host such as registry.internal.example:5000 that no cluster can pull from. */
export function isPrivateRegistry(registry: string): boolean {
  const host = (registry.split('/')[0] ?? '').replace(/:\d+$/, '').toLowerCase();
  return host === 'localhost' || PRIVATE_TLDS.has(host.split('.').at(-1) ?? '');
}

/**
 * Image blocks ({registry, repository}) whose registry is a private mirror the
 * example asks the reader to fill from Docker Hub: the tier pulls from Docker
 * Hub instead, with `--set <path>.registry=docker.io`.
 */
export function mirroredRegistries(values: unknown, at = ''): { path: string; registry: string }[] {
  const o = obj(values);
  const found: { path: string; registry: string }[] = [];
  const registry = str(o['registry']);
  if (registry && str(o['repository']) && isPrivateRegistry(registry)) found.push({ path: `${at}registry`, registry });
  for (const [k, v] of Object.entries(o))
    if (v && typeof v === 'object' && !Array.isArray(v)) found.push(...mirroredRegistries(v, `${at}${k}.`));
  return found;
}

/** What the scenario's values ask of the cluster. */
export function scenarioFacts(s: Scenario) {
  const v = s.values;
  const tls = obj(v['tls']);
  const auth = obj(v['auth']);
  const persistence = obj(v['persistence']);
  const release = releaseName(s.release ?? (s.name === 'defaults' ? 'ghostwire' : `ghostwire-${s.name}`));
  const fullname = chartFullname(release, v);
  const tlsMode = str(tls['mode']) ?? 'disabled';
  const authEnabled = auth['enabled'] === true;
  const existingSecret = authEnabled ? str(auth['existingSecret']) : undefined;
  const existingClaim = persistence['enabled'] === false ? undefined : str(persistence['existingClaim']);
  const port = obj(v['service'])['port'];
  return {
    release,
    fullname,
    scheme: tlsMode === 'disabled' ? 'http' : 'https',
    /** A kubernetes.io/tls Secret the reader creates before installing. */
    tlsSecret: tlsMode === 'custom' && !str(tls['cert']) ? str(tls['secretName']) : undefined,
    authEnabled,
    existingSecret,
    existingSecretKey: str(auth['existingSecretKey']) ?? 'password',
    /** The Secret the chart manages and keeps across upgrades. */
    chartAuthSecret: authEnabled && !existingSecret ? suffixedName(fullname, 'auth') : undefined,
    existingClaim,
    /** A PVC from the StatefulSet's volumeClaimTemplates. */
    claimTemplate: persistence['enabled'] !== false && !existingClaim,
    servicePort: typeof port === 'number' ? port : 6901,
    mirrored: mirroredRegistries(v),
  };
}

export function scenarioSteps(s: Scenario, o: PlanOptions, tierKube: Kube): Step[] {
  const f = scenarioFacts(s);
  // kind runs the page's walkthrough as written, in the page's namespace; the current
  // target stays inside the tier's own namespace and installs the values file there.
  const walkthrough = o.target === 'kind' && s.walkthrough ? s.walkthrough : undefined;
  const k: Kube = walkthrough ? { ...tierKube, ns: s.namespace ?? 'ghostwire' } : tierKube;
  const chart = o.chartDir ?? 'chart';
  const origin: Origin = { file: s.valuesFile ?? `${chart}/values.yaml`, line: 1 };
  const group = `scenario:${s.name}`;
  const id = (x: string) => `${s.name}/${x}`;
  const label = `app.kubernetes.io/instance=${f.release}`;
  const valuesArgs = [
    ...(s.valuesFile ? ['-f', s.valuesFile] : []),
    ...f.mirrored.flatMap((m) => ['--set', `${m.path}=docker.io`]),
  ];
  const fail = (code: string, message: string): Command['finding'] => ({
    code,
    origin,
    message: `${s.name}: ${message}`,
  });
  const steps: Step[] = [];

  const walk = walkthrough
    ? walkSteps({ ...s, walkthrough }, k, {
        chartDir: chart,
        workDir: `${o.workDir}/${s.name}`,
        helmExtra: f.mirrored.flatMap((m) => ['--set', `${m.path}=docker.io`]),
        certificates: certificatesOf(o.documents, s.name),
        fullname: f.fullname,
        finding: fail('HELM_INSTALL_FAILED', `helm install failed with ${origin.file}`),
      })
    : undefined;
  if (walk) steps.push(...walk.steps.map((st) => ({ ...st, diagnose: diagnose(k, label) })));
  else steps.push(...installSteps(s, o, k, f, { chart, valuesArgs, group, id, origin, fail, label }));
  steps.push({
    id: id('ready'),
    title: `${s.name}: pod Ready`,
    group,
    commands: [
      k.kubectl(['wait', '--for=condition=Ready', 'pod', '-l', label, '-n', k.ns, `--timeout=${k.timeout}`], {
        timeoutMs: k.longMs,
        finding: fail('POD_NOT_READY', `the pod of release ${f.release} did not become Ready within ${k.timeout}`),
      }),
    ],
    diagnose: diagnose(k, label),
  });
  steps.push({
    id: id('helm-test'),
    title: `${s.name}: helm test`,
    group,
    commands: [
      k.helm(['test', f.release, '-n', k.ns, '--timeout', k.timeout, '--logs'], {
        timeoutMs: k.longMs,
        finding: fail('HELM_TEST_FAILED', `helm test ${f.release} failed`),
      }),
    ],
  });
  steps.push({
    id: id('web'),
    title: `${s.name}: web client through a port-forward`,
    group,
    commands: [
      ...(walk && f.existingSecret
        ? [
            k.kubectl(
              ['get', 'secret', f.existingSecret, '-n', k.ns, '-o', `jsonpath={.data.${f.existingSecretKey}}`],
              { capture: 'AUTH_PASSWORD', decode: 'base64' },
            ),
          ]
        : []),
      ...webCommands(s, o, k, f, fail),
    ],
  });
  const kept = [f.chartAuthSecret ? 'the password' : '', f.claimTemplate ? 'the volume' : '']
    .filter(Boolean)
    .join(' and ');
  steps.push({
    id: id('upgrade'),
    title: `${s.name}: helm upgrade with the same values${kept ? ` keeps ${kept}` : ''}`,
    group,
    commands: upgradeCommands(k, f, chart, valuesArgs, label, fail),
  });

  const cleanup: Command[] = [
    k.helm(['uninstall', f.release, '-n', k.ns, '--wait', '--timeout', k.timeout], {
      timeoutMs: k.longMs,
      optional: true,
    }),
    k.kubectl(['delete', 'pvc,secret', '-n', k.ns, '-l', label, '--ignore-not-found'], { optional: true }),
  ];
  cleanup.push(...(walk?.cleanup ?? []));
  const mine = walk ? [] : [f.tlsSecret, f.existingSecret].filter((x): x is string => !!x);
  if (mine.length)
    cleanup.push(k.kubectl(['delete', 'secret', ...mine, '-n', k.ns, '--ignore-not-found'], { optional: true }));
  if (f.existingClaim && !walk)
    cleanup.push(k.kubectl(['delete', 'pvc', f.existingClaim, '-n', k.ns, '--ignore-not-found'], { optional: true }));
  steps.push({ id: id('cleanup'), title: `${s.name}: uninstall`, group, cleanup: true, commands: cleanup });
  return steps;
}

export type Facts = ReturnType<typeof scenarioFacts>;

export type Fail = (code: string, message: string) => Command['finding'];

function webCommands(s: Scenario, o: PlanOptions, k: Kube, f: Facts, fail: Fail): Command[] {
  const port = o.localPort ?? 16901;
  const url = `${f.scheme}://127.0.0.1:${port}/`;
  const curl = (auth: string[]) => [
    'curl',
    '-sS',
    '-k',
    '--max-time',
    '10',
    '--retry',
    '30',
    '--retry-delay',
    '1',
    '--retry-connrefused',
    '--retry-max-time',
    '90',
    '-o',
    '-',
    '-w',
    '\\nHTTP %{http_code}',
    ...auth,
    url,
  ];
  const cmds: Command[] = [
    k.kubectl(['port-forward', '-n', k.ns, `svc/${f.fullname}`, `${port}:${f.servicePort}`, '--address', '127.0.0.1'], {
      background: true,
      timeoutMs: k.longMs,
    }),
  ];
  const reach = fail(
    'WEB_CLIENT_UNREACHABLE',
    `the KasmVNC web client of ${f.release} did not answer 200 with an HTML page at ${url}`,
  );
  let pw: string | undefined;
  if (f.authEnabled) {
    pw = f.existingSecret ? 'AUTH_PASSWORD' : 'CHART_PASSWORD';
    if (f.chartAuthSecret) {
      cmds.push(
        k.kubectl(['get', 'secret', f.chartAuthSecret, '-n', k.ns, '-o', 'jsonpath={.data.password}'], {
          capture: 'CHART_PASSWORD',
          decode: 'base64',
        }),
      );
    }
    cmds.push({
      argv: curl([]),
      check: { type: 'http', status: 401 },
      keepGoing: true,
      finding: fail('AUTH_NOT_ENFORCED', `auth.enabled is true but ${url} answered without credentials (expected 401)`),
    });
    cmds.push({
      argv: curl(['-u', `kasm_user:\${${pw}}`]),
      check: { type: 'http', status: 200, html: true },
      finding: reach,
    });
  } else {
    cmds.push({ argv: curl([]), check: { type: 'http', status: 200, html: true }, finding: reach });
  }
  if (o.screenshot) {
    const creds = pw ? `kasm_user:\${${pw}}@` : '';
    cmds.push({
      argv: [
        o.screenshot.browser,
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--ignore-certificate-errors',
        '--window-size=1280,800',
        `--screenshot=${o.screenshot.dir}/${s.name}.png`,
        `${f.scheme}://${creds}127.0.0.1:${port}/`,
      ],
      optional: true,
      timeoutMs: 60_000,
    });
  }
  return cmds;
}

function upgradeCommands(k: Kube, f: Facts, chart: string, valuesArgs: string[], label: string, fail: Fail): Command[] {
  const password = (capture: string, equals?: Command['check']) =>
    k.kubectl(['get', 'secret', f.chartAuthSecret ?? '', '-n', k.ns, '-o', 'jsonpath={.data.password}'], {
      capture,
      decode: 'base64',
      ...(equals
        ? {
            check: equals,
            keepGoing: true,
            finding: fail(
              'UPGRADE_CHANGED_PASSWORD',
              `helm upgrade changed the generated password in Secret ${f.chartAuthSecret}`,
            ),
          }
        : {}),
    });
  const pvc = (capture: string, equals?: Command['check']) =>
    k.kubectl(['get', 'pvc', '-n', k.ns, '-l', label, '-o', 'jsonpath={.items[*].metadata.uid}'], {
      capture,
      ...(equals
        ? {
            check: equals,
            keepGoing: true,
            finding: fail(
              'UPGRADE_REPLACED_VOLUME',
              `helm upgrade replaced the PersistentVolumeClaim of ${f.release} (its uid changed)`,
            ),
          }
        : {}),
    });
  const cmds: Command[] = [];
  if (f.chartAuthSecret) cmds.push(password('PASSWORD_BEFORE'));
  if (f.claimTemplate) cmds.push(pvc('PVC_BEFORE'));
  cmds.push(
    k.helm(['upgrade', f.release, chart, '-n', k.ns, ...valuesArgs, '--wait', '--timeout', k.timeout], {
      timeoutMs: k.longMs,
      finding: fail('HELM_UPGRADE_FAILED', `helm upgrade with the same values failed`),
    }),
  );
  if (f.chartAuthSecret)
    cmds.push(password('PASSWORD_AFTER', { type: 'equals', variable: 'PASSWORD_BEFORE', what: 'password' }));
  if (f.claimTemplate) {
    cmds.push(pvc('PVC_AFTER', { type: 'equals', variable: 'PVC_BEFORE', what: 'PVC uid' }));
    // The chart's upgrade guard looks the StatefulSet up and refuses a change to its
    // immutable volumeClaimTemplates; a server-side dry run changes nothing either way.
    const guarded = ['--set', 'persistence.size=999Gi', '--dry-run=server'];
    cmds.push(
      k.helm(['upgrade', f.release, chart, '-n', k.ns, ...valuesArgs, ...guarded], {
        timeoutMs: k.longMs,
        check: {
          type: 'refused',
          pattern: 'ERROR: this upgrade changes persistence',
          what: 'an upgrade that changes persistence.size',
        },
        keepGoing: true,
        finding: fail('UPGRADE_GUARD_MISSING', 'helm upgrade of persistence.size was not refused by the upgrade guard'),
      }),
    );
  }
  return cmds;
}
