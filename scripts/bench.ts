// npm run bench: how fast the harness is, on the repository (cold processes, median of
// several runs, with the caches and with empty ones) and on a generated corpus of 10,000
// mixed core objects (documents per second: the first run in a fresh process, then warm).
// The two budget lines of issue 10 end in PASS or FAIL; the exit code stays 0 (timings
// depend on the machine's load, which the report prints).
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { HarnessOptions } from './harness/run.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const CORPUS = Number(process.env['BENCH_DOCS'] ?? 10_000);
const root = process.cwd();
const BUDGET_S = 3;
const BUDGET_DOCS = 10_000;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/**
 * The Node flags of `npm run validate` (package.json), so both lines time the command users
 * run: `--v8-pool-size=0` sizes V8's helper threads to the machine (one on two cores, instead
 * of four that compete with helm and the main thread).
 */
export function validateNodeFlags(scripts: Record<string, string>): string[] {
  const words = (scripts['validate'] ?? '').split(/\s+/);
  if (words[0] !== 'node') return [];
  const end = words.findIndex((w) => w.endsWith('launch.mjs'));
  return words.slice(1, end < 0 ? 1 : end).filter((w) => w.startsWith('--'));
}
const NODE_FLAGS = validateNodeFlags(
  (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);
const load = () => `load average ${os.loadavg()[0]?.toFixed(2)}`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function coldRuns(label: string, env: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await execa(
      'node',
      [...NODE_FLAGS, 'scripts/harness/launch.mjs', 'validate', '--offline', '--format', 'json'],
      {
        reject: false,
        env,
      },
    );
    times.push(performance.now() - t);
    if (r.exitCode !== 0) throw new Error(`validate exited ${r.exitCode}: ${r.stderr}`);
  }
  console.log(
    `${label.padEnd(56)} median ${(median(times) / 1000).toFixed(2)} s  (runs: ` +
      `${times.map((t) => (t / 1000).toFixed(2)).join(', ')}; ${load()})`,
  );
  return median(times) / 1000;
}

/** Runs in the child: argv[1] holds the options; prints the two runs' times as JSON. */
const CORPUS_CHILD = `
const { loadCli } = await import(${JSON.stringify(path.join(root, 'scripts', 'harness', 'launch.mjs'))});
const { runHarness } = await loadCli(process.env);
const opts = JSON.parse(process.argv[1]);
const out = [];
for (let i = 0; i < 2; i++) {
  const t = performance.now();
  const r = await runHarness(opts);
  const ms = performance.now() - t;
  const errors = r.findings.filter((f) => f.severity === 'error');
  out.push({ ms, documents: r.documents, errors: errors.length, first: errors[0]?.message });
}
process.stdout.write(JSON.stringify(out));
`;

/** Deployments, Services, ConfigMaps, Ingresses and NetworkPolicies, each valid. */
export function corpusDocument(i: number): Record<string, unknown> {
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'bench' };
  switch (i % 5) {
    case 0:
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'bench', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'registry.example/app:1.0.0',
                  ports: [{ name: 'http', containerPort: 8080 }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                  securityContext: {
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                  },
                },
              ],
            },
          },
        },
      };
    case 1:
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'bench', labels },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      };
    case 2:
      return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'bench' },
        data: { 'settings.ini': `[app]\nid = ${i}\n` },
      };
    case 3:
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name, namespace: 'bench' },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: `${name}.example.com`,
              http: {
                paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }],
              },
            },
          ],
        },
      };
    default:
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace: 'bench' },
        spec: {
          podSelector: { matchLabels: labels },
          policyTypes: ['Ingress'],
          ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
        },
      };
  }
}

async function corpus(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-bench-'));
  try {
    const perFile = 100;
    for (let f = 0; f * perFile < CORPUS; f++) {
      const docs = Array.from({ length: Math.min(perFile, CORPUS - f * perFile) }, (_, j) =>
        stringify(corpusDocument(f * perFile + j), { aliasDuplicateObjects: false }),
      );
      await writeFile(path.join(dir, `part-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
    }
    const opts: HarnessOptions = {
      paths: ['.'],
      cwd: dir,
      kubeVersion: '1.32.0',
      schemaLocations: [],
      crdPaths: [],
      strictMissing: true,
      online: false,
      cacheDir: path.join(dir, '.cache'),
      chartDir: path.join(root, 'chart'),
      crossref: false,
    };
    // A fresh Node process running the pipeline as `npm run validate` does, from the launcher's
    // bundle, without this script's TypeScript loader: two runs, the first one timed cold.
    const child = await execa(
      'node',
      [...NODE_FLAGS, '--input-type=module', '-e', CORPUS_CHILD, JSON.stringify(opts)],
      {
        reject: false,
      },
    );
    if (child.exitCode !== 0) throw new Error(`the corpus run failed: ${child.stderr}`);
    const runs = JSON.parse(child.stdout) as { ms: number; documents: number; errors: number; first?: string }[];
    const rates: number[] = [];
    for (const [i, r] of runs.entries()) {
      if (r.errors > 0) throw new Error(`the corpus should be valid, got ${r.errors} errors, first: ${r.first}`);
      const rate = Math.round(r.documents / (r.ms / 1000));
      rates.push(rate);
      const label = i === 0 ? `first run in a fresh process [budget >= ${BUDGET_DOCS}/s]` : 'warm (second run)';
      console.log(
        `corpus ${r.documents} core documents, ${label.padEnd(48)} ${(r.ms / 1000).toFixed(2)} s  ` +
          `${rate} documents/s  ${i === 0 ? verdict(rate >= BUDGET_DOCS) : ''} (${load()})`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.env['BENCH_ONLY'] !== 'none')
  console.log(
    `Ghostwire harness benchmark on ${os.cpus().length} cores, Node ${process.version}` +
      (NODE_FLAGS.length > 0 ? `, node ${NODE_FLAGS.join(' ')} (as npm run validate)` : ''),
  );
// BENCH_ONLY=repository or BENCH_ONLY=corpus runs one half (for profiling).
const only = process.env['BENCH_ONLY'];
if (only !== 'corpus' && only !== 'none') {
  await coldRuns('repository, cold process, caches warm', { GHOSTWIRE_NO_CACHE: '0' });
  // The budget line: no extraction, render or values-validator cache (the launcher's bundle and
  // the helm binary, built once per install, stay).
  const cold = await coldRuns(`repository, cold process, empty caches [budget < ${BUDGET_S} s]`, {
    GHOSTWIRE_NO_CACHE: '1',
  });
  console.log(`${'repository cold budget'.padEnd(56)} ${verdict(cold < BUDGET_S)}`);
}
if (only !== 'repository' && only !== 'none') await corpus();
