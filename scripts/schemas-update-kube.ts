// The Kubernetes half of `npm run schemas:update`: per minor, which group/version/kinds the
// API server serves and which fields each type has, generated from the models that
// @kubernetes/client-node generates from each release's OpenAPI document (one package
// version per Kubernetes minor, from the npm registry). Written to schemas/kubernetes/:
//  - apis.json: every kind with its model and the first minor whose package has it;
//  - fields.json.gz: the newest field lists, and for each field added since 1.30 its minor.
// Removals are not in the packages (they keep stale files); kube-apis.ts lists them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Kubernetes minor → the client-node version generated from it. Checked against what each
 * package contains, not only its README (see DESIGN-NOTES.md): 0.21.0 lacks the v1
 * ValidatingAdmissionPolicy of 1.30, so it is 1.29; 0.22.3 has it but not the 1.31
 * resource.k8s.io/v1alpha3, so it is 1.30; 1.1.2 has resource.k8s.io/v1beta1 (1.32); 1.3.0
 * has v1beta2 (1.33); 1.4.0 has resource.k8s.io/v1 (1.34); 2.0.1 has admissionregistration
 * v1 MutatingAdmissionPolicy and equals kubernetes-models 5.1.0 (1.36) field for field.
 * No release was generated from 1.31 or 1.35: what first appears after such a gap is
 * dated from the gap's first minor, so nothing that exists at a version is refused.
 */
export const CLIENT_NODE: readonly [number, string][] = [
  [29, '0.21.0'],
  [30, '0.22.3'],
  [32, '1.1.2'],
  [33, '1.3.0'],
  [34, '1.4.0'],
  [36, '2.0.1'],
];
export const NEWEST_MINOR = 36;

/** Objects posted to a subresource of another group's resource (pods/eviction, serviceaccounts/token). */
const SUBRESOURCE_KINDS: Record<string, string> = {
  'policy/v1/Eviction': 'V1Eviction',
  // The eviction subresource still accepts the beta Eviction.
  'policy/v1beta1/Eviction': 'V1Eviction',
  'autoscaling/v1/Scale': 'V1Scale',
  'authentication.k8s.io/v1/TokenRequest': 'AuthenticationV1TokenRequest',
};

const OUT = path.resolve(import.meta.dirname, '..', 'schemas', 'kubernetes');

type Attr = [name: string, type: string];

interface PackageData {
  models: Map<string, Attr[]>;
  /** group/version/Kind → model name. */
  kinds: Map<string, string>;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dir, f));
}

function readPackage(root: string): PackageData {
  const gen = path.join(root, 'dist', 'gen');
  const modelDir = existsSync(path.join(gen, 'models')) ? path.join(gen, 'models') : path.join(gen, 'model');
  const apiDir = existsSync(path.join(gen, 'apis')) ? path.join(gen, 'apis') : path.join(gen, 'api');
  const models = new Map<string, Attr[]>();
  for (const f of jsFiles(modelDir)) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(\w+)\.attributeTypeMap = \[([\s\S]*?)\n\s*\];/g)) {
      const attrs = [...(m[2] as string).matchAll(/"baseName": "([^"]+)",\s*"type": "([^"]+)"/g)].map(
        (a) => [a[1], a[2]] as Attr,
      );
      models.set(m[1] as string, attrs);
    }
  }
  const kinds = new Map<string, string>();
  const kindOf = (model: string) => model.replace(/^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
  const isObject = (model: string) =>
    ['apiVersion', 'kind', 'metadata'].every((f) => models.get(model)?.some(([n]) => n === f));
  for (const f of jsFiles(apiDir)) {
    const text = readFileSync(f, 'utf8');
    let fileGv: string | undefined;
    for (const chunk of text.split(/localVarPath = (?:this\.basePath \+ )?/).slice(1)) {
      const p = /^'([^']+)'/.exec(chunk)?.[1];
      const gv = p && /^\/(?:api|apis\/([^/{]+))\/(v\d\w*)\//.exec(p);
      if (!gv) continue;
      fileGv ??= `${gv[1] ?? ''}/${gv[2]}`;
      const body = /ObjectSerializer\.serialize\(body, "(\w+)"/.exec(chunk)?.[1];
      // Objects one creates (a subresource's body has another group: see SUBRESOURCE_KINDS).
      if (!body || p.includes('{name}') || !/HttpMethod\.POST|method: 'POST'/.test(chunk) || !isObject(body)) continue;
      kinds.set(`${gv[1] ?? ''}/${gv[2]}/${kindOf(body)}`, body);
    }
    // Kinds one can only read (ComponentStatus): the item type of every list the API returns.
    for (const m of text.matchAll(/deserialize\([^;]*?"(\w+)List"/g)) {
      const item = m[1] as string;
      if (fileGv && isObject(item) && !kinds.has(`${fileGv}/${kindOf(item)}`))
        kinds.set(`${fileGv}/${kindOf(item)}`, item);
    }
  }
  for (const [gvk, model] of Object.entries(SUBRESOURCE_KINDS)) if (models.has(model)) kinds.set(gvk, model);
  return { models, kinds };
}

function fetchPackages(dir: string | undefined): Map<number, string> {
  const work = dir ?? mkdtempSync(path.join(tmpdir(), 'client-node-'));
  const out = new Map<number, string>();
  for (const [minor, version] of CLIENT_NODE) {
    const unpacked = path.join(work, `client-node-${version}`);
    if (!existsSync(path.join(unpacked, 'package', 'package.json'))) {
      const tgz = path.join(work, `kubernetes-client-node-${version}.tgz`);
      if (!existsSync(tgz))
        execFileSync('npm', ['pack', `@kubernetes/client-node@${version}`, '--silent'], { cwd: work, stdio: 'ignore' });
      mkdirSync(unpacked, { recursive: true });
      execFileSync('tar', ['xzf', tgz, '-C', unpacked]);
    }
    out.set(minor, path.join(unpacked, 'package'));
  }
  return out;
}

/** Every model reachable from the given roots, through the attribute types. */
function reachable(models: Map<string, Attr[]>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const t = queue.pop() as string;
    if (seen.has(t) || !models.has(t)) continue;
    seen.add(t);
    for (const [, type] of models.get(t) ?? []) for (const ref of type.match(/\b[A-Z]\w+/g) ?? []) queue.push(ref);
  }
  return seen;
}

export async function updateKubernetes(clientNodeDir: string | undefined): Promise<void> {
  const packages = fetchPackages(clientNodeDir);
  const data = new Map([...packages].map(([minor, root]) => [minor, readPackage(root)]));
  const minors = [...data.keys()].sort((a, b) => a - b);
  const newest = data.get(minors.at(-1) as number) as PackageData;
  // The earliest minor a thing first seen in package `minor` can have appeared in.
  const earliest = (minor: number) => {
    const i = minors.indexOf(minor);
    return i <= 0 ? minor : (minors[i - 1] as number) + 1;
  };
  const ranges: Record<string, number> = {};
  for (const m of minors) if (earliest(m) !== m) ranges[earliest(m)] = m;
  const kinds: Record<string, { model: string; since: number }> = {};
  for (const minor of minors)
    for (const [gvk, model] of (data.get(minor) as PackageData).kinds)
      kinds[gvk] ??= { model: newest.kinds.get(gvk) ?? model, since: earliest(minor) };
  const models = new Map(newest.models);
  // A kind the newest package no longer has keeps its own (older) type tree.
  for (const minor of [...minors].reverse())
    for (const [name, attrs] of (data.get(minor) as PackageData).models) if (!models.has(name)) models.set(name, attrs);
  const used = reachable(
    models,
    Object.values(kinds).map((k) => k.model),
  );
  used.add('V1ObjectMeta');
  for (const t of reachable(models, ['V1ObjectMeta'])) used.add(t);
  const types: Record<string, Attr[]> = {};
  const since: Record<string, Record<string, number>> = {};
  for (const t of [...used].sort()) {
    types[t] = models.get(t) as Attr[];
    for (const [field] of types[t]) {
      const first = minors.find((m) =>
        data
          .get(m)
          ?.models.get(t)
          ?.some(([n]) => n === field),
      );
      if (first !== undefined && first > (minors[0] as number)) (since[t] ??= {})[field] = earliest(first);
    }
  }
  mkdirSync(OUT, { recursive: true });
  const sources = Object.fromEntries(CLIENT_NODE.map(([m, v]) => [`1.${m}`, `@kubernetes/client-node@${v}`]));
  const sorted = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(
    path.join(OUT, 'apis.json'),
    `${JSON.stringify(
      {
        generatedBy: 'npm run schemas:update',
        sources,
        baseMinor: minors[0],
        ranges,
        newestMinor: NEWEST_MINOR,
        kinds: sorted,
      },
      null,
      1,
    )}\n`,
  );
  const fields = JSON.stringify({ sources, types, since });
  writeFileSync(path.join(OUT, 'fields.json.gz'), gzipSync(fields, { level: 9 }));
  console.log(
    `schemas/kubernetes: ${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types, ` +
      `${Object.values(since).reduce((n, f) => n + Object.keys(f).length, 0)} fields added since 1.${minors[0]}`,
  );
}
