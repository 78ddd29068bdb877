// Wires the cluster tier (cluster.ts) into the CLI: runs it after the static checks with
// the documents they found, joins its findings to the same report, and maps its status
// to the exit-code contract (2 when it could not start: preflight, refusal).
import type { CliIo, ParsedCli } from './cli.ts';
import { runClusterTier, type ClusterTierResult } from './cluster.ts';
import type { HarnessResult } from './run.ts';

export function clusterExitCode(r: ClusterTierResult): number {
  switch (r.status) {
    case 'planned':
    case 'ok':
      return 0;
    case 'failed':
      return r.findings.some((f) => f.severity === 'error') ? 1 : 0;
    default:
      return 2;
  }
}

/** Runs the tier; its findings are appended to `result` so every format reports them. */
export async function runClusterFromCli(cli: ParsedCli, result: HarnessResult, io: CliIo): Promise<number> {
  if (cli.cluster === 'none') return 0;
  const documents = result.outcomes.filter((o) => o.status !== 'skipped').flatMap((o) => o.documents);
  const r = await runClusterTier({
    target: cli.cluster,
    plan: cli.plan,
    yes: cli.yes,
    timeoutSec: cli.clusterTimeout,
    documents,
    chartDir: cli.options.chartDir,
    log: (line) => io.stderr(`${line}\n`),
  });
  if (r.status === 'planned') {
    io.stdout(`${(r.plan ?? []).join('\n')}\n`);
    return 0;
  }
  if (r.status === 'preflight' || r.status === 'refused' || r.status === 'error' || r.status === 'aborted') {
    io.stderr(`error: the cluster tier (${cli.cluster}) could not run:\n${r.message ?? r.status}\n`);
  }
  result.findings.push(...r.findings);
  return clusterExitCode(r);
}
