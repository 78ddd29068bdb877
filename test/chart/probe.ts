// Internal to the chart tests: a throwaway copy of the chart with one extra
// template that calls a helper with canned cluster state. `helm template`
// cannot fake `lookup`, so the chart keeps each lookup in a thin wrapper and the
// logic in a helper taking the looked-up objects; the probe calls that helper.
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { CHART_DIR } from './render';

export interface Probe {
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * Copies the chart and adds templates/zz-probe.yaml with `template` (Go
 * template text) and probe/<name> files holding `files` as YAML.
 */
export async function makeProbe(template: string, files: Record<string, unknown>): Promise<Probe> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-probe-'));
  const dir = path.join(root, 'ghostwire');
  await cp(CHART_DIR, dir, { recursive: true });
  await writeFile(path.join(dir, 'templates', 'zz-probe.yaml'), template);
  await mkdir(path.join(dir, 'probe'), { recursive: true });
  for (const [name, value] of Object.entries(files)) await writeFile(path.join(dir, 'probe', name), stringify(value));
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
