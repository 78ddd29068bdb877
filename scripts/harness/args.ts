// The validate command's arguments and config file → options. Pure but for reading
// harness.config.json and checking that the chart folder exists; throws HarnessError
// (exit 2) with what to do on anything it cannot use.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HarnessError, MAX_FILE_BYTES, formatSize, parseSize } from './files.ts';
import { FORMATS, type Format } from './report.ts';
import type { HarnessOptions } from './run.ts';

export const DEFAULT_PATHS = ['docs', 'examples', 'chart/README.md'];
export const DEFAULT_KUBE_VERSION = '1.32.0';
export const CONFIG_FILE = 'harness.config.json';

export const HELP = `Validate every YAML example in the docs, the examples and the chart README.

Usage: npm run validate -- [PATH ...] [options]
       npx tsx scripts/harness/cli.ts validate [PATH ...] [options]

PATH is a Markdown/MDX page, a YAML or JSON file, or a folder (searched recursively for
.md, .mdx, .yaml and .yml; .json only when named). A file alone gets the verdict of the
whole run: a page with the files it imports, a partial through the pages importing it, an
example with its folder's .ghostwire.yaml, values.yaml and sibling files; a .ghostwire.yaml
stands for its folder. Default: ${DEFAULT_PATHS.join(' ')}

Options:
  --format pretty|json|junit|github
                      Output on stdout (default pretty). json follows the versioned
                      contract in scripts/harness/README.md; github prints workflow
                      annotations and a Markdown summary. With $GITHUB_STEP_SUMMARY set,
                      every format also appends that summary to the job summary.
  --changed-since REF Validate only what the changes since git REF affect (changed pages,
                      pages importing changed partials or examples, example folders with
                      changed files; everything when chart/ or the harness changed).
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
  --chart DIR         The chart to render values with (default chart); it must exist.
  --max-file-size N   Larger files are reported as FILE_TOO_LARGE, not read
                      (default ${formatSize(MAX_FILE_BYTES)}; units B, KiB, MiB, KB, MB).
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

export interface ParsedCli {
  options: HarnessOptions;
  /** --changed-since: the paths are worked out from git before the run. */
  changedSince?: string;
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

/** The chart renders values and anchors the cross-checks: without it the run would skip them silently. */
function checkChart(dir: string, cwd: string): void {
  const abs = path.resolve(cwd, dir);
  if (!existsSync(abs))
    throw new HarnessError(`--chart ${dir}: no such folder. Pass the folder that holds Chart.yaml (default chart).`);
  if (!existsSync(path.join(abs, 'Chart.yaml')) || !existsSync(path.join(abs, 'values.yaml')))
    throw new HarnessError(
      `--chart ${dir}: not a Helm chart (Chart.yaml and values.yaml are needed). Pass the chart's folder.`,
    );
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
      'changed-since': { type: 'string' },
      'max-file-size': { type: 'string' },
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
export function parseCli(argv: string[], io: { cwd: string; env: NodeJS.ProcessEnv }): ParsedCli | 'help' {
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
  const maxFileBytes = v['max-file-size'] === undefined ? MAX_FILE_BYTES : parseSize(v['max-file-size']);
  if (maxFileBytes === undefined)
    throw new HarnessError(`--max-file-size must be a size such as 2MiB or 500KiB, not "${v['max-file-size']}".`);
  if (v['changed-since'] !== undefined && parsed.positionals.length > 0)
    throw new HarnessError('--changed-since works out the paths itself; pass either PATHs or --changed-since.');
  checkChart(v.chart, io.cwd);
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
    changedSince: v['changed-since'],
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
      maxFileBytes,
      renderCacheDir:
        v['no-cache'] || io.env['GHOSTWIRE_NO_CACHE'] === '1'
          ? undefined
          : path.join(io.cwd, 'node_modules', '.cache', 'ghostwire', 'renders'),
    },
  };
}
