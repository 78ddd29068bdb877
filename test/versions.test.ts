import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import versions from '../docs/versions.json' with { type: 'json' };
import { CRD_SOURCES } from '../scripts/harness/cluster/pins.js';
import { chartEntries, formatVersionFinding, sameVersion, scanVersions } from '../scripts/versions/scan.js';
import { substituteVersions } from '../scripts/versions/substitute.js';
import { substituteTree } from '../src/remark/versions.js';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const read = (f: string) => readFileSync(f, 'utf8');

/** Each stray version in a page's text, as `line tool version`, sorted. */
const drifted = (text: string) =>
  scanVersions('p.md', text, versions)
    .map((f) => `${f.line} ${f.tool} ${f.found}`)
    .sort();
describe('docs/versions.json', () => {
  it('matches the Renovate regex manager in renovate.json5 for every tool', () => {
    const config = read('renovate.json5');
    const raw = /'("\(\?<depName>[^']+)'/.exec(config)?.[1];
    expect(raw).toBeDefined();
    const re = new RegExp((raw ?? '').replaceAll('\\\\', '\\'), 'g');
    const matched = [...read('docs/versions.json').matchAll(re)].map((m) => m.groups?.depName);
    expect(matched).toEqual(Object.keys(versions));
  });

  it("names the curl release of the chart's helm test image, in values.yaml and Chart.yaml alike", () => {
    const values = read('chart/values.yaml');
    const tests = values.slice(values.indexOf('\ntests:\n'));
    expect(/\n {4}repository: curlimages\/curl\n(?:[^\n]*\n)*? {4}tag: (\S+)\n/.exec(tests)?.[1]).toBe(
      versions.curl.version,
    );
    expect(read('chart/Chart.yaml')).toContain(`image: docker.io/curlimages/curl:${versions.curl.version}\n`);
  });

  it('is where the cluster tier takes its CRD versions from', () => {
    const byId = new Map(CRD_SOURCES.map((s) => [s.id, s.version]));
    expect(byId.get('cert-manager')).toBe(versions['cert-manager'].version);
    expect(byId.get('istio')).toBe(versions.istio.version);
    expect(byId.get('argo-cd')).toBe(versions['argo-cd'].version);
  });
});

describe('scanVersions', () => {
  const text = read('test/fixtures/version-drift/page.mdx');
  const found = scanVersions('page.mdx', text, versions);
  const at = (line: number) => found.filter((f) => f.line === line).map((f) => `${f.tool} ${f.found}`);

  it('flags a prose version, a table row, a helm --version, a release URL and an image tag', () => {
    expect(at(1)).toEqual(['cert-manager 1.20']);
    expect(at(3)).toEqual(['cilium 1.19']);
    expect(at(10)).toEqual(['ingress-nginx 4.14.1']);
    expect(at(11)).toEqual(['gateway-api 1.4.0']);
    expect(at(15)).toEqual(['oauth2-proxy 7.15.2']);
  });

  it('accepts a shorter form of the pinned version and history sentences', () => {
    expect(at(5)).toEqual([]);
    expect(found).toHaveLength(5);
    expect(sameVersion('1.28', '1.28.0')).toBe(true);
    expect(sameVersion('1.28.1', '1.28.0')).toBe(false);
  });

  it('checks the policy, secrets, identity and mesh tools the guides pin, in prose', () => {
    const drift = [
      'This page targets **Kyverno 1.18**, **OPA Gatekeeper 3.20** and **Sealed Secrets 0.37**.',
      'Written for Keycloak 27.0 run by the Keycloak Operator 27.0, Consul 1.22 and Envoy Gateway v1.8.3.',
      `Kyverno ${versions.kyverno.version.replace(/^v/, '')} is fine, and Consul 1.20 or later is history.`,
    ].join('\n');
    expect(drifted(drift)).toEqual(
      [
        '1 kyverno 1.18',
        '1 gatekeeper 3.20',
        '1 sealed-secrets 0.37',
        '2 keycloak 27.0',
        '2 keycloak 27.0',
        '2 consul 1.22',
        '2 envoy-gateway 1.8.3',
      ].sort(),
    );
  });

  it('checks the mesh, backup, identity, network and secrets tools added to the data file, in prose and tables', () => {
    const drift = [
      'The examples target **Linkerd 2.17** with the CNI plugin.',
      '| Veeam Kasten (K10) | 8.0 | `Policy` |',
      'Install Kasten 8.0 first, then authentik 2026.5 and External Secrets Operator 2.5.',
      '| Calico Open Source | 3.31 | `projectcalico.org/v3` |',
      '          image: docker.io/library/busybox:1.36.1',
      'helm install eg oci://docker.io/envoyproxy/gateway-helm --version v1.8.3 \\',
      'helm install k10 kasten/k10 --namespace kasten-io --version 8.0.0',
      `Linkerd ${versions.linkerd.version} and Kasten ${versions.kasten.version}, busybox ${versions.busybox.version}.`,
      'Linkerd 2.16 or later also serves the Server v1beta3.',
      `Install Linkerd ${versions.linkerd.version.replace(/\.\d+$/, '.0')} with the CNI plugin.`,
    ].join('\n');
    expect(drifted(drift)).toEqual(
      [
        '1 linkerd 2.17',
        '2 kasten 8.0',
        '3 kasten 8.0',
        '3 authentik 2026.5',
        '3 external-secrets 2.5',
        '4 calico 3.31',
        '5 busybox 1.36.1',
        '6 envoy-gateway 1.8.3',
        '7 kasten 8.0.0',
        `10 linkerd ${versions.linkerd.version.replace(/^edge-/, '').replace(/\.\d+$/, '.0')}`,
      ].sort(),
    );
  });

  it("holds the chart's own version and image tag to chart/Chart.yaml", () => {
    const chart = chartEntries('apiVersion: v2\nname: ghostwire\nversion: 0.3.0\nappVersion: "1.18.0"\n');
    expect(chart.ghostwire?.version).toBe('0.3.0');
    expect(chart.signal?.version).toBe('1.18.0');
    const drift = [
      'the Ghostwire chart 0.2.0 from `./chart` (image `kasmweb/signal:1.17.0`)',
      'helm template ghostwire oci://ghcr.io/example/charts/ghostwire --version 0.2.0 \\',
      'skopeo copy --all docker://docker.io/kasmweb/signal:1.18.0 \\',
      'the Ghostwire chart 0.3.0 with `kasmweb/signal:1.18`',
    ].join('\n');
    expect(
      scanVersions('p.md', drift, chart)
        .map((f) => `${f.line} ${f.tool} ${f.found}`)
        .sort(),
    ).toEqual(['1 ghostwire 0.2.0', '1 signal 1.17.0', '2 ghostwire 0.2.0']);
  });

  it('says where and what to write', () => {
    const first = found[0];
    expect(first && formatVersionFinding(first)).toMatch(/^page\.mdx:1: cert-manager 1\.20 .*\(v1\.21\.2\)/);
  });

  it('finds no stray version in docs/, examples/ or chart/README.md', () => {
    const files = execFileSync('git', ['ls-files', 'docs', 'examples', 'chart/README.md'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(mdx?|ya?ml|sh)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const known = { ...versions, ...chartEntries(read('chart/Chart.yaml')) };
    const all = files.flatMap((f) => scanVersions(f, read(f), known)).map(formatVersionFinding);
    expect(all).toEqual([]);
  });
});

describe('substituteVersions', () => {
  it('replaces a placeholder with the bare version and refuses an unknown tool', () => {
    expect(substituteVersions('Istio %%version(istio)%% and cert-manager %%version(cert-manager)%%', versions)).toBe(
      'Istio 1.28.0 and cert-manager 1.21.2',
    );
    expect(substituteVersions('chart %%chartVersion(ingress-nginx)%%', versions)).toBe('chart 4.15.1');
    expect(() => substituteVersions('%%version(nope)%%', versions)).toThrow(/nope.*docs\/versions\.json/);
  });
});

describe('the remark plugin', () => {
  const tree = (md: string) => unified().use(remarkParse).parse(md);

  it('writes versions into prose and inline code', () => {
    const root = tree('Flux %%version(flux)%% and `--version %%chartVersion(ingress-nginx)%%`\n');
    expect(substituteTree(root)).toEqual([]);
    expect(JSON.stringify(root)).toContain('Flux 2.9.5 and ');
    expect(JSON.stringify(root)).toContain('--version 4.15.1');
  });

  it('leaves code with other %% signs alone', () => {
    expect(substituteTree(tree('```promql\nrate(x[5m]) %% 2\n```\n'))).toEqual([]);
  });

  it('refuses a placeholder in a code block and an unknown tool, with the line', () => {
    const problems = substituteTree(
      tree('text\n\n```bash\nhelm --version %%version(istio)%%\n```\n\n%%version(nope)%%\n'),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^3: a code block holds %%version\(istio\)%%/);
    expect(problems[1]).toMatch(/^7: %%version\(nope\)%% names nothing/);
  });
});
