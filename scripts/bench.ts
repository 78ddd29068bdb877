// npm run bench: how fast the harness is, on the repository (cold processes, median of
// several runs, with and without the render cache) and on a generated corpus of 10,000
// mixed core objects (documents per second, in-process, cold and warm).
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { HarnessOptions, HarnessResult } from './harness/run.ts';
import { loadCli } from './harness/launch.mjs';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const CORPUS = Number(process.env['BENCH_DOCS'] ?? 10_000);
const root = process.cwd();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function coldRuns(label: string, env: Record<string, string>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await execa('node', ['scripts/harness/launch.mjs', 'validate', '--offline', '--format', 'json'], {
      reject: false,
      env,
    });
    times.push(performance.now() - t);
    if (r.exitCode !== 0) throw new Error(`validate exited ${r.exitCode}: ${r.stderr}`);
  }
  console.log(
    `${label.padEnd(44)} median ${(median(times) / 1000).toFixed(2)} s  (runs: ` +
      `${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`,
  );
}

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
    // The pipeline as `npm run validate` runs it: from the launcher's bundle (see launch.mjs).
    const { runHarness } = (await loadCli(process.env)) as {
      runHarness: (o: HarnessOptions) => Promise<HarnessResult>;
    };
    for (const label of ['cold (first run in this process)', 'warm']) {
      const t = performance.now();
      const r = await runHarness(opts);
      const ms = performance.now() - t;
      const errors = r.findings.filter((x) => x.severity === 'error').length;
      if (errors > 0)
        throw new Error(`the corpus should be valid, got ${errors} errors, first: ${r.findings[0]?.message}`);
      console.log(
        `corpus ${r.documents} core documents, ${label.padEnd(32)} ${(ms / 1000).toFixed(2)} s  ` +
          `${Math.round(r.documents / (ms / 1000))} documents/s`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.env['BENCH_ONLY'] !== 'none')
  console.log(`Ghostwire harness benchmark on ${os.cpus().length} cores, Node ${process.version}`);
// BENCH_ONLY=repository or BENCH_ONLY=corpus runs one half (for profiling).
const only = process.env['BENCH_ONLY'];
if (only !== 'corpus' && only !== 'none') {
  await coldRuns('repository, cold process, caches warm', { GHOSTWIRE_NO_CACHE: '0' });
  await coldRuns('repository, cold process, no caches', { GHOSTWIRE_NO_CACHE: '1' });
}
if (only !== 'repository' && only !== 'none') await corpus();
