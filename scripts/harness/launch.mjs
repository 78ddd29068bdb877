#!/usr/bin/env node
// Starts the harness CLI (`npm run validate`) from one JavaScript bundle of its TypeScript
// sources instead of transpiling some sixty modules through tsx at every start, which cost
// about a second per run. The bundle is built with esbuild (a dependency of tsx) into
// node_modules/.cache/ghostwire/harness/ and rebuilt when any file it was built from changes.
// The npm packages it uses are inside it too (resolving and loading some 600 ES modules cost
// 0.3 s a start), except those listed in EXTERNAL. The bundle is a CommonJS script, run with
// a V8 code cache beside it (launch-script.mjs). GHOSTWIRE_NO_BUNDLE=1, or a failed build,
// runs the sources through tsx as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import { IMPORT_META, runFlags, runScript, writeAtomically } from './launch-script.mjs';
import { buildValidators } from './launch-validators.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENTRY = path.join(ROOT, 'scripts', 'harness', 'cli.ts');
const WORKER_ENTRY = path.join(ROOT, 'scripts', 'harness', 'extract-worker.ts');
const LAUNCHER_FILES = ['launch.mjs', 'launch-script.mjs', 'launch-validators.mjs'];

/**
 * Packages loaded from node_modules at run time, not bundled: @kubernetes-models/validate holds
 * the format table the validators of kubernetes-models share (core-schemas.ts changes one
 * entry, which must be the copy they use), those validators are loaded by path, and the
 * cluster tier's packages are large and rarely needed.
 */
export const EXTERNAL = [
  'kubernetes-models',
  '@kubernetes-models/*',
  '@kubernetes/client-node',
  'playwright-core',
  'esbuild',
  'tsx',
];

/**
 * The hash of the given files' names and contents; undefined when one cannot be read. Files
 * inside node_modules count by size and modification time (npm rewrites what it installs),
 * which keeps the check at start-up cheap with some 600 of them.
 */
export function hashSources(root, files) {
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    try {
      const abs = path.join(root, f);
      h.update(`${f}\0`);
      if (f.split(/[\\/]/).includes('node_modules')) {
        const st = statSync(abs);
        h.update(`${st.size}:${st.mtimeMs}`);
      } else h.update(readFileSync(abs));
      h.update('\0');
    } catch {
      return undefined;
    }
  }
  return h.digest('hex');
}

/** The bundle a manifest names, if every source it lists still has the content it was built from. */
export function freshBundle(dir, root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(manifest?.inputs) || typeof manifest.hash !== 'string') return undefined;
  const inputs = [...manifest.inputs, ...(Array.isArray(manifest.validatorInputs) ? manifest.validatorInputs : [])];
  if (hashSources(root, inputs) !== manifest.hash) return undefined;
  return path.join(dir, manifest.bundle);
}

/** esbuild options both entries share; the CLI is a CommonJS script (see launch-script.mjs), the worker an ES module. */
function common(dir) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    metafile: true,
    write: false,
    logLevel: 'silent',
    outdir: dir,
  };
}

/**
 * Builds the bundle and its manifest (written last, atomically, so a half-built bundle is never used).
 * With the harness's own entry, the page-extraction worker (extract-worker.ts) and the
 * validators bundle (launch-validators.mjs) are built beside it.
 */
export async function buildBundle(dir, root, entry = ENTRY) {
  const { build } = await import('esbuild');
  const own = entry === ENTRY;
  const [cli, worker, validators] = await Promise.all([
    // A classic script, run through launch-script.mjs with a code cache: `import.meta` becomes
    // the wrapper's parameters, and `require` is the wrapper's own.
    build({
      ...common(dir),
      entryPoints: { cli: entry },
      format: 'cjs',
      define: IMPORT_META,
      outExtension: { '.js': '.cjs' },
    }),
    own
      ? build({
          ...common(dir),
          entryPoints: { 'extract-worker': WORKER_ENTRY },
          format: 'esm',
          // CommonJS packages inside an ES module bundle still call require() for Node's modules.
          banner: {
            js:
              "import { createRequire as __ghostwireRequire } from 'node:module';\n" +
              'const require = __ghostwireRequire(import.meta.url);',
          },
          outExtension: { '.js': '.mjs' },
        })
      : undefined,
    own ? buildValidators(build, root) : undefined,
  ]);
  const inputs = [...new Set([cli, worker].flatMap((r) => (r ? Object.keys(r.metafile.inputs) : [])))].map((f) =>
    path.relative(root, path.resolve(f)),
  );
  // The launcher's own files decide the bundles' form: a change to them rebuilds too.
  if (own) inputs.push(...LAUNCHER_FILES.map((f) => path.relative(root, path.join(import.meta.dirname, f))));
  const validatorInputs = validators?.inputs ?? [];
  const hash = hashSources(root, [...inputs, ...validatorInputs]);
  if (!hash) throw new Error('a source changed while the harness was being bundled');
  mkdirSync(dir, { recursive: true });
  const tag = hash.slice(0, 16);
  // The others first, so a manifest never names a bundle whose worker or validators are missing.
  if (worker) writeAtomically(path.join(dir, `extract-worker-${tag}.mjs`), worker.outputFiles[0].contents);
  if (validators) writeAtomically(path.join(dir, `validators-${tag}.cjs`), validators.contents);
  writeAtomically(path.join(dir, `cli-${tag}.cjs`), cli.outputFiles[0].contents);
  const bundle = `cli-${tag}.cjs`;
  const manifest = { bundle, hash, inputs, validatorInputs };
  writeAtomically(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  pruneBundles(dir, tag);
  return path.join(dir, bundle);
}

/**
 * Removes the bundles (and their code caches) of earlier builds, once they are ten minutes old:
 * a run that started from one a moment ago may still start its worker from it.
 */
export function pruneBundles(dir, keep, now = Date.now()) {
  for (const name of readdirSync(dir)) {
    const m = /^(?:cli|extract-worker|validators)-([0-9a-f]{16})\./.exec(name);
    if (!m || m[1] === keep) continue;
    try {
      const file = path.join(dir, name);
      if (now - statSync(file).mtimeMs > 10 * 60_000) rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** A file the launcher built beside a CLI bundle (`extract-worker`, `validators`), if it is there. */
export function beside(bundle, name) {
  const base = path
    .basename(bundle)
    .replace(/^cli-/, `${name}-`)
    .replace(/\.[cm]?js$/, '');
  for (const ext of ['.cjs', '.mjs']) {
    const file = path.join(path.dirname(bundle), base + ext);
    if (file !== bundle && existsSync(file)) return file;
  }
  return undefined;
}

/**
 * The CLI module (`main`, and `runHarness` for the benchmark): the bundle, fresh or rebuilt,
 * or the TypeScript entry through tsx.
 */
export async function loadCli(env = process.env) {
  const flags = heapFlags(process.execArgv, env);
  if (flags) v8.setFlagsFromString(flags);
  // The V8 flags the bundles are compiled under, which name their code caches.
  const scriptFlags = `${runFlags(env)} ${flags ?? ''}`;
  if (env.GHOSTWIRE_NO_BUNDLE !== '1') {
    const dir = env.GHOSTWIRE_BUNDLE_DIR ?? path.join(ROOT, 'node_modules', '.cache', 'ghostwire', 'harness');
    try {
      const file = freshBundle(dir, ROOT) ?? (await buildBundle(dir, ROOT));
      const validators = beside(file, 'validators');
      globalThis.__ghostwireHarness = {
        root: ROOT,
        extractWorker: beside(file, 'extract-worker'),
        // The bundle is a classic script: what it imports at run time comes through here.
        loadValidators: validators ? () => runScript(validators, env, scriptFlags) : undefined,
        importModule: (specifier) => import(specifier),
      };
      return runScript(file, env, scriptFlags);
    } catch {
      // No esbuild, a read-only tree, or a bundle that does not load: the sources still run.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(ENTRY).href);
}

/**
 * V8 flags for a run: the young generation grows four times per step instead of two. A run
 * allocates quickly from its start (YAML trees, parsed pages); with the default, many small
 * scavenges copy the same survivors again and again and promote them early, which costs a
 * full mark-sweep later. The flag is read whenever the young generation grows, so setting it
 * at start-up is enough. None when the user chose semi-space flags of their own.
 */
export function heapFlags(execArgv = process.execArgv, env = process.env) {
  const given = [...execArgv, env.NODE_OPTIONS ?? ''].join(' ');
  return given.includes('semi-space') ? undefined : '--semi-space-growth-factor=4';
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { main } = await loadCli(process.env);
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  });
}
