// Where the repository's data lives (schemas/, the allowlist, the per-minor API data). From
// the TypeScript sources it is two folders up; a bundle built by launch.mjs lives elsewhere,
// so the launcher tells it the root.
import path from 'node:path';

interface LaunchInfo {
  root: string;
}

const launched = (globalThis as { __ghostwireHarness?: LaunchInfo }).__ghostwireHarness;

export const PROJECT_ROOT: string = launched?.root ?? path.resolve(import.meta.dirname, '..', '..');
