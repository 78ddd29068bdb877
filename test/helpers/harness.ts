// Options for running the harness in tests: offline, with the schemas that ship in the
// repository (schemas/), as the CLI runs by default. Nothing outside the repository.
import path from 'node:path';
import type { HarnessOptions } from '../../scripts/harness/run.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function harnessOptions(paths: string[], over: Partial<HarnessOptions> = {}): HarnessOptions {
  return {
    paths,
    cwd: repoRoot,
    kubeVersion: '1.32.0',
    schemaLocations: [],
    crdPaths: [],
    strictMissing: true,
    online: false,
    cacheDir: path.join(repoRoot, 'node_modules', '.cache', 'ghostwire', 'test-crd-schemas'),
    chartDir: 'chart',
    crossref: true,
    ...over,
  };
}
