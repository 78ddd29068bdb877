// Runs a plan through the injected CommandRunner: one progress line per step,
// checks turned into findings, a failing scenario skipping its own further
// steps, and the teardown always run (after a critical failure and on abort).
import type { Finding, KubeDocument } from '../types.ts';
import { judgeDryRun, precheck } from './documents.ts';
import { commandLine } from './format.ts';
import type {
  Command,
  CommandResult,
  CommandRunner,
  DocumentResult,
  ExecutionResult,
  Step,
  StepResult,
} from './types.ts';

export interface ExecuteOptions {
  steps: Step[];
  runner: CommandRunner;
  documents: KubeDocument[];
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Programs to run in place of a name, e.g. { helm: '/path/to/helm' }. */
  bins?: Record<string, string>;
  /** Appended to the reason of a document skipped for a missing CRD. */
  skipNote?: string;
  now?: () => number;
}

const tail = (text: string, n = 20) => text.trim().split('\n').slice(-n).join('\n');

interface Verdict {
  ok: boolean;
  detail: string;
}

export async function executePlan(o: ExecuteOptions): Promise<ExecutionResult> {
  const now = o.now ?? (() => performance.now());
  const vars = new Map<string, string>();
  const findings: Finding[] = [];
  const docResults = new Map<number, DocumentResult>();
  const errors: string[] = [];
  const results: StepResult[] = [];
  const failedGroups = new Set<string>();
  let aborted = false;
  let stopped = false;

  const expand = (text: string) =>
    text.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name: string) => {
      const v = vars.get(name);
      if (v === undefined) throw new Error(`variable ${name} was not captured by an earlier command`);
      return v;
    });

  const run = (c: Command, signal: AbortSignal | undefined): Promise<CommandResult> => {
    const [cmd, ...args] = c.argv.map(expand) as [string, ...string[]];
    return o.runner(o.bins?.[cmd] ?? cmd, args, {
      ...(c.input !== undefined ? { input: expand(c.input) } : {}),
      ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
      ...(signal ? { signal } : {}),
      ...(c.env ? { env: c.env } : {}),
    });
  };

  const judge = (c: Command, r: CommandResult): Verdict => {
    const check = c.check ?? { type: 'exit0' };
    const failed = `exit ${r.exitCode}: ${tail(r.stderr || r.stdout, 5)}`;
    switch (check.type) {
      case 'exit0':
        return { ok: r.exitCode === 0, detail: failed };
      case 'http': {
        const m = /\nHTTP (\d{3})\s*$/.exec(r.stdout);
        if (r.exitCode !== 0 || !m) return { ok: false, detail: `no HTTP answer (${failed})` };
        const body = r.stdout.slice(0, m.index);
        if (Number(m[1]) !== check.status) return { ok: false, detail: `got HTTP ${m[1]}, expected ${check.status}` };
        if (check.html && !/<html|<!doctype html/i.test(body))
          return { ok: false, detail: `HTTP ${m[1]} but the body is not an HTML page: ${body.slice(0, 120)}` };
        return { ok: true, detail: '' };
      }
      case 'equals': {
        if (r.exitCode !== 0) return { ok: false, detail: failed };
        const before = vars.get(check.variable) ?? '';
        const after = vars.get(c.capture ?? '') ?? r.stdout.trim();
        const shown = check.what === 'password' ? '' : ` (${before || 'none'} → ${after || 'none'})`;
        return { ok: before === after, detail: `${check.what} changed${shown}` };
      }
      case 'refused': {
        const said = `${r.stderr}\n${r.stdout}`;
        if (r.exitCode === 0) return { ok: false, detail: `${check.what} went through instead of being refused` };
        if (!new RegExp(check.pattern).test(said))
          return { ok: false, detail: `${check.what} failed without the expected message: ${tail(said, 5)}` };
        return { ok: true, detail: '' };
      }
      case 'dry-run': {
        const doc = o.documents[check.document];
        if (!doc) return { ok: false, detail: `no document #${check.document}` };
        const j = judgeDryRun(doc, r, vars.get('API_VERSIONS') ?? '', o.skipNote);
        docResults.set(check.document, j.result);
        if (j.finding) findings.push(j.finding);
        findings.push(...(j.warnings ?? []));
        if (j.broken) errors.push(`dry run of ${doc.file}:${doc.line}: ${j.result.reason}`);
        if (j.result.status === 'skipped') o.log(`  skipped ${doc.file}:${doc.line} ${doc.kind}: ${j.result.reason}`);
        return { ok: j.result.status !== 'failed', detail: j.result.reason ?? '' };
      }
    }
  };

  /** Runs one step's commands; false when a command that counts failed. */
  const runStep = async (step: Step, signal: AbortSignal | undefined): Promise<boolean> => {
    const background: { stop: AbortController; done: Promise<CommandResult>; c: Command }[] = [];
    let ok = true;
    try {
      for (const c of step.commands) {
        if (signal?.aborted) return false;
        if (c.background) {
          const stop = new AbortController();
          const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
          background.push({
            stop,
            c,
            done: run(c, both).catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message })),
          });
          continue;
        }
        let r: CommandResult;
        try {
          r = await run(c, signal);
        } catch (e) {
          r = { exitCode: 1, stdout: '', stderr: (e as Error).message };
        }
        if (signal?.aborted) return false;
        if (c.capture && r.exitCode === 0) {
          const text = r.stdout.trim();
          vars.set(c.capture, c.decode === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text);
        }
        const v = judge(c, r);
        if (v.ok) continue;
        if (c.optional) {
          o.log(`  (ignored) ${commandLine(c)}: ${v.detail}`);
          continue;
        }
        ok = false;
        if (c.finding) {
          const f = c.finding;
          findings.push({
            code: f.code,
            severity: 'error',
            file: f.origin.file,
            line: f.origin.line,
            path: '',
            message: `${f.message}: ${v.detail}`,
          });
        } else if (c.check?.type !== 'dry-run') {
          errors.push(`${step.id}: \`${commandLine(c)}\` failed (${v.detail})`);
        }
        if (c.check?.type !== 'dry-run') o.log(`  failed: ${commandLine(c)}\n${v.detail.replace(/^/gm, '    ')}`);
        if (!c.keepGoing) break;
      }
      return ok;
    } finally {
      for (const b of background) b.stop.abort();
      for (const b of background) {
        const r = await b.done;
        if (!ok && r.stderr.trim()) o.log(`  ${commandLine(b.c)}:\n${tail(r.stderr).replace(/^/gm, '    ')}`);
      }
    }
  };

  const total = o.steps.length;
  for (const [i, step] of o.steps.entries()) {
    const tag = `[${i + 1}/${total}]`;
    const teardown = !!step.teardown;
    const skip = (why: string) => {
      results.push({ id: step.id, title: step.title, ms: 0, ok: true, outcome: 'skipped' });
      o.log(`cluster ${tag} skipped ${step.id}: ${why}`);
    };
    if (!teardown && o.signal?.aborted) aborted = stopped = true;
    if (!teardown && stopped) {
      skip(aborted ? 'interrupted' : 'an earlier step failed');
      continue;
    }
    if (step.group && !step.cleanup && failedGroups.has(step.group)) {
      skip(`an earlier step of ${step.group} failed`);
      continue;
    }
    o.log(`cluster ${tag} ${step.title}`);
    const start = now();
    // The teardown runs to its end: it does not listen to the abort signal.
    const ok = await runStep(step, teardown ? undefined : o.signal);
    const ms = now() - start;
    if (!teardown && o.signal?.aborted) {
      aborted = stopped = true;
      results.push({ id: step.id, title: step.title, ms, ok: false, outcome: 'failed' });
      o.log(`cluster ${tag} interrupted after ${(ms / 1000).toFixed(1)}s`);
      continue;
    }
    results.push({ id: step.id, title: step.title, ms, ok, outcome: ok ? 'ok' : 'failed' });
    o.log(`cluster ${tag} ${ok ? 'ok' : 'FAILED'} ${(ms / 1000).toFixed(1)}s`);
    if (ok || teardown) continue;
    if (step.critical) stopped = true;
    if (step.group) failedGroups.add(step.group);
    for (const d of step.diagnose ?? []) {
      const r = await run(d, undefined).catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message }));
      o.log(`  $ ${commandLine(d)}\n${tail(`${r.stdout}\n${r.stderr}`, 60).replace(/^/gm, '    ')}`);
    }
  }

  const documents = o.documents.map((doc, i): DocumentResult => {
    const reason = precheck(doc) ?? (aborted ? 'the cluster tier was interrupted' : 'not run: an earlier step failed');
    return docResults.get(i) ?? { file: doc.file, line: doc.line, kind: doc.kind, status: 'skipped', reason };
  });
  const teardownOk = results.filter((r) => o.steps.find((s) => s.id === r.id)?.teardown).every((r) => r.ok);
  if (!teardownOk) errors.push('the teardown failed: see the log above and clean up by hand');
  const status = aborted
    ? 'aborted'
    : errors.length
      ? 'error'
      : findings.some((f) => f.severity === 'error')
        ? 'failed'
        : 'ok';
  const message = aborted
    ? `interrupted${o.signal?.reason instanceof Error ? `: ${o.signal.reason.message}` : ''}`
    : errors.join('\n');
  return { status, findings, steps: results, documents, teardownOk, ...(message ? { message } : {}) };
}
