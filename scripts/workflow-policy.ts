// The rules every GitHub Actions workflow in .github/workflows/ keeps, as a pure function
// over the workflow's text: actions pinned to a full commit SHA with the release in a
// comment, no permissions by default and explicit ones per job, a concurrency group that
// cancels superseded pull-request runs, checkout without persisted credentials, a timeout
// on every job, and `!cancelled()` rather than `always()`.
import { parse } from 'yaml';

export interface WorkflowFinding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

interface Step {
  uses?: string;
  if?: unknown;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: unknown;
  'timeout-minutes'?: unknown;
  if?: unknown;
  steps?: Step[];
  uses?: string;
}
interface Workflow {
  on?: unknown;
  permissions?: unknown;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown } | string;
  jobs?: Record<string, Job>;
}

const USES = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/;
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const RELEASE_COMMENT = /^v?\d+(\.\d+){0,2}\b/;

/** `uses:` lines: full SHA, and the release it stands for in the comment. */
function usesFindings(file: string, lines: string[]): WorkflowFinding[] {
  const out: WorkflowFinding[] = [];
  lines.forEach((text, i) => {
    const m = USES.exec(text);
    if (!m) return;
    const [, ref = '', comment = ''] = m;
    const at = (rule: string, message: string) => out.push({ file, line: i + 1, rule, message });
    if (ref.startsWith('./')) return;
    if (ref.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref)) at('pin-sha', `${ref}: pin the image by digest (@sha256:…)`);
      return;
    }
    if (!PINNED.test(ref)) {
      at('pin-sha', `${ref}: pin the action to a full 40-character commit SHA, with its release in a comment`);
    } else if (!RELEASE_COMMENT.test(comment.trim())) {
      at('pin-comment', `${ref}: name the release the SHA stands for in a comment (# v1.2.3)`);
    }
  });
  return out;
}

function lineOf(lines: string[], pattern: RegExp): number {
  const i = lines.findIndex((l) => pattern.test(l));
  return i < 0 ? 1 : i + 1;
}

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return on && typeof on === 'object' ? Object.keys(on) : [];
}

const hasWrite = (p: unknown): boolean =>
  p === 'write-all' || (!!p && typeof p === 'object' && Object.values(p).some((v) => v === 'write'));

const mentionsAlways = (v: unknown) => typeof v === 'string' && /\balways\(\)/.test(v);

function jobFindings(file: string, lines: string[], name: string, job: Job): WorkflowFinding[] {
  const out: WorkflowFinding[] = [];
  const line = lineOf(lines, new RegExp(`^ {2}${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`));
  const at = (rule: string, message: string, l = line) => out.push({ file, line: l, rule, message });
  if (job.permissions === undefined) at('job-permissions', `job ${name}: declare the permissions it needs`);
  if (job['timeout-minutes'] === undefined && !job.uses) at('timeout', `job ${name}: set timeout-minutes`);
  if (mentionsAlways(job.if)) at('no-always', `job ${name}: use !cancelled() instead of always()`);
  for (const step of job.steps ?? []) {
    const stepLine = step.uses ? lineOf(lines, new RegExp(`uses:\\s*${step.uses.split('@')[0]}@`)) : line;
    if (mentionsAlways(step.if)) {
      const ifLine = lines.findIndex((l, i) => i >= line - 1 && /^\s*(-\s+)?if:.*\balways\(\)/.test(l)) + 1;
      at(
        'no-always',
        `job ${name}: a step runs on always(); use !cancelled() so a cancelled run stops`,
        ifLine || line,
      );
    }
    if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
      at('persist-credentials', `job ${name}: actions/checkout needs persist-credentials: false`, stepLine);
    }
  }
  return out;
}

/** Every finding for one workflow file's text; an empty list when it keeps every rule. */
export function workflowPolicy(file: string, text: string): WorkflowFinding[] {
  const lines = text.split('\n');
  let wf: Workflow;
  try {
    wf = (parse(text) ?? {}) as Workflow;
  } catch (error) {
    return [{ file, line: 1, rule: 'yaml', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }];
  }
  const out = usesFindings(file, lines);
  const at = (rule: string, message: string, pattern: RegExp) =>
    out.push({ file, line: lineOf(lines, pattern), rule, message });
  if (wf.permissions === undefined) {
    at('permissions', 'set top-level permissions: {} (or read-only) and grant more per job', /^on:/);
  } else if (hasWrite(wf.permissions)) {
    at('permissions', 'top-level permissions grant write access: move it to the job that needs it', /^permissions:/);
  }
  const conc = typeof wf.concurrency === 'string' ? { group: wf.concurrency } : wf.concurrency;
  if (!conc?.group) {
    at('concurrency', 'set a concurrency group, so a superseded run stops', /^on:/);
  } else if (triggers(wf.on).some((t) => t.startsWith('pull_request'))) {
    const cancel = conc['cancel-in-progress'];
    if (!(cancel === true || (typeof cancel === 'string' && cancel.includes('pull_request')))) {
      at('concurrency', 'cancel-in-progress must stop superseded pull-request runs', /^concurrency:/);
    }
  }
  for (const [name, job] of Object.entries(wf.jobs ?? {})) out.push(...jobFindings(file, lines, name, job ?? {}));
  return out.sort((a, b) => a.line - b.line);
}
