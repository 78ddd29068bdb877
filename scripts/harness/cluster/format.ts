// Rendering: the plan as shell lines (for --plan and reviews) and the table of
// step durations printed at the end of a run. Pure.
import type { Command, Step, StepResult } from './types.ts';

const SAFE = /^[\w@%+=:,./-]+$/;

/** One argument as the shell would need it; `${NAME}` stays expandable. */
export function shellQuote(arg: string): string {
  if (SAFE.test(arg)) return arg;
  if (arg.includes('${')) return `"${arg.replace(/(["\\`])/g, '\\$1').replace(/\$(?!\{)/g, '\\$')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as one shell line, without its environment. */
export function commandLine(c: Command): string {
  let line = c.argv.map(shellQuote).join(' ');
  if (c.decode === 'base64') line += ' | base64 -d';
  if (c.capture) line = `${c.capture}=$(${line})`;
  if (c.background) line += ' &';
  if (c.optional) line += ' || true';
  const notes: string[] = [];
  if (c.input !== undefined) notes.push(`stdin: ${c.inputLabel ?? 'generated'}`);
  const check = c.check;
  if (check?.type === 'http') notes.push(`expect HTTP ${check.status}${check.html ? ' and an HTML page' : ''}`);
  if (check?.type === 'equals') notes.push(`${check.what} must equal $${check.variable}`);
  if (check?.type === 'refused') notes.push(`${check.what} must be refused`);
  if (c.note) notes.push(c.note);
  return notes.length ? `${line}  # ${notes.join('; ')}` : line;
}

/** The plan as shell lines in run order: a comment per step, then its commands. */
export function formatPlan(steps: Step[]): string[] {
  const lines: string[] = [];
  const exported = new Map<string, string>();
  steps.forEach((step, i) => {
    const notes = [
      step.teardown ? 'teardown, always runs' : '',
      step.cleanup ? 'clean-up, runs after a failure too' : '',
    ].filter(Boolean);
    lines.push(`# [${i + 1}/${steps.length}] ${step.id}: ${step.title}${notes.length ? ` (${notes.join('; ')})` : ''}`);
    let backgrounds = 0;
    for (const c of step.commands) {
      for (const [k, v] of Object.entries(c.env ?? {})) {
        if (exported.get(k) !== v) {
          lines.push(`export ${k}=${shellQuote(v)}`);
          exported.set(k, v);
        }
      }
      lines.push(commandLine(c));
      if (c.background) {
        backgrounds += 1;
        lines.push(`BG_${backgrounds}=$!`);
      }
    }
    for (let b = 1; b <= backgrounds; b++) lines.push(`kill "$BG_${b}"`);
  });
  return lines;
}

function seconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`
    : `${(ms / 1000).toFixed(1)}s`;
}

/** The durations table: one row per step, then the total. */
export function formatDurations(results: StepResult[]): string[] {
  const width = Math.max(4, ...results.map((r) => r.id.length));
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  return [
    `${'step'.padEnd(width)}  result   time`,
    ...results.map(
      (r) => `${r.id.padEnd(width)}  ${r.outcome.padEnd(7)}  ${r.outcome === 'skipped' ? '-' : seconds(r.ms)}`,
    ),
    `${'total'.padEnd(width)}  ${' '.repeat(7)}  ${seconds(total)}`,
  ];
}
