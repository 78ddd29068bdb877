// renovate.json5 parses, every regex manager finds what it is meant to update in the real
// files (the values it extracts are the ones in use), and the npm versions held back on
// purpose are the ones package.json pins.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CRD_SOURCES, KIND_NODE_IMAGE, KIND_VERSION, KUBECTL_VERSION } from '../scripts/harness/cluster.ts';

interface CustomManager {
  customType: string;
  description: string;
  managerFilePatterns: string[];
  matchStrings: string[];
  depNameTemplate?: string;
  datasourceTemplate?: string;
}
interface PackageRule {
  matchManagers?: string[];
  matchPackageNames?: string[];
  allowedVersions?: string;
}
interface RenovateConfig {
  extends: string[];
  customManagers: CustomManager[];
  packageRules: PackageRule[];
}

const config = JSON5.parse(readFileSync('renovate.json5', 'utf8')) as RenovateConfig;
/** The repository's files: git's list, or a walk of the folders Renovate looks at outside a clone. */
function listFiles(): string[] {
  try {
    const args = ['ls-files', '--cached', '--others', '--exclude-standard'];
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean);
  } catch {
    return ['chart', 'docs', 'examples', 'scripts'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name)),
    );
  }
}
const repoFiles = listFiles();

interface Extracted {
  file: string;
  depName?: string;
  currentValue?: string;
  currentDigest?: string;
}

/** What one custom manager extracts from the repository, as Renovate would (templates aside). */
function extract(m: CustomManager, files = repoFiles, read = (f: string) => readFileSync(f, 'utf8')): Extracted[] {
  const patterns = m.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
  return files
    .filter((f) => patterns.some((p) => p.test(f)))
    .flatMap((file) =>
      m.matchStrings.flatMap((s) =>
        [...read(file).matchAll(new RegExp(s, 'g'))].map((match) => ({ file, ...match.groups })),
      ),
    );
}

const manager = (words: string) => {
  const m = config.customManagers.find((c) => c.description.includes(words));
  if (!m) throw new Error(`no custom manager described with "${words}"`);
  return m;
};

const versionsFile = 'docs/versions.json';

describe('renovate.json5', () => {
  it('parses, and keeps action digests pinned', () => {
    expect(config.extends).toContain('helpers:pinGitHubActionDigests');
    expect(config.customManagers.length).toBeGreaterThan(5);
  });

  it.each(config.customManagers.map((m) => [m.description, m] as const))(
    'the regex manager "%s" extracts at least one dependency from a real file',
    (description, m) => {
      expect(m.matchStrings.every((s) => s.includes('(?<currentValue>'))).toBe(true);
      const found = extract(m).filter((d) => d.currentValue);
      if (m.managerFilePatterns.some((p) => p.includes('versions')) && !existsSync(versionsFile)) {
        // docs/versions.json arrives with issue 14; until then, check the shape it is written for.
        const sample =
          '{\n  "cert-manager": {\n    "version": "v1.21.2",\n    "datasource": "github-releases",\n' +
          '    "package": "cert-manager/cert-manager"\n  }\n}\n';
        const out = extract(m, [versionsFile], () => sample);
        expect(out).toMatchObject([{ depName: 'cert-manager', currentValue: 'v1.21.2' }]);
        return;
      }
      expect(found.length, `${description}: nothing matched in ${m.managerFilePatterns.join(', ')}`).toBeGreaterThan(0);
    },
  );

  it("reads the chart's image tag, digest and appVersion as the chart has them", () => {
    const values = parse(readFileSync('chart/values.yaml', 'utf8')) as { image: { tag: string; digest: string } };
    expect(extract(manager("The chart's image"))).toEqual([
      {
        file: 'chart/values.yaml',
        depName: 'kasmweb/signal',
        currentValue: values.image.tag,
        currentDigest: values.image.digest,
      },
    ]);
    const chart = parse(readFileSync('chart/Chart.yaml', 'utf8')) as { appVersion: string };
    const tags = extract(manager('appVersion'));
    expect(tags[0]).toMatchObject({ currentValue: chart.appVersion });
    expect(tags).toContainEqual(expect.objectContaining({ depName: 'kasmweb/signal', currentValue: chart.appVersion }));
  });

  it('reads every CRD release the cluster tier pins from docs/versions.json, the one place Renovate moves it', () => {
    const found = extract(manager('versions data file'));
    expect(CRD_SOURCES.length).toBeGreaterThan(5);
    for (const src of CRD_SOURCES) {
      const hit = found.find((d) => d.currentValue === src.version || d.currentValue === `v${src.version}`);
      expect(hit, `${src.id} ${src.version}`).toBeDefined();
    }
  });

  it('reads kind, kubectl and the node image where the cluster tier pins them', () => {
    const kind = extract(manager('kind for the cluster tier'));
    expect(kind.map((d) => [d.file, d.currentValue])).toEqual([
      ['scripts/harness/cluster/pins.ts', KIND_VERSION],
      ['scripts/harness/cluster/tools.env', KIND_VERSION],
    ]);
    const kubectl = extract(manager('kubectl for the cluster tier'));
    expect(kubectl.map((d) => d.currentValue)).toEqual([KUBECTL_VERSION, KUBECTL_VERSION]);
    const image = extract(manager("kind's node image"));
    expect(image.map((d) => `${d.depName}:${d.currentValue}@${d.currentDigest}`)).toEqual([
      KIND_NODE_IMAGE,
      KIND_NODE_IMAGE,
    ]);
  });

  it('holds back the npm packages DESIGN-NOTES.md explains, at the majors package.json pins', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string>>;
    const pinned = { ...pkg['dependencies'], ...pkg['devDependencies'] };
    const held = config.packageRules.filter((r) => r.allowedVersions && r.matchManagers?.includes('npm'));
    expect(held.flatMap((r) => r.matchPackageNames)).toEqual(
      expect.arrayContaining(['typescript', 'execa', '@kubernetes/client-node', 'lighthouse']),
    );
    for (const rule of held) {
      const name = rule.matchPackageNames?.[0] ?? '';
      const version = pinned[name];
      if (!version) continue; // not installed yet (lighthouse arrives with the site's performance budget)
      const allowed = (rule.allowedVersions ?? '').replace(/\.?x$/, '');
      expect(version.startsWith(`${allowed}.`) || version === allowed, `${name} ${version}`).toBe(true);
    }
  });
});
