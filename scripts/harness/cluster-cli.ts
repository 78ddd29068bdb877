// Wires the cluster tier (cluster.ts) into the CLI. (Being written.)
import type { CliIo, ParsedCli } from './cli.ts';
import type { HarnessResult } from './run.ts';

export async function runClusterFromCli(_cli: ParsedCli, _result: HarnessResult, io: CliIo): Promise<number> {
  io.stderr('error: the cluster tier is not available yet\n');
  return 2;
}
