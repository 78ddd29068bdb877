// Chart values: check a values snippet against chart/values.schema.json, render the chart
// with it (each distinct values text once, a few at a time) and hand the rendered objects
// on for strict validation and the cross-checks.
import { Ajv, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { helmTemplate, resolveHelm, type HelmBinary } from './helm.ts';
import { fromAjvErrors, type SchemaError } from './schema-errors.ts';
import type { Finding } from './types.ts';
import { extractYamlFile } from './extract.ts';
import { formatPath, parseSnippet, pointerToPath } from './yamldoc.ts';
import { isMap } from './objects.ts';
import { HarnessError, writeCacheFile } from './files.ts';
import { PROJECT_ROOT } from './root.ts';

export interface ChartInfo {
  dir: string;
  defaults: Record<string, unknown>;
  /** The values schema's validator, compiled here on first use unless prepare() has made it. */
  validate?: ValidateFunction;
  /**
   * Starts compiling the values schema in a worker thread (once); resolves when `validate`
   * is ready without compiling in this thread. Never rejects: on any failure `validate`
   * compiles here as before, with the same errors.
   */
  prepare?: () => Promise<void>;
  /** The promise prepare() returned, once it was called. */
  readonly preparing?: Promise<void>;
}

export interface RenderedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The template it came from (`# Source: ghostwire/templates/x.yaml`). */
  source: string;
  object: Record<string, unknown>;
}

export interface Render {
  objects: RenderedObject[];
  error?: string;
}

export async function loadChart(dir: string): Promise<ChartInfo | undefined> {
  let defaultsText: string;
  try {
    defaultsText = await readFile(path.join(dir, 'values.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  // Read on first use, like the schema below: a run without values snippets needs neither.
  let defaults: Record<string, unknown> | undefined;
  const schemaFile = path.join(dir, 'values.schema.json');
  let schemaText: string | undefined;
  try {
    schemaText = await readFile(schemaFile, 'utf8');
  } catch {
    schemaText = undefined; // A chart without a values schema: helm checks nothing either.
  }
  let schema: object | undefined;
  if (schemaText !== undefined) {
    try {
      schema = JSON.parse(schemaText) as object;
    } catch (err) {
      throw new HarnessError(`${schemaFile} is not valid JSON (${(err as Error).message}); fix the chart's schema.`);
    }
  }
  // Compiled on first use: a run without values snippets never pays for it.
  let validate: ValidateFunction | undefined;
  let preparing: Promise<void> | undefined;
  return {
    dir,
    get defaults() {
      defaults ??= (parse(defaultsText) ?? {}) as Record<string, unknown>;
      return defaults;
    },
    get validate() {
      if (schema && schemaText !== undefined) validate ??= compileValuesSchema(schemaFile, schema, schemaText);
      return validate;
    },
    get preparing() {
      return preparing;
    },
    prepare() {
      const text = schemaText;
      preparing ??=
        text === undefined || validate || cachedValidator(text)
          ? Promise.resolve()
          : compileInWorker(text).then((code) => {
              if (code !== undefined) validate ??= fromStandalone(code, text);
            });
      return preparing;
    },
  };
}

/** The options the chart's values schema is compiled with, here and in the worker. */
const AJV_OPTIONS = { allErrors: true, strict: false, logger: false } as const;

/** Where the generated code of a values schema is kept (keyed by its text and ajv's version). */
function validatorCacheFile(text: string): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const key = createHash('sha256').update(`${ajvVersion}\0${text}`).digest('hex').slice(0, 24);
  return path.join(PROJECT_ROOT, 'node_modules', '.cache', 'ghostwire', 'values-validators', `${key}.cjs`);
}

const validatorCacheOn = () => process.env['GHOSTWIRE_NO_CACHE'] !== '1';

/** Whether the cache already holds this schema's validator (then nothing needs compiling). */
function cachedValidator(text: string): boolean {
  return validatorCacheOn() && existsSync(validatorCacheFile(text));
}

function storeValidator(text: string, code: string): void {
  if (!validatorCacheOn()) return;
  try {
    const cached = validatorCacheFile(text);
    mkdirSync(path.dirname(cached), { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, cached);
  } catch {
    // A read-only tree only loses the cache.
  }
}

/** A validator from ajv's standalone code (a CommonJS module that requires ajv's runtime). */
function fromStandalone(code: string, text: string): ValidateFunction | undefined {
  try {
    const module = { exports: {} as unknown };
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    storeValidator(text, code);
    return module.exports as ValidateFunction;
  } catch {
    return undefined;
  }
}

/**
 * The worker thread: ajv from the project's node_modules compiles the schema to standalone
 * code (what the cache holds). Its answer is the code, or nothing when the schema does not
 * compile (the main thread then compiles it and reports why).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const req = createRequire(workerData.root + '/package.json');
try {
  const { Ajv } = req('ajv');
  const standaloneCode = req('ajv/dist/standalone/index.js').default;
  const ajv = new Ajv({ ...workerData.options, code: { source: true, optimize: false } });
  parentPort.postMessage(standaloneCode(ajv, ajv.compile(JSON.parse(workerData.text))));
} catch {
  parentPort.postMessage(null);
}
`;

/**
 * Compiles a values schema in a worker thread, so the page parse goes on meanwhile (the
 * compile is a quarter of a second, and renders wait for it). Undefined when it cannot.
 */
function compileInWorker(text: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER, {
        eval: true,
        workerData: { root: PROJECT_ROOT, text, options: AJV_OPTIONS },
        stdout: true,
        stderr: true,
      });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (code: unknown) => resolve(typeof code === 'string' ? code : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

const require = createRequire(import.meta.url);

/**
 * The chart schema's validator. Compiling it with ajv takes about a quarter of a second, so the
 * generated code is kept in node_modules/.cache/ghostwire/values-validators/ (keyed by the
 * schema text and the ajv version) and loaded from there on later runs. GHOSTWIRE_NO_CACHE=1
 * compiles every time.
 */
function compileValuesSchema(file: string, schema: object, text: string): ValidateFunction {
  const useCache = validatorCacheOn();
  if (useCache) {
    try {
      return require(validatorCacheFile(text)) as ValidateFunction;
    } catch {
      // Not compiled yet (or unreadable): compile below.
    }
  }
  // No optimisation passes over the generated code: they only drop dead branches and unused
  // variables and inline constants (ajv's release notes for 7.0.0), and cost a third of the
  // compile; the source text is kept only for the cache.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: useCache, optimize: false } });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new HarnessError(`${file} is not a usable JSON Schema: ${(err as Error).message}`);
  }
  if (useCache) storeValidator(text, standaloneCode(ajv, validate));
  return validate;
}

/** Helm's coalescing: maps merge key by key, anything else replaces, null removes the key. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeValues(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** Schema errors of the merged values, located in the snippet where the snippet sets that path. */
export function checkValues(chart: ChartInfo, values: Record<string, unknown>): SchemaError[] {
  if (!chart.validate) return [];
  const merged = mergeValues(chart.defaults, values);
  return chart.validate(merged) ? [] : fromAjvErrors(chart.validate.errors ?? [], (p) => pointerToPath(p, merged));
}

export function valuesFindings(
  errors: readonly SchemaError[],
  file: string,
  locate: (p: (string | number)[]) => { line: number; column: number },
): Finding[] {
  return errors.map((e) => {
    const at = locate(e.path);
    const where = formatPath(e.path) || '(values)';
    const hint =
      e.code === 'UNKNOWN_FIELD'
        ? ' The chart has no such key; see chart/README.md for the values it takes.'
        : ' See chart/values.yaml for what this key takes.';
    return {
      code: `VALUES_${e.code}`,
      severity: 'error',
      file,
      ...at,
      path: where,
      message: `Chart values: ${where} ${e.message}.${hint}`,
    };
  });
}

/**
 * Reads `helm template` output as kubectl would (the fast reader, with the careful path for
 * what it declines). Output helm printed but no YAML reader accepts is an error of its own.
 */
export function parseRendered(text: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  const parsed = parseSnippet(extractYamlFile('helm template', text));
  const bad = parsed.findings[0];
  if (bad) throw new Error(`helm template printed YAML that cannot be read (line ${bad.line}): ${bad.message}`);
  for (const doc of parsed.docs) {
    const v = doc.value;
    if (!isMap(v) || typeof v['apiVersion'] !== 'string' || typeof v['kind'] !== 'string') continue;
    const meta = isMap(v['metadata']) ? v['metadata'] : {};
    const source = /Source:\s*(\S+)/.exec(doc.leadingComment)?.[1] ?? '';
    out.push({
      apiVersion: v['apiVersion'],
      kind: v['kind'],
      name: String(meta['name'] ?? ''),
      namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined,
      source: source.trim(),
      object: v,
    });
  }
  return out;
}

/** Renders the chart once per distinct (release, namespace, values); at most `concurrency` helm processes at a time. */
export class ChartRenderer {
  private readonly cache = new Map<string, Promise<Render>>();
  private readonly asked = new Set<string>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private helm?: Promise<HelmBinary>;

  private chartHash?: Promise<string>;

  /**
   * @param cacheDir where rendered output is kept, keyed by helm version, chart content,
   *   release, namespace and values; undefined renders every time.
   */
  constructor(
    readonly chart: ChartInfo,
    private readonly cacheDir?: string,
    /** Passed to `helm template --kube-version`, so `.Capabilities` and the chart's kubeVersion apply. */
    private readonly kubeVersion?: string,
    private readonly concurrency = 4,
  ) {}

  render(release: string, namespace: string, values: Record<string, unknown>): Promise<Render> {
    return this.start(release, namespace, values, true);
  }

  /**
   * Starts a render the run will probably ask for, so helm works on the other core while
   * pages are still being parsed; render() with the same arguments then takes it over. A
   * prefetched render nobody asks for is not counted in `renders`.
   */
  prefetch(release: string, namespace: string, values: Record<string, unknown>): void {
    void this.start(release, namespace, values, false);
  }

  /**
   * Finds helm now, before the pages are parsed: each of its few asynchronous steps would
   * otherwise wait for the end of a page's parse (the parse holds this thread), which put the
   * first render half a second late.
   */
  resolveHelm(): void {
    this.helm ??= resolveHelm();
    this.helm.catch(() => undefined); // Reported by the render that needs it.
  }

  private start(release: string, namespace: string, values: Record<string, unknown>, asked: boolean) {
    const text = Object.keys(values).length ? stringify(values) : '';
    const key = `${release}\0${namespace}\0${text}`;
    if (asked) this.asked.add(key);
    let p = this.cache.get(key);
    if (!p) {
      p = this.limited(() => this.renderOnce(release, namespace, text));
      this.cache.set(key, p);
    }
    return p;
  }

  /** Distinct renders the run asked for. */
  get renders(): number {
    return this.asked.size;
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async renderOnce(release: string, namespace: string, valuesText: string): Promise<Render> {
    try {
      this.helm ??= resolveHelm();
      const helm = await this.helm;
      const cached = this.cacheDir
        ? path.join(this.cacheDir, `${await this.key(helm, release, namespace, valuesText)}.yaml`)
        : undefined;
      if (cached) {
        const hit = await readFile(cached, 'utf8').catch(() => undefined);
        if (hit !== undefined) return { objects: parseRendered(hit) };
      }
      const out = await helmTemplate(helm, {
        chartDir: this.chart.dir,
        release,
        namespace,
        valuesYaml: valuesText ? [valuesText] : [],
        extraArgs: this.kubeVersion ? ['--kube-version', this.kubeVersion] : [],
      });
      if (cached) await writeCacheFile(cached, out);
      return { objects: parseRendered(out) };
    } catch (err) {
      return { objects: [], error: (err as Error).message };
    }
  }

  private async key(helm: HelmBinary, release: string, namespace: string, valuesText: string): Promise<string> {
    this.chartHash ??= hashTree(this.chart.dir);
    return createHash('sha256')
      .update([helm.version, await this.chartHash, this.kubeVersion ?? '', release, namespace, valuesText].join('\0'))
      .digest('hex')
      .slice(0, 32);
  }
}

/** Hash of every file in the chart folder, so any template or values change misses the cache. */
async function hashTree(dir: string): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile())
        h.update(path.relative(dir, p))
          .update('\0')
          .update(await readFile(p))
          .update('\0');
    }
  };
  await walk(dir);
  return h.digest('hex');
}
