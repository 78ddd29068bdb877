// The CLI: arguments and config → runHarness → report. The only place that sets the exit code:
// 0 clean, 1 findings of severity error, 2 the harness could not run.
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { HELP, parseCli, type ParsedCli } from './args.ts';
import { HarnessError, MAX_FILE_BYTES } from './files.ts';
import { closingLine, render, summarize, toStepSummary } from './report.ts';
import { runHarness, type HarnessResult } from './run.ts';

export { CONFIG_FILE, DEFAULT_KUBE_VERSION, DEFAULT_PATHS, HELP, parseCli, type ParsedCli } from './args.ts';
// The benchmark measures the pipeline in-process through the same bundle the CLI runs from.
export { runHarness } from './run.ts';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

function lineReader(cwd: string, maxBytes = MAX_FILE_BYTES): (file: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        // Code frames only for files the harness reads itself: not the huge or binary ones it refused.
        const abs = path.resolve(cwd, file);
        cache.set(file, statSync(abs).size > maxBytes ? undefined : readFileSync(abs, 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
}

/** The Markdown job summary: appended to $GITHUB_STEP_SUMMARY when set, else printed with --format github. */
function writeStepSummary(cli: ParsedCli, result: HarnessResult, io: CliIo): void {
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (!file && cli.format !== 'github') return;
  const md = toStepSummary(result);
  if (!file) {
    io.stdout(`\n${md}`);
    return;
  }
  try {
    appendFileSync(file, md);
  } catch (err) {
    io.stderr(`warning: cannot append the job summary to ${file}: ${(err as NodeJS.ErrnoException).code}\n`);
  }
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'validate') {
    io.stderr(`unknown command "${command}"; the only command is validate. Run with --help.\n`);
    return 2;
  }
  let cli: ParsedCli | 'help';
  let result: HarnessResult;
  try {
    cli = parseCli(rest, io);
    if (cli === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (cli.changedSince !== undefined) {
      const { pathsChangedSince } = await import('./changed.ts');
      const affected = await pathsChangedSince(cli.changedSince, io.cwd);
      if (!affected.all) {
        cli.options.paths = affected.paths;
        io.stderr(
          affected.paths.length === 0
            ? `No change since ${cli.changedSince} affects the docs or examples: nothing to validate.\n`
            : `Changed since ${cli.changedSince}: validating ${affected.paths.join(' ')}\n`,
        );
      } else io.stderr(`Changed since ${cli.changedSince}: the chart or the harness changed, validating everything.\n`);
    }
    result = await runHarness(cli.options);
  } catch (err) {
    if (err instanceof HarnessError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    io.stderr(
      `error: the harness failed unexpectedly: ${(err as Error).message}\n` +
        'Please report this with the command you ran.\n',
    );
    return 2;
  }
  let code = 0;
  if (cli.cluster !== 'none') {
    // The tier needs the documents the static checks found; its findings join the same report.
    const { runClusterFromCli } = await import('./cluster-cli.ts');
    code = await runClusterFromCli(cli, result, io);
    if (cli.plan) return code;
    result.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  }
  const text = render(
    cli.format,
    result,
    lineReader(io.cwd, cli.options.maxFileBytes),
    io.isTTY && !io.env['NO_COLOR'],
  );
  if (text) io.stdout(`${text}\n`);
  writeStepSummary(cli, result, io);
  if (code !== 2 && result.findings.some((f) => f.severity === 'error')) code = 1;
  const line = closingLine(summarize(result));
  if (cli.format === 'pretty') io.stdout(`${line}\n`);
  else io.stderr(`${line}\n`);
  return code;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
// No top-level await: the launcher runs the bundle as a classic script (launch-script.mjs).
if (isEntry)
  void main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
