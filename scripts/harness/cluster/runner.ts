// The edge of the cluster tier: running programs (execa) and turning SIGINT /
// SIGTERM into an abort signal, so that the teardown runs on Ctrl-C.
import { execa } from 'execa';
import type { CommandResult, CommandRunner, RunOptions } from './types.ts';

/** Runs a program to completion; never throws for a failing program. */
export const realRunner: CommandRunner = async (
  cmd: string,
  args: string[],
  opts: RunOptions = {},
): Promise<CommandResult> => {
  const r = await execa(cmd, args, {
    input: opts.input,
    timeout: opts.timeoutMs,
    cancelSignal: opts.signal,
    env: opts.env,
    reject: false,
    stripFinalNewline: false,
    forceKillAfterDelay: 5_000,
  });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (typeof r.exitCode === 'number') return { exitCode: r.exitCode, stdout, stderr };
  const code = (r as { code?: string }).code;
  const exitCode = code === 'ENOENT' ? 127 : r.timedOut ? 124 : r.isCanceled ? 130 : 1;
  const why = code === 'ENOENT' ? `${cmd}: command not found` : (r.shortMessage ?? `${cmd} failed`);
  return { exitCode, stdout, stderr: stderr ? `${stderr}\n${why}` : why };
};

/**
 * Aborts `controller` on the first SIGINT or SIGTERM (the tier then tears
 * down); a second signal exits at once, printing `manual` (the teardown
 * commands to run by hand). Returns the function that removes the handlers.
 */
export function abortOnSignals(
  controller: AbortController,
  log: (line: string) => void,
  manual: () => string[],
): () => void {
  let seen = 0;
  const handler = (sig: NodeJS.Signals) => {
    seen += 1;
    if (seen === 1) {
      log(`cluster tier: ${sig} received, tearing down (send it again to exit at once)`);
      controller.abort(new Error(`interrupted by ${sig}`));
      return;
    }
    log(
      `cluster tier: exiting without teardown; clean up by hand:\n${manual()
        .map((l) => `  ${l}`)
        .join('\n')}`,
    );
    process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
