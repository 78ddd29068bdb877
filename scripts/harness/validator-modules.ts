// Loads the precompiled validators of kubernetes-models. Each is an ES module importing a few
// dozen others (a run over the repository loads about 200); resolving and linking them one by
// one cost about 0.1 s a run. The launcher therefore bundles them all, minified, into one script
// beside the CLI bundle (validators-*.cjs, about 2.5 MB, run with a code cache by
// launch-script.mjs), where a validator's code runs only when it is first asked for. Without
// that file (sources run through tsx, tests) they are imported from node_modules as before. Either way, the validators share one format table,
// and that table's `byte` format is aligned with Go's base64 before any validator runs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AjvLikeError } from './schema-errors.ts';
import { importModule, LOAD_VALIDATORS } from './root.ts';

export type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };
type Formats = Record<string, { validate: unknown }>;

interface ValidatorsBundle {
  formats: Formats;
  /** Lazy loaders, keyed by the module's path inside node_modules without `.js`. */
  schemas: Record<string, () => Promise<{ validate: ValidateFn }>>;
}

/** Standard base64 with padding, as Go's encoding/base64 reads it: `\r` and `\n` anywhere are skipped. */
const GO_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
export const isGoBase64 = (value: string): boolean => GO_BASE64.test(value.replace(/[\r\n]/g, ''));

/**
 * The validators check `format: byte` with a plain base64 pattern, which refuses a Secret's
 * `data` written as a wrapped block (a certificate, say). kubectl sends it, and the API server
 * decodes it with Go's base64, which skips line breaks; the shared format is aligned with that.
 */
function align(formats: Formats): void {
  if (formats['byte']) formats['byte'].validate = (v: string) => isGoBase64(v);
}

let bundle: Promise<ValidatorsBundle | undefined> | undefined;
let nodeModulesAligned: Promise<void> | undefined;

function validatorsBundle(load = LOAD_VALIDATORS): Promise<ValidatorsBundle | undefined> {
  bundle ??= load
    ? Promise.resolve()
        .then(() => load() as ValidatorsBundle)
        .then(
          (b) => {
            align(b.formats);
            return b;
          },
          () => undefined, // An unreadable bundle: the modules in node_modules still work.
        )
    : Promise.resolve(undefined);
  return bundle;
}

/** The copy of the format table that kubernetes-models imports from node_modules (npm deduplicates it). */
function alignNodeModules(): Promise<void> {
  nodeModulesAligned ??= importModule('@kubernetes-models/validate').then((m) =>
    align((m as unknown as { formats: Formats }).formats),
  );
  return nodeModulesAligned;
}

/** The key of a validator module in the bundle: its path after the last node_modules/, without `.js`. */
export function bundleKey(file: string): string {
  const parts = file.split(path.sep).join('/').split('/node_modules/');
  return (parts.at(-1) ?? '').replace(/\.js$/, '');
}

/** The `validate` of a validator module, given its file in node_modules. */
export async function validatorModule(file: string): Promise<ValidateFn> {
  const fromBundle = (await validatorsBundle())?.schemas[bundleKey(file)];
  if (fromBundle) return (await fromBundle()).validate;
  await alignNodeModules();
  return ((await importModule(pathToFileURL(file).href)) as { validate: ValidateFn }).validate;
}
