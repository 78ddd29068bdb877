// Finds the scenarios on disk (edge): the chart defaults, and every folder
// under examples/ with a values.yaml; a .ghostwire.yaml beside it may name the
// release. File access is injected so that tests need no disk.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { Scenario } from './types.ts';
import { installOrders, walkthroughOf } from './walkthrough.ts';

export interface ScenarioFs {
  listDirs(dir: string): Promise<string[]>;
  /** The file's text, or undefined when it does not exist. */
  read(file: string): Promise<string | undefined>;
}

export const diskFs: ScenarioFs = {
  async listDirs(dir) {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  },
  async read(file) {
    try {
      if (!(await stat(file)).isFile()) return undefined;
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const asObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function parseValues(text: string | undefined, file: string): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    return asObject(parse(text));
  } catch (err) {
    throw new Error(`${file} is not valid YAML: ${(err as Error).message}`);
  }
}

/**
 * The chart defaults (values from `<chartDir>/values.yaml`, installed without
 * -f) and each `<examplesDir>/<s>/values.yaml`, sorted by name. Paths are
 * relative to the working directory, with forward slashes.
 */
export async function discoverScenarios(
  opts: { examplesDir?: string; chartDir?: string; page?: string; fs?: ScenarioFs } = {},
): Promise<Scenario[]> {
  const fs = opts.fs ?? diskFs;
  const examples = opts.examplesDir ?? 'examples';
  const chart = opts.chartDir ?? 'chart';
  // The page whose "Install order" sections the kind target runs as written.
  const page = opts.page ?? 'docs/integration-examples.mdx';
  const pageText = await fs.read(page);
  const orders = pageText === undefined ? [] : installOrders('docs/integration-examples.mdx', pageText);
  const scenarios: Scenario[] = [
    { name: 'defaults', values: parseValues(await fs.read(`${chart}/values.yaml`), `${chart}/values.yaml`) },
  ];
  for (const name of (await fs.listDirs(examples)).sort()) {
    const valuesFile = path.posix.join(examples, name, 'values.yaml');
    const text = await fs.read(valuesFile);
    if (text === undefined) continue;
    const meta = asObject(
      asObject(
        parseValues(await fs.read(path.posix.join(examples, name, '.ghostwire.yaml')), `${name}/.ghostwire.yaml`),
      )['ghostwire'],
    );
    const release = typeof meta['release'] === 'string' && meta['release'] ? meta['release'] : undefined;
    const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] ? meta['namespace'] : undefined;
    const walkthrough = walkthroughOf(orders, name);
    scenarios.push({
      name,
      valuesFile,
      values: parseValues(text, valuesFile),
      ...(release ? { release } : {}),
      ...(namespace ? { namespace } : {}),
      ...(walkthrough ? { walkthrough } : {}),
    });
  }
  return scenarios;
}
