// The cluster tier through a fake command runner: which commands run, in which
// order, what their answers turn into, and that the teardown always runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import {
  CRD_SOURCES,
  abortOnSignals,
  KIND_NODE_IMAGE,
  KIND_VERSION,
  KUBECTL_VERSION,
  discoverScenarios,
  formatPlan,
  planClusterTier,
  preflight,
  realRunner,
  refuseContext,
  runClusterTier,
} from '../scripts/harness/cluster.ts';
import { shellQuote } from '../scripts/harness/cluster/format.ts';
import type { Scenario } from '../scripts/harness/cluster.ts';
import {
  afterPreflight,
  authExisting,
  authGenerated,
  b64,
  base,
  defaults,
  doc,
  fake,
  helm,
  tlsCustom,
  type Answer,
} from './fixtures/cluster-fake.ts';

/** The tier on kind through a fake runner, with nothing to dry-run unless `over` says so. */
const onKind = (
  f: ReturnType<typeof fake>,
  scenarios: Scenario[],
  over: Partial<Parameters<typeof runClusterTier>[0]> = {},
) =>
  runClusterTier({
    ...base,
    target: 'kind',
    scenarios,
    documents: [],
    runner: f.runner,
    log: f.log,
    signal: new AbortController().signal,
    ...over,
  });

describe('runClusterTier on kind, through a fake runner', () => {
  it('runs the chart defaults: install, Ready, helm test, web client, upgrade keeping the PVC, uninstall', async () => {
    const f = fake();
    const r = await onKind(f, [defaults]);
    expect(r.status).toBe('ok');
    expect(r.findings).toEqual([]);
    const cmds = afterPreflight(f.lines()).filter((l) => !l.includes('apply --server-side'));
    expect(cmds).toEqual([
      'mkdir -p /tmp/gw-t1',
      'kind create cluster --name ghostwire-docs-t1 --config scripts/harness/cluster/kind-config.yaml' +
        ' --kubeconfig /tmp/gw-t1/kubeconfig --wait 120s',
      'kubectl create namespace ghostwire-docs-t1',
      'kubectl label namespace ghostwire-docs-t1 app.kubernetes.io/managed-by=ghostwire-docs-harness',
      'kubectl wait --for=condition=Established crd --all --timeout=300s',
      '/opt/helm install ghostwire chart -n ghostwire-docs-t1 --wait --timeout 300s',
      'kubectl wait --for=condition=Ready pod -l app.kubernetes.io/instance=ghostwire' +
        ' -n ghostwire-docs-t1 --timeout=300s',
      '/opt/helm test ghostwire -n ghostwire-docs-t1 --timeout 300s --logs',
      'kubectl port-forward -n ghostwire-docs-t1 svc/ghostwire 16901:6901 --address 127.0.0.1',
      'curl -sS -k --max-time 10 --retry 30 --retry-delay 1 --retry-connrefused --retry-max-time 90' +
        ' -o - -w \\nHTTP %{http_code} http://127.0.0.1:16901/',
      'kubectl get pvc -n ghostwire-docs-t1 -l app.kubernetes.io/instance=ghostwire' +
        ' -o jsonpath={.items[*].metadata.uid}',
      '/opt/helm upgrade ghostwire chart -n ghostwire-docs-t1 --wait --timeout 300s',
      'kubectl get pvc -n ghostwire-docs-t1 -l app.kubernetes.io/instance=ghostwire' +
        ' -o jsonpath={.items[*].metadata.uid}',
      '/opt/helm upgrade ghostwire chart -n ghostwire-docs-t1 --set persistence.size=999Gi --dry-run=server',
      '/opt/helm uninstall ghostwire -n ghostwire-docs-t1 --wait --timeout 300s',
      'kubectl delete pvc,secret -n ghostwire-docs-t1 -l app.kubernetes.io/instance=ghostwire --ignore-not-found',
      'kind delete cluster --name ghostwire-docs-t1 --kubeconfig /tmp/gw-t1/kubeconfig',
      'rm -rf /tmp/gw-t1',
    ]);
    // Every kubectl and helm command talks to the throwaway cluster only.
    for (const c of f.calls.filter((c) => /^(kubectl|\/opt\/helm) /.test(c.line) && !c.line.includes('--client'))) {
      expect(c.opts.env).toEqual({ KUBECONFIG: '/tmp/gw-t1/kubeconfig' });
    }
  });

  it('installs every pinned CRD manifest server-side before the first helm install', async () => {
    const f = fake();
    await onKind(f, [defaults]);
    const lines = f.lines();
    const applied = lines
      .filter((l) => l.includes('apply --server-side --force-conflicts -f https://'))
      .map((l) => l.split(' -f ')[1]);
    expect(applied).toEqual(CRD_SOURCES.flatMap((s) => s.urls));
    const firstInstall = lines.findIndex((l) => l.includes('helm install'));
    expect(lines.findLastIndex((l) => l.includes('--server-side'))).toBeLessThan(firstInstall);
  });

  it('creates the TLS Secret a tls.mode custom scenario names before installing, and speaks HTTPS', async () => {
    const f = fake();
    const r = await onKind(f, [tlsCustom]);
    expect(r.status).toBe('ok');
    const lines = f.lines();
    const cert = lines.findIndex(
      (l) =>
        l.startsWith('openssl req -x509') &&
        l.includes('-keyout /tmp/gw-t1/airgapped/tls.key -out /tmp/gw-t1/airgapped/tls.crt'),
    );
    const secret = lines.indexOf(
      'kubectl create secret tls signal-tls -n ghostwire-docs-t1' +
        ' --cert=/tmp/gw-t1/airgapped/tls.crt --key=/tmp/gw-t1/airgapped/tls.key',
    );
    const install = lines.indexOf(
      '/opt/helm install ghostwire-airgapped chart -n ghostwire-docs-t1' +
        ' -f examples/airgapped/values.yaml --wait --timeout 300s',
    );
    expect(cert).toBeGreaterThan(-1);
    expect(secret).toBeGreaterThan(cert);
    expect(install).toBeGreaterThan(secret);
    expect(lines.some((l) => l.startsWith('curl ') && l.endsWith(' https://127.0.0.1:16901/'))).toBe(true);
    expect(lines).toContain('kubectl delete secret signal-tls -n ghostwire-docs-t1 --ignore-not-found');
  });

  it('with auth: 401 without credentials, 200 with the generated password, which the upgrade keeps', async () => {
    const f = fake([[/^curl (?!.* -u )/, { stdout: 'Unauthorized\nHTTP 401' }]]);
    const r = await onKind(f, [authGenerated]);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('ok');
    const curls = f.lines().filter((l) => l.startsWith('curl -sS'));
    expect(curls).toHaveLength(2);
    expect(curls[0]).not.toContain(' -u ');
    // The password is the one in the chart-managed Secret, base64-decoded.
    expect(curls[1]).toContain('-u kasm_user:generated-pw http://127.0.0.1:16901/');
    expect(f.lines().filter((l) => l.startsWith('kubectl get secret ghostwire-basic-auth-auth '))).toHaveLength(3);
  });

  it('reports AUTH_NOT_ENFORCED when the web client answers without credentials', async () => {
    const f = fake();
    const r = await onKind(f, [authGenerated]);
    expect(r.findings.map((x) => [x.code, x.file, x.line])).toEqual([
      ['AUTH_NOT_ENFORCED', 'examples/basic-auth/values.yaml', 1],
    ]);
    expect(r.status).toBe('failed');
  });

  it('creates auth.existingSecret with a random password under existingSecretKey and logs in with it', async () => {
    const f = fake([[/^curl (?!.* -u )/, { stdout: 'no\nHTTP 401' }]]);
    const r = await onKind(f, [authExisting]);
    expect(r.status).toBe('ok');
    const lines = f.lines();
    expect(lines).toContain('kubectl create secret generic vnc-pw -n ghostwire-docs-t1 --from-literal=pw=f00dfeed');
    expect(lines.filter((l) => l.startsWith('curl -sS'))[1]).toContain('-u kasm_user:f00dfeed ');
    expect(lines.findIndex((l) => l.includes('create secret generic vnc-pw'))).toBeLessThan(
      lines.findIndex((l) => l.includes('helm install')),
    );
  });

  it.each([
    ['registry.internal.example:5000', true],
    ['mirror.corp', true],
    ['localhost:5000', true],
    ['ghcr.io', false],
    ['docker.io', false],
    ['registry.example.com', false],
  ])('pulls from docker.io where the example names the private mirror %s (%s)', async (registry, mirrored) => {
    const s: Scenario = {
      name: 'air',
      valuesFile: 'examples/air/values.yaml',
      values: {
        image: { registry, repository: 'kasmweb/signal', tag: '1.17.0' },
        tests: { image: { registry, repository: 'curlimages/curl' } },
      },
    };
    const f = fake();
    await onKind(f, [s]);
    const helmLines = f.lines().filter((l) => / (install|upgrade) ghostwire-air /.test(l) && !l.includes('--dry-run'));
    expect(helmLines).toHaveLength(2);
    for (const l of helmLines) {
      expect(
        l.includes('-f examples/air/values.yaml --set image.registry=docker.io --set tests.image.registry=docker.io'),
      ).toBe(mirrored);
      expect(l.includes('--set')).toBe(mirrored);
    }
  });

  it('reports UPGRADE_CHANGED_PASSWORD and UPGRADE_REPLACED_VOLUME when helm upgrade changes them', async () => {
    let upgraded = false;
    const f = fake([
      [/^curl (?!.* -u )/, { stdout: 'no\nHTTP 401' }],
      [
        /helm upgrade (?!.*--dry-run)/,
        () => {
          upgraded = true;
          return {};
        },
      ],
      ['jsonpath={.data.password}', () => ({ stdout: b64(upgraded ? 'new-pw' : 'old-pw') })],
      ['jsonpath={.items[*].metadata.uid}', () => ({ stdout: upgraded ? 'uid-2' : 'uid-1' })],
    ]);
    const r = await onKind(f, [authGenerated]);
    expect(r.findings.map((x) => x.code)).toEqual(['UPGRADE_CHANGED_PASSWORD', 'UPGRADE_REPLACED_VOLUME']);
    expect(r.findings[1]?.message).toContain('uid-1 → uid-2');
    // The password itself never reaches a message.
    expect(JSON.stringify(r.findings)).not.toMatch(/old-pw|new-pw/);
  });

  it('reports UPGRADE_GUARD_MISSING when an upgrade that changes persistence.size goes through', async () => {
    const f = fake([['persistence.size=999Gi', {}]]);
    const r = await onKind(f, [defaults]);
    expect(r.findings.map((x) => x.code)).toEqual(['UPGRADE_GUARD_MISSING']);
    expect(r.findings[0]?.message).toMatch(/went through instead of being refused/);
  });
});

describe('teardown', () => {
  it('failed helm install: finding at values file, rest of scenario skipped, next scenario, teardown run', async () => {
    const f = fake([
      [
        'helm install ghostwire-airgapped',
        { exitCode: 1, stderr: 'Error: INSTALLATION FAILED: context deadline exceeded' },
      ],
    ]);
    const r = await onKind(f, [tlsCustom, defaults]);
    expect(r.status).toBe('failed');
    expect(r.findings).toMatchObject([
      { code: 'HELM_INSTALL_FAILED', severity: 'error', file: 'examples/airgapped/values.yaml', line: 1 },
    ]);
    expect(r.findings[0]?.message).toContain('context deadline exceeded');
    const lines = f.lines();
    expect(lines.some((l) => l.includes('helm test ghostwire-airgapped'))).toBe(false);
    expect(lines).toContain('/opt/helm uninstall ghostwire-airgapped -n ghostwire-docs-t1 --wait --timeout 300s');
    expect(lines).toContain('/opt/helm test ghostwire -n ghostwire-docs-t1 --timeout 300s --logs');
    expect(lines.slice(-2)).toEqual([
      'kind delete cluster --name ghostwire-docs-t1 --kubeconfig /tmp/gw-t1/kubeconfig',
      'rm -rf /tmp/gw-t1',
    ]);
    expect(r.steps.find((s) => s.id === 'airgapped/ready')?.outcome).toBe('skipped');
    // Pod state and events are logged to explain the failure.
    expect(f.events.some((e) => e.startsWith('run kubectl describe pod'))).toBe(true);
  });

  it('after a failing cluster step: only the teardown runs; the run is an error (exit 2), not findings', async () => {
    const f = fake([
      ['kind create cluster', { exitCode: 1, stderr: 'ERROR: failed to create cluster: could not pull image' }],
    ]);
    const r = await onKind(f, [defaults]);
    expect(r.status).toBe('error');
    expect(r.message).toContain('could not pull image');
    expect(r.findings).toEqual([]);
    expect(afterPreflight(f.lines()).slice(1)).toEqual([
      expect.stringMatching(/^kind create cluster/),
      'kind delete cluster --name ghostwire-docs-t1 --kubeconfig /tmp/gw-t1/kubeconfig',
      'rm -rf /tmp/gw-t1',
    ]);
  });

  it('on an abort signal mid-run: the running command is cancelled and the teardown runs next', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const f = fake([
      [
        'helm install',
        (_argv, opts) =>
          new Promise((resolve) => {
            opts.signal?.addEventListener('abort', () => {
              cancelled = true;
              resolve({ exitCode: 130, stderr: 'canceled' });
            });
            setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 5);
          }),
      ],
    ]);
    const r = await runClusterTier({
      ...base,
      target: 'kind',
      scenarios: [defaults, tlsCustom],
      documents: [],
      runner: f.runner,
      log: f.log,
      signal: controller.signal,
    });
    expect(cancelled).toBe(true);
    expect(r.status).toBe('aborted');
    expect(r.message).toContain('SIGINT');
    expect(r.findings).toEqual([]);
    const lines = f.lines();
    const install = lines.findIndex((l) => l.includes('helm install'));
    expect(lines.slice(install + 1)).toEqual([
      'kind delete cluster --name ghostwire-docs-t1 --kubeconfig /tmp/gw-t1/kubeconfig',
      'rm -rf /tmp/gw-t1',
    ]);
    // The teardown is not cancelled by the signal that stopped the run.
    expect(f.calls.find((c) => c.line.startsWith('kind delete'))?.opts.signal).toBeUndefined();
  });

  it('stops the port-forward when its step ends', async () => {
    const f = fake();
    await onKind(f, [defaults]);
    const pf = f.calls.find((c) => c.line.includes('port-forward'));
    expect(pf?.opts.signal?.aborted).toBe(true);
  });
});

describe('progress and durations', () => {
  it('logs a line per step before its commands run, and a durations table at the end', async () => {
    const f = fake();
    const r = await onKind(f, [defaults]);
    const installLog = f.events.findIndex((e) => /^log cluster \[\d+\/\d+\] defaults: helm install ghostwire$/.test(e));
    const installRun = f.events.findIndex((e) => e.startsWith('run /opt/helm install'));
    expect(installLog).toBeGreaterThan(-1);
    expect(installLog).toBeLessThan(installRun);
    const table = f.events.slice(f.events.findIndex((e) => e.startsWith('log step ')));
    expect(table).toHaveLength(r.steps.length + 2);
    expect(table.at(-1)).toMatch(/^log total\s+\d/);
  });
});

describe('server-side dry run of documents', () => {
  const cert = doc(
    'docs/tls.md',
    12,
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'gw', namespace: 'ghostwire' },
      spec: { secretName: 'x' },
    },
    { 'spec.dnsNames': 14 },
  );
  const ingress = doc(
    'examples/a/ingress.yaml',
    1,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'gw' },
      spec: { rules: [{ hostx: 'a' }] },
    },
    { 'spec.rules[0].hostx': 9 },
  );
  const route = doc('docs/ingress.md', 40, {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    metadata: { name: 'gw' },
  });
  const oldApi = doc('docs/old.md', 3, { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'gw' } });
  const typo = doc('docs/typo.md', 5, {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certifcate',
    metadata: { name: 'gw' },
  });
  const oldVersion = doc('docs/v.md', 8, {
    apiVersion: 'cert-manager.io/v1alpha2',
    kind: 'Issuer',
    metadata: { name: 'gw' },
  });
  const unnamed = doc('docs/gen.md', 2, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-' } });
  const noKind = (v: string, k: string) => ({
    exitCode: 1,
    stderr:
      'error: resource mapping not found for name: "gw" namespace: "" from "STDIN": ' +
      `no matches for kind "${k}" in version "${v}"\nensure CRDs are installed first`,
  });

  it('passes, rejects at the offending line, or skips for a missing CRD', async () => {
    const f = fake([
      [
        'apply --dry-run=server',
        (_argv, opts) => {
          const o = JSON.parse(opts.input ?? '{}') as { kind: string; apiVersion: string };
          if (o.kind === 'Certificate')
            return {
              exitCode: 1,
              stderr:
                'The Certificate "gw" is invalid: spec.dnsNames: Required value: ' +
                'at least one of commonName, dnsNames, uris ipAddresses, or emailAddresses must be set',
            };
          if (o.kind === 'Ingress' && o.apiVersion === 'networking.k8s.io/v1')
            return {
              exitCode: 1,
              stderr:
                'Error from server (BadRequest): error when creating "STDIN": Ingress in version "v1" ' +
                'cannot be handled as a Ingress: strict decoding error: unknown field "spec.rules[0].hostx"',
            };
          return noKind(o.apiVersion, o.kind);
        },
      ],
    ]);
    const documents = [cert, ingress, route, oldApi, typo, oldVersion, unnamed];
    const r = await runClusterTier({
      ...base,
      target: 'kind',
      scenarios: [],
      documents,
      runner: f.runner,
      log: f.log,
      signal: new AbortController().signal,
    });
    expect(r.findings.map((x) => [x.code, x.file, x.line, x.path])).toEqual([
      ['SERVER_REJECTED', 'docs/tls.md', 14, 'spec.dnsNames'],
      ['SERVER_REJECTED', 'examples/a/ingress.yaml', 9, 'spec.rules[0].hostx'],
      ['API_NOT_SERVED', 'docs/old.md', 3, 'apiVersion'],
      ['API_NOT_SERVED', 'docs/typo.md', 5, 'kind'],
      ['API_NOT_SERVED', 'docs/v.md', 8, 'apiVersion'],
    ]);
    expect(r.findings[4]?.message).toContain('the cluster serves cert-manager.io/v1');
    expect(r.documents.map((d) => d.status)).toEqual([
      'failed',
      'failed',
      'skipped',
      'failed',
      'failed',
      'failed',
      'skipped',
    ]);
    expect(r.documents[2]?.reason).toMatch(/no CRD for traefik\.io is installed/);
    expect(r.documents[6]?.reason).toMatch(/no metadata\.name/);
    // All documents were tried even though the first ones failed.
    expect(f.lines().filter((l) => l.includes('apply --dry-run=server'))).toHaveLength(6);
  });

  it('keeps the warnings of an accepted object as warning findings', async () => {
    const f = fake([
      [
        'apply --dry-run=server',
        {
          stderr:
            'Warning: annotation "kubernetes.io/ingress.class" is deprecated, ' +
            "please use 'spec.ingressClassName' instead\n",
        },
      ],
    ]);
    const r = await onKind(f, [], { documents: [ingress] });
    expect(r.documents[0]?.status).toBe('passed');
    expect(r.findings).toMatchObject([
      { code: 'SERVER_WARNING', severity: 'warning', file: 'examples/a/ingress.yaml', line: 1 },
    ]);
    expect(r.findings[0]?.message).toContain('ingress.class" is deprecated');
    expect(r.status).toBe('ok');
  });

  it('a kubectl that times out is an error of the harness, not a rejected document', async () => {
    const f = fake([
      ['apply --dry-run=server', { exitCode: 124, stderr: 'Command timed out after 120000 milliseconds' }],
    ]);
    const r = await onKind(f, [], { documents: [cert] });
    expect(r.findings).toEqual([]);
    expect(r.documents[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('timed out') });
    expect(r.status).toBe('error');
  });

  it('sends each object into the tier namespace, whatever namespace the example names', async () => {
    const f = fake();
    await onKind(f, [], { documents: [cert] });
    const call = f.calls.find((c) =>
      c.line.includes('apply --dry-run=server --validate=strict -n ghostwire-docs-t1 -f -'),
    );
    expect(JSON.parse(call?.opts.input ?? '{}')).toMatchObject({
      kind: 'Certificate',
      metadata: { name: 'gw', namespace: 'ghostwire-docs-t1' },
      spec: { secretName: 'x' },
    });
  });
});

describe('current target', () => {
  it.each(['prod', 'eu-production-1', 'live', 'PROD-west'])('refuses context %s without --yes', async (ctx) => {
    const f = fake([['config current-context', { stdout: `${ctx}\n` }]]);
    const r = await runClusterTier({
      ...base,
      target: 'current',
      scenarios: [defaults],
      documents: [],
      runner: f.runner,
      log: f.log,
      signal: new AbortController().signal,
    });
    expect(r.status).toBe('refused');
    expect(r.message).toContain(`"${ctx}"`);
    expect(r.message).toContain('--yes');
    expect(f.lines().some((l) => l.includes('create namespace') || l.includes('helm'))).toBe(false);
  });

  it.each(['kind-dev', 'staging', 'docker-desktop'])('accepts context %s', (ctx) => {
    expect(refuseContext(ctx, false)).toBeUndefined();
  });

  it('with --yes: only its own namespace, pinned to the context, no CRDs installed, namespace deleted', async () => {
    const f = fake([['config current-context', { stdout: 'prod-eu\n' }]]);
    const r = await runClusterTier({
      ...base,
      target: 'current',
      yes: true,
      scenarios: [defaults],
      documents: [],
      runner: f.runner,
      log: f.log,
      signal: new AbortController().signal,
    });
    expect(r.status).toBe('ok');
    const cmds = afterPreflight(f.lines());
    expect(cmds.some((l) => l.startsWith('kind ') || l.includes('--server-side'))).toBe(false);
    for (const l of cmds.filter((l) => l.startsWith('kubectl '))) expect(l).toMatch(/^kubectl --context prod-eu /);
    for (const l of cmds.filter((l) => l.startsWith('/opt/helm '))) expect(l).toMatch(/ --kube-context prod-eu$/);
    expect(cmds).toContain('kubectl --context prod-eu create namespace ghostwire-docs-t1');
    expect(cmds.slice(-2)).toEqual([
      'kubectl --context prod-eu delete namespace ghostwire-docs-t1 --ignore-not-found --wait=true --timeout=300s',
      'rm -rf /tmp/gw-t1',
    ]);
    expect(cmds.filter((l) => / -n (\S+)/.test(l)).every((l) => l.includes('-n ghostwire-docs-t1'))).toBe(true);
  });

  it('skips documents of CRDs the cluster lacks, saying the current target installs none', async () => {
    const route = doc('docs/ingress.md', 40, {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'gw' },
    });
    const f = fake([
      [
        'apply --dry-run=server',
        { exitCode: 1, stderr: 'no matches for kind "IngressRoute" in version "traefik.io/v1alpha1"' },
      ],
    ]);
    const r = await runClusterTier({
      ...base,
      target: 'current',
      scenarios: [],
      documents: [route],
      runner: f.runner,
      log: f.log,
      signal: new AbortController().signal,
    });
    expect(r.documents[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('installs no CRDs') });
    expect(r.findings).toEqual([]);
  });
});

describe('preflight', () => {
  const missing = (cmd: string): [string, Answer] => [
    cmd,
    { exitCode: 127, stderr: `${cmd.split(' ')[0]}: command not found` },
  ];
  it.each([
    [
      'container runtime',
      [
        [
          'docker info',
          {
            exitCode: 1,
            stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
          },
        ],
        missing('podman info'),
      ],
      /docker is installed but its daemon does not answer.*Cannot connect.*sudo systemctl start docker.*podman\.io/,
    ],
    [
      'container runtime',
      [missing('docker info'), missing('podman info')],
      /neither docker nor podman.*docs\.docker\.com\/engine\/install/,
    ],
    [
      'kind',
      [missing('kind version')],
      new RegExp(
        `kind: not found on PATH.*go install sigs\\.k8s\\.io/kind@${KIND_VERSION}` +
          `.*kind\\.sigs\\.k8s\\.io/dl/${KIND_VERSION}/kind-linux-amd64`,
      ),
    ],
    [
      'kubectl',
      [missing('kubectl version')],
      new RegExp(`kubectl: not found on PATH.*dl\\.k8s\\.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl`),
    ],
    ['curl', [missing('curl --version')], /curl: not found on PATH.*apt-get install curl/],
    ['openssl', [missing('openssl version')], /openssl: not found on PATH.*apt-get install openssl/],
  ] as [string, [string, Answer][], RegExp][])(
    'names a missing %s and how to install it',
    async (tool, rules, text) => {
      const f = fake(rules);
      const p = await preflight(f.runner, 'kind', { helm });
      expect(p.ok).toBe(false);
      expect(p.tools.filter((t) => !t.found).map((t) => t.name)).toEqual([tool]);
      expect(p.message).toMatch(/^The cluster tier \(--cluster kind\) cannot run here\. Missing:/);
      expect(p.message.replace(/\n/g, ' ')).toMatch(text);
    },
  );

  it('names a missing helm with npm ci and HELM_BIN', async () => {
    const p = await preflight(fake().runner, 'kind', {
      helm: async () => {
        throw new Error('no helm found: $HELM_BIN is unset');
      },
    });
    expect(p.message).toMatch(/helm: no helm found.*npm ci.*HELM_BIN/);
  });

  it('lists everything missing in one message, and what was found', async () => {
    const f = fake([missing('docker info'), missing('podman info'), missing('kind version')]);
    const p = await preflight(f.runner, 'kind', { helm });
    expect(
      p.message
        .split('\n')
        .filter((l) => l.startsWith('  - '))
        .map((l) => l.split(':')[0]),
    ).toEqual(['  - container runtime', '  - kind']);
    expect(p.message).toContain('Found: kubectl 1.36.4, helm 4.1.4, curl 8.5.0, openssl 3.0.13.');
  });

  it('falls back to podman, and kind then runs with the podman provider', async () => {
    const f = fake([
      ['docker info', { exitCode: 1, stderr: 'Cannot connect' }],
      ['podman info', { stdout: '5.4.0\n' }],
    ]);
    const p = await preflight(f.runner, 'kind', { helm });
    expect(p).toMatchObject({ ok: true, runtime: 'podman' });
    const r = await runClusterTier({
      ...base,
      target: 'kind',
      plan: true,
      scenarios: [],
      documents: [],
      runner: f.runner,
      log: f.log,
    });
    expect(r.plan).toContain('export KIND_EXPERIMENTAL_PROVIDER=podman');
  });

  it('for the current target needs no container runtime or kind, but a context that answers', async () => {
    const f = fake([['config current-context', { exitCode: 1, stderr: 'error: current-context is not set' }]]);
    const p = await preflight(f.runner, 'current', { helm });
    expect(f.lines().some((l) => l.startsWith('docker') || l.startsWith('podman') || l.startsWith('kind'))).toBe(false);
    expect(p.ok).toBe(false);
    expect(p.message).toMatch(
      /cluster: no current kubeconfig context \(error: current-context is not set\).*use-context/,
    );
  });

  it('a failed preflight stops the tier before anything runs', async () => {
    const f = fake([missing('kind version')]);
    const r = await runClusterTier({
      ...base,
      target: 'kind',
      scenarios: [defaults],
      documents: [],
      runner: f.runner,
      log: f.log,
    });
    expect(r.status).toBe('preflight');
    expect(r.message).toContain('kind: not found');
    expect(f.lines().some((l) => l.startsWith('mkdir') || l.includes('create'))).toBe(false);
  });
});

describe('--plan', () => {
  it('prints every command in order without running any, also when the preflight fails', async () => {
    const f = fake([['kind version', { exitCode: 127 }]]);
    const r = await runClusterTier({
      ...base,
      target: 'kind',
      plan: true,
      scenarios: [defaults, tlsCustom],
      documents: [],
      runner: f.runner,
      log: f.log,
    });
    expect(r.status).toBe('planned');
    expect(f.lines().every((l) => /^(docker|podman|kind|kubectl|curl|openssl) (info|version|--version)/.test(l))).toBe(
      true,
    );
    expect(r.plan?.[0]).toBe('# preflight: this machine cannot run the plan yet');
    expect(r.plan?.at(-1)).toBe('rm -rf /tmp/gw-t1');
  });

  it('for a fixed set of scenarios (current target)', async () => {
    const f = fake([['config current-context', { stdout: 'kind-dev\n' }]]);
    const cert = doc('docs/tls.md', 12, {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'gw' },
    });
    const r = await runClusterTier({
      ...base,
      target: 'current',
      plan: true,
      scenarios: [tlsCustom, authGenerated, defaults],
      documents: [cert],
      runner: f.runner,
      log: f.log,
    });
    // The reviewed plan, one line each (regenerate with `npx vitest run <this file> -u`).
    const plan = `${r.plan?.join('\n')}\n`;
    await expect(plan).toMatchFileSnapshot('__snapshots__/cluster-plan-current.txt');
  });
});

describe('formatPlan', () => {
  it('quotes so that a shell gets the arguments back, with ${VAR} expanded', () => {
    const args = [
      '-w',
      '\\nHTTP %{http_code}',
      "it's",
      'jsonpath={.data.password}',
      'kasm_user:${PW}',
      'a "b" $HOME `x`',
    ];
    const plan = formatPlan([{ id: 's', title: 't', commands: [{ argv: ['printf', '%s\\n', ...args] }] }]);
    const out = execFileSync('bash', ['-c', plan[1] ?? ''], {
      env: { PW: 'p w', HOME: '/h', PATH: process.env['PATH'] ?? '' },
    }).toString();
    expect(out.split('\n').slice(0, -1)).toEqual([
      '-w',
      '\\nHTTP %{http_code}',
      "it's",
      'jsonpath={.data.password}',
      'kasm_user:p w',
      'a "b" $HOME `x`',
    ]);
    expect(shellQuote('plain/path-1.yaml')).toBe('plain/path-1.yaml');
  });
});

describe('pins', () => {
  it('kind-config.yaml, pins.ts, tools.env and the cluster workflow agree on kind, node image and kubectl', () => {
    const config = parse(readFileSync('scripts/harness/cluster/kind-config.yaml', 'utf8')) as {
      nodes: { image: string }[];
    };
    expect(config.nodes.map((n) => n.image)).toEqual([KIND_NODE_IMAGE]);
    expect(KIND_NODE_IMAGE).toMatch(/^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    expect(KIND_NODE_IMAGE).toContain(`:${KUBECTL_VERSION}@`);
    // Versions and sums pinned in the repository, read by the workflow.
    const tools = Object.fromEntries(
      readFileSync('scripts/harness/cluster/tools.env', 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z0-9_]+=/.test(l))
        .map((l) => l.split('=') as [string, string]),
    );
    expect(tools).toEqual({
      KIND_VERSION,
      KIND_SHA256: expect.stringMatching(/^[0-9a-f]{64}$/),
      KUBECTL_VERSION,
      KUBECTL_SHA256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const workflow = parse(readFileSync('.github/workflows/cluster.yml', 'utf8')) as {
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    const runs = (workflow.jobs['kind']?.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('scripts/harness/cluster/tools.env');
    expect(runs).toContain(
      'https://github.com/kubernetes-sigs/kind/releases/download/${KIND_VERSION}/kind-linux-amd64',
    );
    expect(runs).toContain('https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl');
    expect(runs).toContain('"$KIND_SHA256" "$KUBECTL_SHA256" | sha256sum --check --strict');
    // No sum is fetched beside a binary: only the two binaries are downloaded.
    expect(runs.match(/curl /g)).toHaveLength(2);
    expect(runs).not.toMatch(/\.sha256/);
  });

  it('the cluster workflow shares one kind cluster between the tier and the real-cluster test', () => {
    const workflow = parse(readFileSync('.github/workflows/cluster.yml', 'utf8')) as {
      on: Record<string, { paths?: string[]; branches?: string[] } | null>;
      jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
    };
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on['push']?.branches).toEqual(['main']);
    const paths = workflow.on['pull_request']?.paths ?? [];
    for (const p of ['chart/**', 'docs/**', 'examples/**', 'package-lock.json', 'scripts/harness/**'])
      expect(paths).toContain(p);
    const steps = workflow.jobs['kind']?.steps ?? [];
    const runs = steps.map((s) => s.run ?? '');
    expect(runs.filter((r) => r.includes('kind create cluster'))).toHaveLength(1);
    expect(runs.find((r) => r.includes('validate --'))).toContain('--cluster current');
    const test = steps.find((s) => s.run?.includes('test/cluster.test.ts'));
    expect(test?.env).toMatchObject({ GHOSTWIRE_CLUSTER_TEST: '1', GHOSTWIRE_CLUSTER_TARGET: 'current' });
    expect(runs.some((r) => r.startsWith('kind export logs'))).toBe(true);
  });

  it('pins every CRD manifest to a release tag, over https', () => {
    for (const src of CRD_SOURCES) {
      for (const url of src.urls) {
        expect(url).toMatch(/^https:\/\//);
        expect(url).toMatch(/\/v?\d+\.\d+\.\d+\//);
        expect(url).not.toMatch(/\/(main|master|latest)\//);
      }
    }
  });
});

describe('the current target on a shared throwaway cluster', () => {
  const plan = (crds: boolean) =>
    planClusterTier({
      target: 'current',
      id: 'c',
      workDir: '/w',
      timeoutSec: 60,
      documents: [],
      scenarios: [],
      context: 'kind-ghostwire-ci',
      ...(crds ? { crds } : {}),
    }).map((s) => s.id);

  it('applies the pinned CRDs only when asked, and never creates or deletes a cluster', () => {
    expect(plan(false).filter((id) => id.startsWith('crds/'))).toEqual([]);
    const withCrds = plan(true);
    expect(withCrds.filter((id) => id.startsWith('crds/'))).toEqual([
      ...CRD_SOURCES.map((s) => `crds/${s.id}`),
      'crds/established',
    ]);
    expect(withCrds).not.toContain('cluster');
    const lines = formatPlan(
      planClusterTier({
        target: 'current',
        id: 'c',
        workDir: '/w',
        timeoutSec: 60,
        documents: [],
        scenarios: [],
        context: 'kind-ghostwire-ci',
        crds: true,
      }),
    ).join('\n');
    expect(lines).not.toMatch(/kind (create|delete) cluster/);
    expect(lines).toContain('kubectl --context kind-ghostwire-ci apply --server-side');
  });

  it('runClusterTier reads GHOSTWIRE_CLUSTER_CRDS=1 for the current target', async () => {
    const planned = async () => {
      const f = fake();
      const r = await runClusterTier({
        ...base,
        target: 'current',
        plan: true,
        scenarios: [],
        documents: [],
        runner: f.runner,
        log: f.log,
      });
      return r.plan ?? [];
    };
    vi.stubEnv('GHOSTWIRE_CLUSTER_CRDS', '1');
    try {
      expect((await planned()).some((l) => l.includes('apply --server-side'))).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await planned()).some((l) => l.includes('apply --server-side'))).toBe(false);
  });
});

describe('discoverScenarios', () => {
  it('takes the chart defaults first, then each example folder with a values.yaml, with its release', async () => {
    const files: Record<string, string> = {
      'chart/values.yaml': 'service:\n  port: 6901\n',
      'examples/b/values.yaml': 'auth:\n  enabled: true\n',
      'examples/b/.ghostwire.yaml': 'ghostwire:\n  release: signal\n',
      'examples/a/values.yaml': 'tls:\n  mode: auto\n',
    };
    const fs = { listDirs: async () => ['b', 'a', 'no-values'], read: async (f: string) => files[f] };
    expect(await discoverScenarios({ fs })).toEqual([
      { name: 'defaults', values: { service: { port: 6901 } } },
      { name: 'a', valuesFile: 'examples/a/values.yaml', values: { tls: { mode: 'auto' } } },
      { name: 'b', valuesFile: 'examples/b/values.yaml', values: { auth: { enabled: true } }, release: 'signal' },
    ]);
  });

  it('uses the release and fullnameOverride of a scenario for Service and Secret names', () => {
    const steps = planClusterTier({
      target: 'kind',
      id: 'x',
      workDir: '/w',
      timeoutSec: 60,
      documents: [],
      scenarios: [
        {
          name: 'b',
          valuesFile: 'examples/b/values.yaml',
          release: 'signal',
          values: { auth: { enabled: true }, service: { port: 8443 } },
        },
        { name: 'c', valuesFile: 'examples/c/values.yaml', values: { fullnameOverride: 'desk' } },
      ],
    });
    const lines = formatPlan(steps).join('\n');
    expect(lines).toContain('svc/signal-ghostwire 16901:8443');
    expect(lines).toContain('secret signal-ghostwire-auth');
    expect(lines).toContain('helm install signal chart');
    expect(lines).toContain('svc/desk 16901:6901');
  });
});

describe('the web check with real processes', () => {
  it('reaches a server started in the background (slow to listen), judges 401 and 200, and stops it', async () => {
    const plan = planClusterTier({
      target: 'kind',
      id: 'w',
      workDir: '/tmp/gw-w',
      timeoutSec: 30,
      localPort: 0,
      documents: [],
      scenarios: [authExisting],
    });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const web = plan.find((s) => s.id === 'vault/web');
    if (!web) throw new Error('no web step');
    // The port-forward replaced by a server that listens after a second and asks for basic auth.
    const server = `setTimeout(() => require('http').createServer((q, s) => {
      const ok = q.headers.authorization === 'Basic ' + Buffer.from('kasm_user:pw 1').toString('base64');
      s.writeHead(ok ? 200 : 401, { 'content-type': 'text/html' });
      s.end(ok ? '<!DOCTYPE html><html></html>' : 'denied');
    }).listen(${port}, '127.0.0.1'), 1000)`;
    const steps = [
      {
        ...web,
        commands: web.commands.map((c) =>
          c.background
            ? { ...c, argv: [process.execPath, '-e', server] }
            : { ...c, argv: c.argv.map((a) => a.replace(':0/', `:${port}/`)) },
        ),
      },
    ];
    const { executePlan } = await import('../scripts/harness/cluster/execute.ts');
    const logs: string[] = [];
    const r = await executePlan({
      steps: [
        { id: 'pw', title: 'password', commands: [{ argv: ['echo', 'pw 1'], capture: 'AUTH_PASSWORD' }] },
        ...steps,
      ],
      runner: realRunner,
      documents: [],
      log: (l) => logs.push(l),
    });
    expect(logs.join('\n')).not.toContain('failed');
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('ok');
    // The background server is gone: the port refuses connections.
    expect((await realRunner('curl', ['-sS', '--max-time', '2', `http://127.0.0.1:${port}/`])).exitCode).not.toBe(0);
  }, 60_000);
});

describe('signals', () => {
  it('the first SIGINT aborts the run, a second one exits naming the teardown to run by hand', () => {
    const controller = new AbortController();
    const logs: string[] = [];
    const before = process.listenerCount('SIGINT');
    const dispose = abortOnSignals(
      controller,
      (l) => logs.push(l),
      () => ['kind delete cluster --name ghostwire-docs-x'],
    );
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(controller.signal.aborted).toBe(true);
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGINT', 'SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      expect(logs.at(-1)).toContain('kind delete cluster --name ghostwire-docs-x');
    } finally {
      exit.mockRestore();
      dispose();
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('runClusterTier without a signal of its own installs the handlers for the run only', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    let during: number[] = [];
    const f = fake([
      [
        'kind create cluster',
        () => {
          during = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
          return {};
        },
      ],
    ]);
    await runClusterTier({ ...base, target: 'kind', scenarios: [], documents: [], runner: f.runner, log: f.log });
    expect(during).toEqual([(before[0] ?? 0) + 1, (before[1] ?? 0) + 1]);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});

describe('realRunner', () => {
  it('returns output and exit code, 127 for a missing program, 130 when cancelled', async () => {
    expect(await realRunner('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    expect((await realRunner('ghostwire-no-such-program', [])).exitCode).toBe(127);
    const c = new AbortController();
    setTimeout(() => c.abort(), 50);
    expect((await realRunner('sleep', ['5'], { signal: c.signal })).exitCode).toBe(130);
    expect((await realRunner('cat', [], { input: 'in' })).stdout).toBe('in');
  });
});

// A real cluster: runs where kind and a container runtime answer. In CI only
// when GHOSTWIRE_CLUSTER_TEST=1 (the kind job): runners of the plain test job
// also have kind and docker, and a cluster there would double its run time.
// GHOSTWIRE_CLUSTER_TARGET=current: use the current kubeconfig context (CI creates one kind
// cluster for the tier and this test) instead of a kind cluster of the test's own.
const realTarget = process.env['GHOSTWIRE_CLUSTER_TARGET'] === 'current' ? 'current' : 'kind';
const real = await preflight(realRunner, realTarget);
const optedOut = !!process.env['CI'] && process.env['GHOSTWIRE_CLUSTER_TEST'] !== '1';
const reason = !real.ok
  ? real.tools
      .filter((t) => !t.found)
      .map((t) => `${t.name}: ${t.hint.split(';')[0]}`)
      .join('; ')
  : optedOut
    ? 'CI without GHOSTWIRE_CLUSTER_TEST=1 (the kind job sets it)'
    : '';
if (reason) console.log(`cluster.test.ts: the real ${realTarget} cluster test is skipped: ${reason}`);

describe(`a real cluster (${realTarget})`, () => {
  it.skipIf(!!reason)(
    `installs the chart defaults and judges documents with a real API server${reason ? ` (skipped: ${reason})` : ''}`,
    async () => {
      const ok = doc('docs/real.md', 3, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ok', namespace: 'ghostwire' },
        data: { a: 'b' },
      });
      const bad = doc(
        'docs/real.md',
        10,
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'bad' },
          spec: { ports: [{ port: 6901, prot: 'TCP' }] },
        },
        { 'spec.ports[0].prot': 14 },
      );
      const crdless = doc('docs/real.md', 20, {
        apiVersion: 'example.org/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
      });
      const r = await runClusterTier({
        target: realTarget,
        scenarios: [defaults],
        documents: [ok, bad, crdless],
        timeoutSec: 900,
        log: (l) => console.log(l),
      });
      expect(r.findings.map((f) => [f.code, f.line, f.path])).toEqual([['SERVER_REJECTED', 14, 'spec.ports[0].prot']]);
      expect(r.documents.map((d) => d.status)).toEqual(['passed', 'failed', 'skipped']);
      expect(r.steps.filter((s) => s.outcome !== 'ok')).toEqual([]);
      expect(r.teardownOk).toBe(true);
    },
    3_600_000,
  );
});
