// Data shapes of the cluster tier: the plan (steps of commands) is pure data,
// built by plan.ts and run by execute.ts through an injected CommandRunner.
import type { Finding, KubeDocument } from '../types.ts';
import type { Walkthrough } from './walkthrough.ts';

export type ClusterTarget = 'kind' | 'current';

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
}

export interface CommandResult {
  /** 127: not found; 124: timed out; 130: cancelled by the signal. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (cmd: string, args: string[], opts?: RunOptions) => Promise<CommandResult>;

/** Where a finding from a command is reported. */
export interface Origin {
  file: string;
  line: number;
}

/** How a command's result is judged; by default it must exit 0. */
export type Check =
  | { type: 'exit0' }
  /** curl output ending in "\nHTTP <code>": the status must match, and the body be HTML when `html`. */
  | { type: 'http'; status: number; html?: boolean }
  /** stdout (after decoding) must equal a variable captured earlier. */
  | { type: 'equals'; variable: string; what: string }
  /** The command must fail, saying something that matches `pattern` (a refusal). */
  | { type: 'refused'; pattern: string; what: string }
  /** `kubectl apply --dry-run=server` of one document. */
  | { type: 'dry-run'; document: number };

export interface Command {
  /** Program and arguments; `${NAME}` is replaced by a captured variable. */
  argv: string[];
  /** Standard input; `${NAME}` is replaced too. */
  input?: string;
  /** How formatPlan shows the input (it is not printed in full). */
  inputLabel?: string;
  /** Why the command looks the way it does, shown by formatPlan. */
  note?: string;
  env?: Record<string, string>;
  /** Stores the trimmed stdout (decoded per `decode`) in this variable. */
  capture?: string;
  decode?: 'base64';
  /** Started, left running for the rest of the step, then stopped (port-forward). */
  background?: boolean;
  timeoutMs?: number;
  check?: Check;
  /** The finding a failed check produces; without it a failure is an error of the harness. */
  finding?: { code: string; origin: Origin; message: string };
  /** A failure is logged, and neither fails the step nor stops it (clean-up). */
  optional?: boolean;
  /** A failure fails the step, but the step's further commands still run. */
  keepGoing?: boolean;
}

export interface Step {
  id: string;
  title: string;
  commands: Command[];
  /** Runs at the end whatever happened before: after a failure and after an abort. */
  teardown?: boolean;
  /** A failure stops the run (the teardown still runs): the cluster is not usable. */
  critical?: boolean;
  /** Steps of one scenario: a failure skips the group's further steps except `cleanup` ones. */
  group?: string;
  cleanup?: boolean;
  /** Run after the step failed; their output goes to the log (pod state, events). */
  diagnose?: Command[];
}

export interface Scenario {
  /** `defaults` for the chart's own values, else the folder name under examples/. */
  name: string;
  /** Values file relative to the working directory; absent for the chart defaults. */
  valuesFile?: string;
  /** The parsed values file, read for tls, auth, persistence and service settings. */
  values: Record<string, unknown>;
  /** Release name from examples/<s>/.ghostwire.yaml, if it names one. */
  release?: string;
  /** Namespace from examples/<s>/.ghostwire.yaml, if it names one (the walkthrough's). */
  namespace?: string;
  /** The scenario's "Install order" on docs/integration-examples.mdx, which kind runs as written. */
  walkthrough?: Walkthrough;
}

export interface PlanOptions {
  target: ClusterTarget;
  /** Short id in the cluster and namespace names: `ghostwire-docs-<id>`. */
  id: string;
  /** Scratch folder for the kubeconfig and generated certificates. */
  workDir: string;
  /** Seconds for helm --timeout and kubectl wait. */
  timeoutSec: number;
  scenarios: Scenario[];
  documents: KubeDocument[];
  /** Chart folder, relative to the working directory. */
  chartDir?: string;
  /** `current`: the kubeconfig context every command is pinned to. */
  context?: string;
  /**
   * `current`: also apply the pinned CRDs (kind always does). For a throwaway cluster
   * that several runs share, such as the one CI creates with kind for the tier and the
   * real-cluster test; it changes the cluster outside the tier's namespace.
   */
  crds?: boolean;
  /** `kind`: the container runtime preflight found. */
  runtime?: 'docker' | 'podman';
  /** Local port of the port-forward to the web client. */
  localPort?: number;
  /** When set, a headless browser saves a screenshot of each web client here. */
  screenshot?: { dir: string; browser: string };
}

export type StepOutcome = 'ok' | 'failed' | 'skipped';

export interface StepResult {
  id: string;
  title: string;
  ms: number;
  ok: boolean;
  outcome: StepOutcome;
}

export interface DocumentResult {
  file: string;
  line: number;
  kind: string;
  name?: string;
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
}

export interface ToolStatus {
  name: string;
  found: boolean;
  version?: string;
  /** What was seen, or how to install it when missing. */
  hint: string;
}

export interface PreflightResult {
  ok: boolean;
  tools: ToolStatus[];
  message: string;
  runtime?: 'docker' | 'podman';
  context?: string;
  helmPath?: string;
}

export interface ExecutionResult {
  /** ok: everything ran; failed: findings; error: the harness could not go on; aborted: signal. */
  status: 'ok' | 'failed' | 'error' | 'aborted';
  findings: Finding[];
  steps: StepResult[];
  documents: DocumentResult[];
  /** Why the run stopped, for `error` and `aborted`. */
  message?: string;
  teardownOk: boolean;
}
