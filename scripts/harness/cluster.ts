// The cluster tier: install the chart into a throwaway kind cluster (or a
// throwaway namespace of the current cluster), prove each scenario works, and
// dry-run every documented object against a real API server. The core is pure
// (plan, judgements); every program runs through an injected CommandRunner.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KubeDocument } from './types.ts';
import { executePlan } from './cluster/execute.ts';
import { formatDurations, formatPlan } from './cluster/format.ts';
import { planClusterTier, refuseContext } from './cluster/plan.ts';
import { preflight, type PreflightDeps } from './cluster/preflight.ts';
import { abortOnSignals, realRunner } from './cluster/runner.ts';
import { discoverScenarios } from './cluster/scenarios.ts';
import { walkthroughProblems } from './cluster/adapt.ts';
import type { ClusterTarget, CommandRunner, ExecutionResult, PreflightResult, Scenario } from './cluster/types.ts';

export { planClusterTier, refuseContext } from './cluster/plan.ts';
export { formatPlan, formatDurations, commandLine } from './cluster/format.ts';
export { preflight, INSTALL_HINTS, type PreflightDeps } from './cluster/preflight.ts';
export { realRunner, abortOnSignals } from './cluster/runner.ts';
export { discoverScenarios, type ScenarioFs } from './cluster/scenarios.ts';
export { executePlan } from './cluster/execute.ts';
export { judgeDryRun } from './cluster/documents.ts';
export {
  CRD_SOURCES,
  KIND_CONFIG,
  KIND_NODE_IMAGE,
  KIND_VERSION,
  KUBECTL_VERSION,
  type CrdSource,
} from './cluster/pins.ts';
export type * from './cluster/types.ts';

export interface ClusterTierOptions {
  target: ClusterTarget;
  /** Return the command lines without running anything. */
  plan?: boolean;
  /**
   * `current`: apply the pinned CRDs too, for a throwaway cluster shared by several runs
   * (default: $GHOSTWIRE_CLUSTER_CRDS=1). kind always applies them.
   */
  installCrds?: boolean;
  /** Use a current context whose name looks like production. */
  yes?: boolean;
  /** helm --timeout and kubectl wait, in seconds; default 300. */
  timeoutSec?: number;
  /** Every Kubernetes object from docs and examples. */
  documents: KubeDocument[];
  /** Default: discoverScenarios() (chart defaults + examples/<s>/values.yaml). */
  scenarios?: Scenario[];
  /** Default: realRunner (execa). */
  runner?: CommandRunner;
  /** Default: SIGINT/SIGTERM handlers installed for the run abort it. */
  signal?: AbortSignal;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
  /** Cluster / namespace suffix; default random. */
  id?: string;
  workDir?: string;
  localPort?: number;
  chartDir?: string;
  /** Screenshots of each web client go here; default $GHOSTWIRE_SCREENSHOT_DIR. */
  screenshotDir?: string;
  /** Headless browser for the screenshots; default $CHROME_PATH or chromium. */
  browser?: string;
  helm?: PreflightDeps['helm'];
}

export interface ClusterTierResult extends Omit<ExecutionResult, 'status'> {
  /** planned: --plan; preflight / refused: the tier could not start (exit 2). */
  status: ExecutionResult['status'] | 'planned' | 'preflight' | 'refused';
  preflight: PreflightResult;
  /** With --plan: the commands as shell lines, in order. */
  plan?: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

export async function runClusterTier(o: ClusterTierOptions): Promise<ClusterTierResult> {
  const runner = o.runner ?? realRunner;
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pf = await preflight(runner, o.target, o.helm ? { helm: o.helm } : {});
  const id = o.id ?? randomBytes(3).toString('hex');
  const screenshotDir = o.screenshotDir ?? process.env['GHOSTWIRE_SCREENSHOT_DIR'];
  const crds = o.target === 'current' && (o.installCrds ?? process.env['GHOSTWIRE_CLUSTER_CRDS'] === '1');
  const scenarios = o.scenarios ?? (await discoverScenarios(o.chartDir ? { chartDir: o.chartDir } : {}));
  // kind runs each page walkthrough as written: a step it cannot run stops the tier before it starts.
  const problems =
    o.target === 'kind'
      ? scenarios.flatMap((s) => (s.walkthrough ? walkthroughProblems(s.walkthrough.steps) : []))
      : [];
  const steps = planClusterTier({
    target: o.target,
    id,
    workDir: o.workDir ?? path.join(os.tmpdir(), `ghostwire-docs-${id}`),
    timeoutSec: o.timeoutSec ?? 300,
    scenarios,
    documents: o.documents,
    ...(crds ? { crds } : {}),
    ...(o.chartDir ? { chartDir: o.chartDir } : {}),
    ...(pf.context ? { context: pf.context } : {}),
    ...(pf.runtime ? { runtime: pf.runtime } : {}),
    localPort: o.localPort ?? (o.plan ? 16901 : await freePort()),
    ...(screenshotDir
      ? { screenshot: { dir: screenshotDir, browser: o.browser ?? process.env['CHROME_PATH'] ?? 'chromium' } }
      : {}),
  });
  const refusal = o.target === 'current' && pf.context ? refuseContext(pf.context, !!o.yes) : undefined;
  const empty = { findings: [], steps: [], documents: [], teardownOk: true, preflight: pf };

  if (o.plan) {
    const notes = [
      pf.ok ? `# ${pf.message}` : '# preflight: this machine cannot run the plan yet',
      ...(pf.ok ? [] : pf.message.split('\n').map((l) => `#   ${l}`)),
    ];
    if (refusal) notes.push(`# ${refusal}`);
    for (const p of problems) notes.push(`# cannot run: ${p}`);
    return { ...empty, status: 'planned', plan: [...notes, ...formatPlan(steps)] };
  }
  if (!pf.ok) return { ...empty, status: 'preflight', message: pf.message };
  if (refusal) return { ...empty, status: 'refused', message: refusal };
  if (problems.length) return { ...empty, status: 'error', message: problems.join('\n') };

  log(pf.message);
  let signal = o.signal;
  let dispose = () => {};
  if (!signal) {
    const controller = new AbortController();
    signal = controller.signal;
    const manual = () => formatPlan(steps.filter((s) => s.teardown)).filter((l) => !l.startsWith('#'));
    dispose = abortOnSignals(controller, log, manual);
  }
  try {
    const result = await executePlan({
      steps,
      runner,
      documents: o.documents,
      log,
      signal,
      ...(pf.helmPath ? { bins: { helm: pf.helmPath } } : {}),
      skipNote:
        o.target === 'current' && !crds
          ? ' (the current target installs no CRDs: it changes nothing outside its namespace)'
          : '; add its CRDs to scripts/harness/cluster/pins.ts to check it',
    });
    for (const line of formatDurations(result.steps)) log(line);
    return { ...result, preflight: pf };
  } finally {
    dispose();
  }
}
