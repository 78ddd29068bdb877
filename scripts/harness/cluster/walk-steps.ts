// The steps of a scenario's walkthrough on kind: one tier step per step of the page's
// "Install order", in the page's namespace and with the page's release, and the clean-up
// that undoes them (the next scenario uses the same namespace). Pure.
import { get, list } from '../objects.ts';
import type { KubeDocument } from '../types.ts';
import { adaptCommand, type AdaptContext } from './adapt.ts';
import type { Kube } from './kube.ts';
import type { Command, Scenario, Step } from './types.ts';
import { exampleFiles, type Walkthrough } from './walkthrough.ts';

export interface WalkPlan {
  steps: Step[];
  /** Undo, in reverse: every file the walkthrough applied (the namespace last). */
  cleanup: Command[];
  problems: string[];
}

/** Certificates the scenario's example files define: name → the Secret it asks for and its names. */
export function certificatesOf(docs: readonly KubeDocument[], scenario: string) {
  const out = new Map<string, { secretName: string; dnsNames: string[] }>();
  for (const d of docs) {
    if (d.kind !== 'Certificate' || !d.name || !d.file.startsWith(`examples/${scenario}/`)) continue;
    const secretName = get(d.object, 'spec', 'secretName');
    if (typeof secretName !== 'string') continue;
    const dnsNames = list(get(d.object, 'spec', 'dnsNames')).filter((x): x is string => typeof x === 'string');
    out.set(d.name, { secretName, dnsNames });
  }
  return out;
}

export function walkSteps(
  s: Scenario & { walkthrough: Walkthrough },
  k: Kube,
  ctx: Omit<AdaptContext, 'k' | 'counter'>,
): WalkPlan {
  const w = s.walkthrough;
  const group = `scenario:${s.name}`;
  const counter = { n: 0 };
  const problems: string[] = [];
  const applied: string[] = [];
  const steps = w.steps.map((step): Step => {
    const commands: Command[] = [];
    for (const c of step.commands) {
      const a = adaptCommand(c, { ...ctx, k, counter });
      commands.push(...a.commands);
      problems.push(...a.problems);
      if (c.argv[0] === 'kubectl' && c.argv[1] === 'apply') applied.push(...exampleFiles(c));
    }
    const first = step.commands[0]?.argv.slice(0, 3).join(' ') ?? 'no commands';
    return {
      id: `${s.name}/install-${step.n}`,
      title: `${s.name}: install order step ${step.n} (${w.file}:${step.line}: ${first} …)`,
      group,
      commands,
    };
  });
  const cleanup = [...applied].reverse().map((f) =>
    k.kubectl(['delete', '-f', f, '--ignore-not-found', '--wait=true', `--timeout=${k.timeout}`], {
      timeoutMs: k.longMs,
      optional: true,
    }),
  );
  return { steps, cleanup, problems };
}
