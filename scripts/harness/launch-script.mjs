// Runs the launcher's CommonJS bundles (the CLI and kubernetes-models' validators) with a V8
// code cache beside them. Node 20 keeps no compile cache for ES modules, so every start
// compiled some 5 MB of bundled JavaScript again (about 0.15 s), and each function again the
// first time it ran. A classic script compiled through node:vm can be given V8's cached data
// instead: the bytecode of every function the previous run compiled.
//
// The cache can change no verdict: it is the compiled form of the very text being run. V8
// itself refuses data from another V8 version or other flags (the script is then compiled as
// usual), and the file is named after a hash of the script's text, because V8's own check of
// the source is only its length.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** The names the bundles use for `import.meta` (esbuild's `define` in launch.mjs). */
export const IMPORT_META = {
  'import.meta.url': '__ghostwireMetaUrl',
  'import.meta.dirname': '__ghostwireMetaDirname',
  'import.meta.filename': '__ghostwireMetaFilename',
};
const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', ...Object.values(IMPORT_META)];

/**
 * Where the code cache of a script text lives: beside it, named after the text, the V8 flags
 * it runs with, V8 and the platform. V8 refuses data made under other flags; keeping one file
 * per set of flags saves runs with different ones from overwriting each other's.
 */
export function codeCacheFile(file, source, flags = '') {
  const hash = createHash('sha256').update(source).update('\0').update(flags).digest('hex').slice(0, 16);
  const v8 = process.versions.v8.replace(/[^\w.-]/g, '_');
  return `${file}.${hash}.${v8}-${process.arch}.v8cache`;
}

/** V8's own flags among the options Node accepts in NODE_OPTIONS. */
const V8_IN_NODE_OPTIONS = new Set([
  '--abort-on-uncaught-exception',
  '--disallow-code-generation-from-strings',
  '--huge-max-old-generation-size',
  '--interpreted-frames-native-stack',
  '--jitless',
  '--max-old-space-size',
  '--max-semi-space-size',
  '--stack-trace-limit',
]);

/**
 * The options this process was started with that may be V8 flags (Node's own, such as
 * `--v8-pool-size` or `--input-type`, change no compiled code), and NODE_OPTIONS.
 */
export function runFlags(env = process.env, execArgv = process.execArgv) {
  const v8Flag = (arg) => {
    const name = arg.split('=')[0];
    return V8_IN_NODE_OPTIONS.has(name) || !process.allowedNodeEnvironmentFlags.has(name);
  };
  const words = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return words.filter((a) => a.startsWith('--') && v8Flag(a)).join(' ');
}

/** How each script of this process was compiled, for tests and `--debug`-style checks. */
export const compiled = new Map();
const pending = new Map();
let hooked = false;

/** Writes a file whole or not at all (a temporary name, then a rename), so a concurrent run never reads half of it. */
export function writeAtomically(file, contents) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}`);
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/** Writes the code caches still missing when the process exits (after the run, so they hold every function it compiled). */
function writePending() {
  for (const [cacheFile, script] of pending) {
    try {
      writeAtomically(cacheFile, script.createCachedData());
    } catch {
      // A read-only tree: the next run compiles as this one did.
    }
  }
  pending.clear();
}

/**
 * Runs a CommonJS bundle and returns its exports. `GHOSTWIRE_NO_CODE_CACHE=1` compiles it
 * without the cache and writes none.
 */
export function runScript(file, env = process.env, flags = runFlags(env)) {
  const source = readFileSync(file, 'utf8');
  const useCache = env.GHOSTWIRE_NO_CODE_CACHE !== '1';
  const cacheFile = useCache ? codeCacheFile(file, source, flags) : undefined;
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // None yet (or unreadable): compiled as usual, and written when the run ends.
  }
  const script = new vm.Script(`(function (${PARAMS.join(', ')}) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const state = !cacheFile ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  compiled.set(file, state);
  if (cacheFile && state !== 'used') {
    pending.set(cacheFile, script);
    if (!hooked) {
      hooked = true;
      process.once('exit', writePending);
    }
  }
  const module = { exports: {} };
  const dir = path.dirname(file);
  script.runInThisContext()(
    module.exports,
    createRequire(file),
    module,
    file,
    dir,
    pathToFileURL(file).href,
    dir,
    file,
  );
  return module.exports;
}
