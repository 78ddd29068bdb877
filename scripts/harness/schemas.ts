// (apiVersion, kind) → schema, from: bundled core schemas, CRD manifests given with
// --crd, schema folders or templates (the CRDs-catalog cache), and, when online, the
// public catalog (written into the cache). I/O lives here, at the edge.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coreSchema, objectMetaSchema, type CoreSchema } from './core-schemas.ts';
import { CatalogSchemas, compileSchema, schemaLocation, type CrdSchema } from './crd-schemas.ts';

export const CATALOG_URL =
  'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

export interface SchemaSourceOptions {
  kubeVersion: string;
  /** Folders or templates, searched in order. */
  locations: string[];
  /** Where downloads are written; also searched. */
  cacheDir: string;
  /** Schemas from --crd manifests, keyed group/version/Kind. */
  crds: Map<string, CrdSchema>;
  /** Allow fetching missing schemas from the public catalog. */
  online: boolean;
  fetchImpl?: typeof fetch;
}

export type SchemaLookup =
  | { schema: CoreSchema | CrdSchema; meta?: CoreSchema }
  | { schema?: undefined; looked: string[] };

export class SchemaRegistry {
  private readonly catalog: CatalogSchemas;
  private online: boolean;
  private offlineReason = '';
  private meta?: Promise<CoreSchema>;
  private readonly downloads = new Map<string, Promise<CrdSchema | undefined>>();

  constructor(private readonly o: SchemaSourceOptions) {
    this.catalog = new CatalogSchemas([...o.locations, o.cacheDir].map(schemaLocation), o.kubeVersion);
    this.online = o.online;
  }

  async lookup(apiVersion: string, kind: string): Promise<SchemaLookup> {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const core = await coreSchema(apiVersion, kind);
    if (core) return { schema: core };
    this.meta ??= objectMetaSchema();
    const fromCrd = this.o.crds.get(`${group}/${version}/${kind}`);
    if (fromCrd) return { schema: fromCrd, meta: await this.meta };
    // The catalog holds custom resources only; a core-group kind it cannot have.
    const found = group === '' ? { looked: [] as string[] } : this.catalog.find(group, version, kind);
    if (found.schema) return { schema: found.schema, meta: await this.meta };
    const looked = ['bundled core schemas', ...(this.o.crds.size ? ['--crd manifests'] : []), ...found.looked];
    if (group !== '') {
      const downloaded = await this.download(group, version, kind);
      if (downloaded) return { schema: downloaded, meta: await this.meta };
      looked.push(
        this.online
          ? 'the public CRDs catalog'
          : `the public CRDs catalog (not asked: ${this.offlineReason || 'offline'})`,
      );
    }
    return { looked };
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
    const url = CATALOG_URL.replace('{{.Group}}', group)
      .replace('{{.ResourceKind}}', kind.toLowerCase())
      .replace('{{.ResourceAPIVersion}}', version);
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
    const file = path.join(this.o.cacheDir, group, `${kind.toLowerCase()}_${version}.json`);
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
