// How eagerly V8 optimises while pages are parsed. The site's Markdown reader (micromark and
// its MDX extensions) runs hundreds of small functions over some 300 KB of pages once per run:
// with V8's default budget most of them reach the optimising compiler, whose work on a
// background thread cost about as much CPU as the parse itself (measured on two cores, where
// helm and this thread need it). A larger budget while a page is parsed, V8's own afterwards.
//
// The budget is part of the flags V8 checks code caches against (launch-script.mjs), so it is
// set back to the exact value it had before, which must be known: V8's default for the
// versions measured below, and nothing is changed where it is not known, or where the user
// chose a budget. No verdict depends on it: it decides only when V8 compiles, not what runs.
import v8 from 'node:v8';

/** V8's default `--interrupt-budget` by V8 major version (`node --v8-options`; test/jit.test.ts checks it). */
export const DEFAULT_INTERRUPT_BUDGET: Readonly<Record<number, number>> = { 11: 67_584 };

/** The budget while a page is parsed: about six times the default of V8 11. */
export const PARSE_INTERRUPT_BUDGET = 400_000;

/** The flags to set around a page's parse, or undefined when the budget is left alone. */
export function parseBudgetFlags(
  v8Version: string,
  given: readonly string[],
): { during: string; after: string } | undefined {
  if (given.some((a) => a.includes('interrupt-budget'))) return undefined;
  const base = DEFAULT_INTERRUPT_BUDGET[Number.parseInt(v8Version, 10)];
  if (base === undefined) return undefined;
  return { during: `--interrupt-budget=${PARSE_INTERRUPT_BUDGET}`, after: `--interrupt-budget=${base}` };
}

const flags =
  process.env['GHOSTWIRE_PARSE_BUDGET'] === '0'
    ? undefined
    : parseBudgetFlags(process.versions.v8, [...process.execArgv, process.env['NODE_OPTIONS'] ?? '']);

/** Runs a page's parse with the larger budget (synchronous, so nothing else runs meanwhile). */
export function withParseBudget<T>(parse: () => T): T {
  if (!flags) return parse();
  v8.setFlagsFromString(flags.during);
  try {
    return parse();
  } finally {
    v8.setFlagsFromString(flags.after);
  }
}
