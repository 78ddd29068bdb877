// The CLI: arguments and config → runHarness → report. The only place that sets the exit code:
// 0 clean, 1 findings of severity error, 2 the harness could not run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HarnessError, MAX_FILE_BYTES } from './files.ts';
import { closingLine, FORMATS, render, summarize, type Format } from './report.ts';
import { runHarness, type HarnessOptions, type HarnessResult } from './run.ts';

export const DEFAULT_PATHS = ['docs', 'examples', 'chart/README.md'];
export const DEFAULT_KUBE_VERSION = '1.32.0';
export const CONFIG_FILE = 'harness.config.json';

export const HELP = `Validate every YAML example in the docs, the examples and the chart README.

Usage: npm run validate -- [PATH ...] [options]
       npx tsx scripts/harness/cli.ts validate [PATH ...] [options]

PATH is a Markdown/MDX page, a YAML file or a folder (searched recursively).
Default: ${DEFAULT_PATHS.join(' ')}

Options:
  --format pretty|json|junit|github
                      Output on stdout (default pretty). json follows the version 1
                      contract in DESIGN.md; github prints workflow annotations.
  --kube-version X.Y.Z
                      Kubernetes version to validate for (default ${DEFAULT_KUBE_VERSION}): APIs removed
                      by then are errors, and the chart is rendered for it.
  --schema-location DIR|TEMPLATE
                      Extra schema source, repeatable: a folder in the CRDs-catalog
                      layout ({group}/{kind}_{version}.json) or a kubeconform-style
                      template such as DIR/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json
  --crd FILE|DIR      CustomResourceDefinition manifests whose schemas to use, repeatable.
  --strict-missing    A document with no schema is an error, not a warning.
  --offline           Never download missing schemas from the public CRDs catalog
                      (also: GHOSTWIRE_OFFLINE=1).
  --chart DIR         The chart to render values with (default chart).
  --no-crossref       Skip the cross-checks of examples against the chart.
  --no-cache          Render the chart every time instead of reusing renders kept in
                      node_modules/.cache/ghostwire/renders (keyed by helm version,
                      chart content, release, namespace and values).
  --cluster kind|current|none
                      Also install the chart and apply the examples to a cluster
                      (default none). kind creates a throwaway cluster; current uses
                      the current kubeconfig context inside a throwaway namespace.
  --plan              With --cluster: print every command it would run, run nothing.
  --yes               With --cluster current: allow a context that looks like production.
  --cluster-timeout S Seconds to wait for pods and helm (default 300).
  -h, --help          Show this help.

Exit codes: 0 no errors, 1 errors found, 2 the harness could not run.
Config: ${CONFIG_FILE} may list "schemaLocations" searched before the cache.
`;

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

export interface ParsedCli {
  options: HarnessOptions;
  format: Format;
  cluster: 'kind' | 'current' | 'none';
  plan: boolean;
  yes: boolean;
  clusterTimeout: number;
}

function readConfig(cwd: string): { schemaLocations: string[] } {
  const f = path.join(cwd, CONFIG_FILE);
  if (!existsSync(f)) return { schemaLocations: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(f, 'utf8'));
  } catch (err) {
    throw new HarnessError(`${CONFIG_FILE} is not valid JSON: ${(err as Error).message}`);
  }
  const locs = (raw as { schemaLocations?: unknown }).schemaLocations;
  if (locs !== undefined && !(Array.isArray(locs) && locs.every((l) => typeof l === 'string')))
    throw new HarnessError(`${CONFIG_FILE}: "schemaLocations" must be a list of folders or templates.`);
  return { schemaLocations: (locs as string[] | undefined) ?? [] };
}

/** node:util's parseArgs with the validate command's options. */
function parseArgsWithOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'pretty' },
      'kube-version': { type: 'string', default: DEFAULT_KUBE_VERSION },
      'schema-location': { type: 'string', multiple: true, default: [] },
      crd: { type: 'string', multiple: true, default: [] },
      'strict-missing': { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      chart: { type: 'string', default: 'chart' },
      'no-crossref': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      cluster: { type: 'string', default: 'none' },
      plan: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      'cluster-timeout': { type: 'string', default: '300' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** Parses argv (after the `validate` word) into options; throws HarnessError on a bad option. */
export function parseCli(argv: string[], io: Pick<CliIo, 'cwd' | 'env'>): ParsedCli | 'help' {
  let parsed: ReturnType<typeof parseArgsWithOptions>;
  try {
    parsed = parseArgsWithOptions(argv);
  } catch (err) {
    throw new HarnessError(`${(err as Error).message.split('\n')[0]}. Run with --help for the options.`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const format = v.format as Format;
  if (!FORMATS.includes(format))
    throw new HarnessError(`--format must be one of ${FORMATS.join(', ')}, not "${v.format}".`);
  if (!/^v?\d+\.\d+(\.\d+)?$/.test(v['kube-version']))
    throw new HarnessError(`--kube-version must look like 1.32.0, not "${v['kube-version']}".`);
  const cluster = v.cluster as ParsedCli['cluster'];
  if (!['kind', 'current', 'none'].includes(cluster))
    throw new HarnessError(`--cluster must be kind, current or none, not "${v.cluster}".`);
  const timeout = Number(v['cluster-timeout']);
  if (!Number.isInteger(timeout) || timeout <= 0)
    throw new HarnessError(`--cluster-timeout must be a whole number of seconds, not "${v['cluster-timeout']}".`);
  const config = readConfig(io.cwd);
  const kubeVersion =
    v['kube-version'].replace(/^v/, '').split('.').length === 2
      ? `${v['kube-version'].replace(/^v/, '')}.0`
      : v['kube-version'].replace(/^v/, '');
  const envLocations = (io.env['GHOSTWIRE_SCHEMA_LOCATIONS'] ?? '').split(path.delimiter).filter(Boolean);
  return {
    format,
    cluster,
    plan: v.plan,
    yes: v.yes,
    clusterTimeout: timeout,
    options: {
      paths: parsed.positionals.length > 0 ? parsed.positionals : DEFAULT_PATHS,
      cwd: io.cwd,
      kubeVersion,
      schemaLocations: [...v['schema-location'], ...envLocations, ...config.schemaLocations],
      crdPaths: v.crd,
      strictMissing: v['strict-missing'],
      online: !v.offline && io.env['GHOSTWIRE_OFFLINE'] !== '1',
      cacheDir: path.join(io.cwd, 'node_modules', '.cache', 'ghostwire', 'crd-schemas'),
      chartDir: v.chart,
      crossref: !v['no-crossref'],
      renderCacheDir:
        v['no-cache'] || io.env['GHOSTWIRE_NO_CACHE'] === '1'
          ? undefined
          : path.join(io.cwd, 'node_modules', '.cache', 'ghostwire', 'renders'),
    },
  };
}

function lineReader(cwd: string): (file: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        // Code frames only for files the harness reads itself: not the huge or binary ones it refused.
        const abs = path.resolve(cwd, file);
        cache.set(file, statSync(abs).size > MAX_FILE_BYTES ? undefined : readFileSync(abs, 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
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
    result = await runHarness(cli.options);
  } catch (err) {
    if (err instanceof HarnessError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    io.stderr(
      `error: the harness failed unexpectedly: ${(err as Error).message}\nPlease report this with the command you ran.\n`,
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
  const text = render(cli.format, result, lineReader(io.cwd), io.isTTY && !io.env['NO_COLOR']);
  if (text) io.stdout(`${text}\n`);
  if (code !== 2 && result.findings.some((f) => f.severity === 'error')) code = 1;
  const line = closingLine(summarize(result));
  if (cli.format === 'pretty') io.stdout(`${line}\n`);
  else io.stderr(`${line}\n`);
  return code;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  const code = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
}
