// Options for running the harness in tests: offline, with the pre-filled CRD schema
// cache from ../shared when it is there (it always is in CI).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HarnessOptions } from '../../scripts/harness/run.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const sharedSchemas = path.resolve(repoRoot, '..', 'shared', 'crd-schemas');
export const hasSharedSchemas = existsSync(sharedSchemas);

export function harnessOptions(paths: string[], over: Partial<HarnessOptions> = {}): HarnessOptions {
  return {
    paths,
    cwd: repoRoot,
    kubeVersion: '1.32.0',
    schemaLocations: hasSharedSchemas ? [sharedSchemas] : [],
    crdPaths: [],
    strictMissing: false,
    online: false,
    cacheDir: path.join(repoRoot, 'node_modules', '.cache', 'ghostwire', 'test-crd-schemas'),
    chartDir: 'chart',
    crossref: true,
    ...over,
  };
}
