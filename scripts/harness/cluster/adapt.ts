// A walkthrough step of the page, as the cluster tier runs it: the same commands in the same
// order, changed only where a throwaway cluster needs it (its kubeconfig, the chart folder,
// test values for placeholders and typed secrets, `$(...)` run for its output, a stand-in for
// a certificate no cert-manager issues there). Anything else is a problem, never a silent skip.
// Pure.
import type { Command as PageCommand } from '../crossref/shell.ts';
import { type Kube, selfSignedTlsSecret } from './kube.ts';
import type { Command } from './types.ts';
import { helmRelease } from './walkthrough.ts';

export interface AdaptContext {
  /** kubectl and helm of the tier, acting in the walkthrough's namespace. */
  k: Kube;
  chartDir: string;
  /** Scratch folder for generated files of this scenario. */
  workDir: string;
  /** Extra helm arguments (mirrored registries). */
  helmExtra: string[];
  /** Certificates the scenario's examples define, by name: the Secret each asks for and its names. */
  certificates: Map<string, { secretName: string; dnsNames: string[] }>;
  /** The chart's fullname for the release, for the stand-in certificate's names. */
  fullname: string;
  /** Where helm install failures are reported. */
  finding?: Command['finding'];
  /** Numbers the captured `$(...)` outputs across the scenario. */
  counter: { n: number };
}

export interface Adapted {
  commands: Command[];
  problems: string[];
}

/** The test value that replaces a `<placeholder>` the reader fills in. */
export const TEST_VALUE = 'ghostwire-docs-test-value';
const PLACEHOLDER = /<[^<>]+>/g;
const VAR = /\$(?:\{([A-Z_][A-Z0-9_]*)\}|([A-Z_][A-Z0-9_]*))/g;

/** `$(cmd)` inside one word: run first, its output captured (the tier runs no shell). */
function substitutions(word: string, ctx: AdaptContext, pre: Command[], notes: Set<string>): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '$' && word[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < word.length; j++) {
        if (word[j] === '(') depth++;
        if (word[j] === ')' && --depth === 0) break;
      }
      const name = `SUB_${++ctx.counter.n}`;
      pre.push({ argv: ['sh', '-c', word.slice(i + 2, j)], capture: name });
      out += `\${${name}}`;
      i = j;
    } else out += word[i];
  }
  if (/<[^<>]+>/.test(out)) notes.add(`placeholders replaced by the test value ${TEST_VALUE}`);
  return out.replace(PLACEHOLDER, TEST_VALUE).replace(VAR, (_, a, b) => `\${${a ?? b}}`);
}

function certificateStandIn(name: string, ctx: AdaptContext, c: PageCommand): Adapted {
  const cert = ctx.certificates.get(name);
  if (!cert)
    return {
      commands: [],
      problems: [`${c.file}:${c.line}: waits for Certificate ${name}, which the scenario's examples do not define`],
    };
  const dir = `${ctx.workDir}/${cert.secretName}`;
  const names = [...new Set(['localhost', ctx.fullname, ...cert.dnsNames])];
  const note =
    'no cert-manager controller runs in the tier (CRDs only): a self-signed stand-in for the Secret ' +
    `Certificate ${name} asks for`;
  return {
    commands: selfSignedTlsSecret(ctx.k, {
      dir,
      secret: cert.secretName,
      commonName: cert.dnsNames[0] ?? ctx.fullname,
      names,
      note,
    }),
    problems: [],
  };
}

/** Why the tier cannot run a command of the page, if it cannot. */
export function unsupported(c: PageCommand): string | undefined {
  const prog = c.argv[0];
  if (prog === 'kubectl' || prog === 'read' || prog === 'unset' || (prog === 'helm' && helmRelease(c)))
    return undefined;
  return (
    `${c.file}:${c.line}: "${c.argv.join(' ')}" has no counterpart in the cluster tier (it runs kubectl, helm ` +
    'install/upgrade, `read` and `$(...)`); rewrite the step with those, or teach scripts/harness/cluster/adapt.ts ' +
    'the command'
  );
}

/** Every command of a walkthrough the tier cannot run, as messages with file and line. */
export function walkthroughProblems(steps: readonly { commands: readonly PageCommand[] }[]): string[] {
  return steps.flatMap((s) => s.commands.flatMap((c) => unsupported(c) ?? []));
}

/** The tier's commands for one command of the page. */
export function adaptCommand(c: PageCommand, ctx: AdaptContext): Adapted {
  const [prog, ...args] = c.argv as [string, ...string[]];
  if (prog === 'read') {
    const name = args.filter((a) => !a.startsWith('-')).at(-1) ?? 'REPLY';
    const note = 'the reader types this value; the tier generates a test value';
    return { commands: [{ argv: ['openssl', 'rand', '-hex', '24'], capture: name, note }], problems: [] };
  }
  if (prog === 'unset') return { commands: [], problems: [] };
  if (prog === 'kubectl' && args.includes('wait')) {
    const target = args.find((a) => /^certificates?(?:\.cert-manager\.io)?\//.test(a));
    const ready = args.some((a) => a === '--for=condition=Ready');
    if (target && ready) return certificateStandIn(target.split('/')[1] as string, ctx, c);
  }
  const pre: Command[] = [];
  const notes = new Set<string>();
  const words = args.map((a) => substitutions(a, ctx, pre, notes));
  const note = notes.size ? { note: [...notes].join('; ') } : {};
  if (prog === 'kubectl') return { commands: [...pre, ctx.k.kubectl(words, note)], problems: [] };
  const rel = helmRelease(c);
  if (prog === 'helm' && rel) {
    const chart = rel.chart.replace(/^\.\//, '') === 'chart' ? ctx.chartDir : rel.chart;
    const rest = words.map((w) => (w === rel.chart ? chart : w)).filter((w) => w !== '--wait');
    const timeout = rest.includes('--timeout') ? [] : ['--timeout', ctx.k.timeout];
    return {
      commands: [
        ...pre,
        ctx.k.helm([...rest, ...ctx.helmExtra, '--wait', ...timeout], {
          timeoutMs: ctx.k.longMs,
          ...(ctx.finding ? { finding: ctx.finding } : {}),
          ...note,
        }),
      ],
      problems: [],
    };
  }
  return { commands: [], problems: [unsupported(c) ?? `${c.file}:${c.line}: not run`] };
}
