// Where the repository's data lives (schemas/, the allowlist, the per-minor API data). From
// the TypeScript sources it is two folders up; a bundle built by launch.mjs lives elsewhere,
// so the launcher tells it the root.
import path from 'node:path';

interface LaunchInfo {
  root: string;
  /** The bundled extract-worker script, built beside the CLI bundle (see extract-pool.ts). */
  extractWorker?: string;
  /**
   * Runs the bundle of kubernetes-models' validators, built beside the CLI bundle (a classic
   * script, with its code cache; see validator-modules.ts), and returns its exports.
   */
  loadValidators?: () => unknown;
  /** `import()` for the bundle, a classic script that cannot import by itself. */
  importModule?: (specifier: string) => Promise<unknown>;
}

const launched = (globalThis as { __ghostwireHarness?: LaunchInfo }).__ghostwireHarness;

export const PROJECT_ROOT: string = launched?.root ?? path.resolve(import.meta.dirname, '..', '..');

/** The worker script for page extraction, when the harness runs from the launcher's bundle. */
export const EXTRACT_WORKER: string | undefined = launched?.extractWorker;

/** Loads the validators bundle the launcher built, if there is one. */
export const LOAD_VALIDATORS: (() => unknown) | undefined = launched?.loadValidators;

/** Imports an ES module: through the launcher when running from its bundle, natively from the sources. */
export const importModule: (specifier: string) => Promise<unknown> =
  launched?.importModule ?? ((specifier) => import(specifier));
