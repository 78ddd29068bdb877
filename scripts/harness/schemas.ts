// (apiVersion, kind) → schema or verdict. Order: the grammar of group/version/kind; for a
// built-in group, the per-minor API data (removed, not yet served, unknown) and the core
// schemas; for a custom resource, --crd manifests, the bundled store (schemas/crds), the
// --schema-location folders or templates, the download cache, and, only when asked for
// (--online), the public catalog at the pinned commit. I/O lives here, at the edge.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coreSchema, objectMetaSchema, type CoreSchema } from './core-schemas.ts';
import {
  BundledSchemas,
  CatalogSchemas,
  compileSchema,
  fillTemplate,
  insideRoot,
  schemaLocation,
  type CrdSchema,
} from './crd-schemas.ts';
import { BUILTIN_GROUPS, gvkProblem, splitApiVersion } from './gvk.ts';
import { HarnessError } from './files.ts';
import { apiData, builtinApi } from './kube-apis.ts';
import { allowlisted, configFileOf } from './no-schema.ts';
import { PROJECT_ROOT } from './root.ts';

export const CATALOG_COMMIT = '7b1e26ef9deea49293714d204c1a2270aab1178f';
export const CATALOG_URL = `https://raw.githubusercontent.com/datreeio/CRDs-catalog/${CATALOG_COMMIT}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`;
export const BUNDLED_DIR = path.resolve(PROJECT_ROOT, 'schemas', 'crds');

export interface SchemaSourceOptions {
  kubeVersion: string;
  /** Folders or templates, searched in order. */
  locations: string[];
  /** Where downloads are written; also searched. */
  cacheDir: string;
  /** Schemas from --crd manifests, keyed group/version/Kind. */
  crds: Map<string, CrdSchema>;
  /** Allow fetching missing schemas from the public catalog at the pinned commit. */
  online: boolean;
  fetchImpl?: typeof fetch;
  /** The bundled store; tests may point it elsewhere. */
  bundledDir?: string;
}

/** A schema; or why there is none: refused by the API data, or not found (where it looked, allowlisted?). */
export interface SchemaLookup {
  schema?: CoreSchema | CrdSchema;
  /** ObjectMeta's check, for custom resources. */
  meta?: CoreSchema;
  refused?: { code: string; message: string };
  looked?: string[];
  allowlisted?: string;
  configFile?: string;
}

export function minorOf(kubeVersion: string): number {
  return Number(/^v?\d+\.(\d+)/.exec(kubeVersion)?.[1] ?? Number.NaN);
}

export class SchemaRegistry {
  private readonly catalog: CatalogSchemas;
  private readonly bundled: BundledSchemas;
  private readonly minor: number;
  private online: boolean;
  private offlineReason = '';
  private meta?: Promise<CoreSchema>;
  private readonly downloads = new Map<string, Promise<CrdSchema | undefined>>();

  /** Throws HarnessError for a location that cannot hold schemas. */
  constructor(private readonly o: SchemaSourceOptions) {
    const cache = {
      spec: o.cacheDir,
      template: path.join(o.cacheDir, '{{.Group}}', '{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'),
    };
    this.catalog = new CatalogSchemas([...o.locations.map(schemaLocation), cache], o.kubeVersion);
    this.bundled = new BundledSchemas(o.bundledDir ?? BUNDLED_DIR);
    this.online = o.online;
    this.minor = minorOf(o.kubeVersion);
    const newest = apiData().newestMinor;
    if (!(this.minor <= newest))
      throw new HarnessError(
        `--kube-version ${o.kubeVersion}: the Kubernetes data in schemas/kubernetes goes up to 1.${newest}. ` +
          'Pick that or an older minor, or regenerate the data with npm run schemas:update.',
      );
  }

  async lookup(apiVersion: string, kind: string): Promise<SchemaLookup> {
    const bad = gvkProblem(apiVersion, kind);
    if (bad) return { refused: { code: 'INVALID_API_VERSION', message: `${bad}.` } };
    const { group, version } = splitApiVersion(apiVersion);
    if (BUILTIN_GROUPS.has(group)) {
      // A kubeconfig (`v1` `Config`) is a file clients read, not an API object.
      const configFile = configFileOf(apiVersion, kind);
      if (configFile) return { looked: [], configFile };
      const verdict = builtinApi(apiVersion, kind, this.minor);
      if (!verdict.served) return { refused: { code: verdict.code, message: verdict.message } };
      const core = await coreSchema(apiVersion, kind, this.minor, verdict.model);
      return core ? { schema: core } : { looked: ['the bundled Kubernetes API data'] };
    }
    this.meta ??= objectMetaSchema(this.minor);
    const fromCrd = this.o.crds.get(`${group}/${version}/${kind}`);
    if (fromCrd) return { schema: fromCrd, meta: await this.meta };
    const bundled = this.bundled.find(group, version, kind);
    if (bundled) return { schema: bundled, meta: await this.meta };
    const found = this.catalog.find(group, version, kind);
    if (found.schema) return { schema: found.schema, meta: await this.meta };
    const looked = [...(this.o.crds.size ? ['--crd manifests'] : []), this.bundled.description, ...found.looked];
    const downloaded = await this.download(group, version, kind);
    if (downloaded) return { schema: downloaded, meta: await this.meta };
    if (this.o.online)
      looked.push(
        'the public CRDs catalog at ' +
          `${CATALOG_COMMIT.slice(0, 7)}${this.offlineReason ? ` (${this.offlineReason})` : ''}`,
      );
    return { looked, allowlisted: allowlisted(apiVersion, kind), configFile: configFileOf(apiVersion, kind) };
  }

  private download(group: string, version: string, kind: string): Promise<CrdSchema | undefined> {
    const key = `${group}/${version}/${kind}`;
    let p = this.downloads.get(key);
    if (!p) {
      p = this.fetchOne(group, version, kind);
      this.downloads.set(key, p);
    }
    return p;
  }

  private async fetchOne(group: string, version: string, kind: string): Promise<CrdSchema | undefined> {
    if (!this.online) return undefined;
    const url = fillTemplate(CATALOG_URL, group, version, kind, this.o.kubeVersion);
    const file = path.join(this.o.cacheDir, group, `${kind.toLowerCase()}_${version}.json`);
    // The grammar was checked before; this is the second lock on the door.
    if (!insideRoot(CATALOG_URL, url) || !insideRoot(path.join(this.o.cacheDir, '{{'), file)) return undefined;
    let text: string;
    try {
      const res = await (this.o.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) return undefined;
      text = await res.text();
    } catch (err) {
      // One failed connection means we are offline: do not wait on every other kind too.
      this.online = false;
      this.offlineReason = `download failed: ${(err as Error).message}`;
      return undefined;
    }
    // Only a schema that parses and compiles is kept: an error page served with 200 is not.
    try {
      const schema = compileSchema(JSON.parse(text), `${path.relative(process.cwd(), file)} (downloaded)`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
      return schema;
    } catch {
      return undefined;
    }
  }
}
