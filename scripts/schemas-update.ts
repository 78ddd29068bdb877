// npm run schemas:update: regenerates the schema store that ships with the repository.
//  - schemas/crds/: the CRD JSON schemas of every custom resource kind the docs, examples,
//    test fixtures and the cluster tier use (all versions the catalog has of each), from
//    datreeio/CRDs-catalog at one pinned commit (MIT);
//  - schemas/kubernetes/: per Kubernetes minor, the served API kinds and the field lists
//    (see schemas-update-kube.ts).
// Usage: npm run schemas:update -- --catalog DIR|URL-TEMPLATE [--client-node DIR] [--only crds|kubernetes]
//        [--out DIR] (where the CRD store goes; default schemas/crds)
// The catalog may also come from $GHOSTWIRE_CRD_CATALOG. Nothing here runs at validation time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CRD_SOURCES } from './harness/cluster/pins.ts';
import { collectUnits } from './harness/collect.ts';
import { BUILTIN_GROUPS, validGroup, validKind, validVersion } from './harness/gvk.ts';
import { configFileOf } from './harness/no-schema.ts';
import { updateKubernetes } from './schemas-update-kube.ts';

export const CATALOG = {
  repository: 'datreeio/CRDs-catalog',
  commit: '7b1e26ef9deea49293714d204c1a2270aab1178f',
  license: 'MIT',
};
const ROOT = path.resolve(import.meta.dirname, '..');
/** Files larger than this are stored gzip-compressed. */
const GZIP_ABOVE = 16 * 1024;
/** Kinds used beside the ones the pages name, so a reader's next step validates too. */
const RELATED: readonly string[] = [
  'cert-manager.io/Issuer',
  'external-secrets.io/ClusterSecretStore',
  'gateway.networking.k8s.io/GatewayClass',
  'gateway.networking.k8s.io/GRPCRoute',
  'gateway.networking.k8s.io/ReferenceGrant',
  'monitoring.coreos.com/ServiceMonitor',
  'monitoring.coreos.com/PodMonitor',
  'kustomize.toolkit.fluxcd.io/Kustomization',
  'source.toolkit.fluxcd.io/HelmChart',
  'argoproj.io/AppProject',
  'velero.io/Backup',
  'velero.io/BackupStorageLocation',
  'velero.io/VolumeSnapshotLocation',
  'cilium.io/CiliumClusterwideNetworkPolicy',
  'snapshot.storage.k8s.io/VolumeSnapshot',
  'security.istio.io/RequestAuthentication',
  'networking.istio.io/Sidecar',
  'telemetry.istio.io/Telemetry',
  'traefik.io/TLSOption',
];
const SCAN = ['docs', 'examples', 'chart/README.md', 'test/fixtures'];

/** group/Kind → versions of every custom resource the repository's pages, examples and fixtures use. */
async function usedKinds(): Promise<Map<string, Set<string>>> {
  const { units } = await collectUnits({ paths: SCAN.filter((p) => existsSync(path.join(ROOT, p))), cwd: ROOT });
  const out = new Map<string, Set<string>>(RELATED.map((k) => [k, new Set<string>()]));
  for (const u of units.values())
    for (const c of u.items)
      for (const d of c.documents) {
        const slash = d.apiVersion.lastIndexOf('/');
        const group = slash < 0 ? '' : d.apiVersion.slice(0, slash);
        const version = d.apiVersion.slice(slash + 1);
        if (!group.includes('.') || BUILTIN_GROUPS.has(group) || group.endsWith('example.com')) continue;
        if (configFileOf(d.apiVersion, d.kind)) continue;
        if (!validGroup(group) || !validVersion(version) || !validKind(d.kind)) continue;
        const gk = `${group}/${d.kind}`;
        out.set(gk, (out.get(gk) ?? new Set()).add(version));
      }
  // The cluster tier installs these groups' CRDs: every pinned group should have a kind here,
  // except those whose objects controllers make (ACME challenges and orders, notifications).
  for (const g of CRD_SOURCES.flatMap((s) => s.groups))
    if (![...out.keys()].some((k) => k.startsWith(`${g}/`)) && !/^(acme|notification|extensions)\./.test(g))
      console.warn(`schemas:update: no kind of the pinned group ${g} is used`);
  return out;
}

function readCatalog(catalog: string, file: string): Promise<string | undefined> | string | undefined {
  if (/^https?:\/\//.test(catalog)) {
    const [group, rest] = file.split('/') as [string, string];
    const [kind, version] = rest.replace(/\.json$/, '').split('_') as [string, string];
    const url = catalog
      .replace('{{.Commit}}', CATALOG.commit)
      .replace('{{.Group}}', group)
      .replace('{{.ResourceKind}}', kind)
      .replace('{{.ResourceAPIVersion}}', version);
    return fetch(url).then((r) => (r.ok ? r.text() : undefined));
  }
  const p = path.join(catalog, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

/** Versions of one kind the catalog has: every file when it is a folder, else the versions the pages name. */
function versionsOf(catalog: string, group: string, kind: string): string[] {
  const dir = path.join(catalog, group);
  if (/^https?:\/\//.test(catalog) || !existsSync(dir)) return [];
  const prefix = `${kind.toLowerCase()}_`;
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => f.slice(prefix.length, -'.json'.length))
    .filter(validVersion)
    .sort();
}

async function updateCrds(catalog: string, used: Map<string, Set<string>>, out: string) {
  if (!/^https?:\/\//.test(catalog)) {
    const readme = path.join(catalog, 'README.md');
    if (existsSync(readme) && !readFileSync(readme, 'utf8').includes(CATALOG.commit))
      throw new Error(`${catalog} does not say it is ${CATALOG.repository} at ${CATALOG.commit}; refusing to mix.`);
  } else if (!catalog.includes('{{.Commit}}') && !catalog.includes(CATALOG.commit)) {
    throw new Error(`${catalog}: a URL template must name the pinned commit ({{.Commit}} or ${CATALOG.commit}).`);
  }
  rmSync(out, { recursive: true, force: true });
  const schemas: Record<string, { file: string; sha256: string }> = {};
  const missing: string[] = [];
  for (const [gk, named] of [...used].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [group, kind] = gk.split('/') as [string, string];
    const versions = new Set([...versionsOf(catalog, group, kind), ...named]);
    for (const version of [...versions].sort()) {
      const name = `${group}/${kind.toLowerCase()}_${version}.json`;
      const text = await readCatalog(catalog, name);
      if (text === undefined) {
        missing.push(`${group}/${version} ${kind}`);
        continue;
      }
      const min = JSON.stringify(JSON.parse(text));
      const gz = min.length > GZIP_ABOVE;
      const file = gz ? `${name}.gz` : name;
      mkdirSync(path.join(out, group), { recursive: true });
      writeFileSync(path.join(out, file), gz ? gzipSync(min, { level: 9, mtime: 0 } as never) : min);
      schemas[`${group}/${version}/${kind}`] = { file, sha256: createHash('sha256').update(text).digest('hex') };
    }
  }
  const licence = /^https?:\/\//.test(catalog) ? undefined : path.join(catalog, 'LICENSE');
  if (licence && existsSync(licence)) writeFileSync(path.join(out, 'LICENSE'), readFileSync(licence));
  const manifest = {
    source: { ...CATALOG, layout: '{group}/{kind}_{version}.json' },
    generatedBy: 'npm run schemas:update',
    schemas,
    notInCatalog: missing,
  };
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(
    `${path.relative(ROOT, out)}: ${Object.keys(schemas).length} schemas; not in the catalog: ` +
      `${missing.join(', ') || '-'}`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      catalog: { type: 'string', default: process.env['GHOSTWIRE_CRD_CATALOG'] },
      'client-node': { type: 'string', default: process.env['GHOSTWIRE_CLIENT_NODE_DIR'] },
      only: { type: 'string' },
      /** Where schemas/crds goes (tests write elsewhere). */
      out: { type: 'string', default: path.join(ROOT, 'schemas', 'crds') },
    },
  });
  if (values.only !== 'kubernetes') {
    if (!values.catalog)
      throw new Error(
        'Pass --catalog with a local copy of the CRDs catalog at the pinned commit (or a URL template with ' +
          '{{.Commit}}, {{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}), or set GHOSTWIRE_CRD_CATALOG.',
      );
    await updateCrds(values.catalog, await usedKinds(), path.resolve(values.out));
  }
  if (values.only !== 'crds') await updateKubernetes(values['client-node']);
}

try {
  await main();
} catch (err) {
  console.error(`schemas:update: ${(err as Error).message}`);
  process.exitCode = 2;
}
