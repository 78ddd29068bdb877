// The walkthroughs of docs/integration-examples.mdx: each scenario's "Install order" section
// as the reader runs it, one step per shell fence, each command with its words and line.
// The cluster tier applies the same sequence (adapt.ts); test/cluster-walkthrough.test.ts
// compares the two. Pure: the page text comes in as a string.
import { commandsOf, flag, shellFences, type Command } from '../crossref/shell.ts';

/** One shell fence of an install-order section: what the reader pastes at once. */
export interface WalkStep {
  /** 1-based number of the step on the page (fence order within the section). */
  n: number;
  line: number;
  commands: Command[];
}

export interface Walkthrough {
  /** The page and the heading id of the section, e.g. `oauth2-install`. */
  file: string;
  section: string;
  line: number;
  steps: WalkStep[];
}

const HEADING = /^(#{2,6})\s+Install order\s*\{#([\w-]+)\}\s*$/;

/** Every "Install order" section of a page, with its shell fences as steps. */
export function installOrders(file: string, text: string): Walkthrough[] {
  const lines = text.split(/\r?\n/);
  const out: Walkthrough[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = HEADING.exec(lines[i] as string);
    if (!m) continue;
    const depth = (m[1] as string).length;
    let end = i + 1;
    while (end < lines.length) {
      const h = /^(#{1,6})\s/.exec(lines[end] as string);
      if (h && (h[1] as string).length <= depth) break;
      end++;
    }
    // Line numbers stay those of the page: the section is cut out with its offset.
    const body = lines.slice(i + 1, end).join('\n');
    const fences = shellFences(file, body)
      .filter((f) => f.lang !== 'inline')
      .map((f) => ({ ...f, line: f.line + i + 1 }));
    const steps = fences.map((f, k) => ({ n: k + 1, line: f.line, commands: commandsOf([f]).commands }));
    out.push({ file, section: m[2] as string, line: i + 1, steps });
    i = end - 1;
  }
  return out;
}

/** The example files a command reads (`-f examples/<s>/x.yaml`). */
export function exampleFiles(c: Command): string[] {
  const out: string[] = [];
  c.argv.forEach((a, i) => {
    const v = a === '-f' || a === '--filename' || a === '--values' ? c.argv[i + 1] : undefined;
    const inline = /^(?:-f|--filename|--values)=(.+)$/.exec(a)?.[1];
    for (const x of [v, inline]) if (x?.startsWith('examples/')) out.push(x);
  });
  return out;
}

/** The install order whose commands use files of `examples/<scenario>/`. */
export function walkthroughOf(all: readonly Walkthrough[], scenario: string): Walkthrough | undefined {
  const prefix = `examples/${scenario}/`;
  return all.find((w) =>
    w.steps.some((s) => s.commands.some((c) => exampleFiles(c).some((f) => f.startsWith(prefix)))),
  );
}

/** The namespace a kubectl or helm command acts in, if it says (`-n x`, `--namespace x`). */
export function namespaceOf(c: Command): string | undefined {
  if (c.argv[0] !== 'kubectl' && c.argv[0] !== 'helm') return undefined;
  return flag(c.argv, ['-n', '--namespace']);
}

/** `helm install|upgrade --install <release> <chart>`: the release and chart, if it is one. */
export function helmRelease(c: Command): { release: string; chart: string } | undefined {
  if (c.argv[0] !== 'helm') return undefined;
  const valued = new Set(['-n', '--namespace', '-f', '--values', '--set', '--version', '--timeout', '--repo']);
  const pos: string[] = [];
  for (let i = 1; i < c.argv.length; i++) {
    const a = c.argv[i] as string;
    if (a.startsWith('-')) {
      if (!a.includes('=') && valued.has(a)) i++;
      continue;
    }
    pos.push(a);
  }
  if ((pos[0] !== 'install' && pos[0] !== 'upgrade') || pos.length < 3) return undefined;
  return { release: pos[1] as string, chart: pos[2] as string };
}
