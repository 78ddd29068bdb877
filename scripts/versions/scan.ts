// Finds versions of known tools in docs, examples and the chart README that are not the ones
// docs/versions.json names. Pure: text in, findings out; the test reads the files.

export interface ToolVersion {
  version: string;
  package: string;
  image?: string;
  chartVersion?: string;
}
export type Versions = Record<string, ToolVersion>;

export interface VersionFinding {
  file: string;
  line: number;
  tool: string;
  found: string;
  expected: string;
}

/** How prose names each tool; the version may follow after a word such as "controller". */
const NAMES: Record<string, string> = {
  'cert-manager': 'cert-manager',
  istio: 'Istio',
  flux: 'Flux',
  'argo-cd': 'Argo CD',
  velero: 'Velero',
  'velero-plugin-for-aws': 'velero-plugin-for-aws',
  cilium: 'Cilium',
  'gateway-api': 'Gateway API',
  traefik: 'Traefik(?: Proxy)?',
  'prometheus-operator': 'Prometheus Operator',
  'oauth2-proxy': 'oauth2-proxy',
  'ingress-nginx': 'ingress-nginx(?: controller)?',
  contour: 'Contour',
  'consul-k8s': 'consul-k8s(?: Helm chart)?',
  'envoy-gateway': 'Envoy Gateway',
  kyverno: 'Kyverno',
  gatekeeper: 'Gatekeeper',
  'sealed-secrets': 'Sealed Secrets',
  keycloak: 'Keycloak(?: Operator)?',
  consul: 'Consul',
  // Open-source Linkerd ships edge releases (edge-26.8.3); a "2.x" number names a stable release.
  linkerd: 'Linkerd',
  kasten: '(?:Veeam )?Kasten(?: \\(K10\\)| K10)?|K10',
  authentik: '[Aa]uthentik',
  calico: 'Calico(?: Open Source)?',
  'external-secrets': 'External Secrets(?: Operator)?|ESO',
  busybox: '[Bb]usy[Bb]ox',
  // Our own chart and its image, from chart/Chart.yaml (chartEntries).
  ghostwire: 'Ghostwire chart',
};

/** Words that make an older version a statement about history or a minimum, not a pin. */
const HISTORY =
  /\b(since|before|older|earlier|or later|and later|introduced|added in|removed in|until|predates|newer than)\b|\+/i;

/** Without a leading "v" or a channel prefix such as Linkerd's "edge-". */
const bare = (v: string) => v.replace(/^(?:v|edge-)/, '');
/** "1.21" names 1.21.2; "1.21.2" must be exact. */
export const sameVersion = (found: string, expected: string): boolean => {
  const f = bare(found).split('.');
  const e = bare(expected).split('.');
  return f.every((part, i) => part === e[i]);
};

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const VER = '(?:v|edge-)?(\\d+\\.\\d+(?:\\.\\d+)?)(?![\\d.]*\\d)';

interface Rule {
  tool: string;
  re: RegExp;
  expected: string;
  /** Prose mentions may name an older version in a history sentence. */
  prose: boolean;
}

const rules = (versions: Versions): Rule[] => {
  const out: Rule[] = [];
  for (const [tool, t] of Object.entries(versions)) {
    const name = NAMES[tool];
    if (name) {
      // "Cilium 1.19" in prose and "| Cilium | 1.19 |" in a table row.
      const re = new RegExp(`(?<![\\w/-])(?:${name})(?:\\s+|\\s*\\|\\s*)${VER}`, 'g');
      out.push({ tool, re, expected: t.version, prose: true });
    }
    if (t.image) {
      out.push({ tool, re: new RegExp(`${esc(t.image)}:${VER}`, 'g'), expected: t.version, prose: false });
    }
    const pkg = esc(t.package);
    out.push({
      tool,
      re: new RegExp(`(?:github\\.com/${pkg}/releases/download|raw\\.githubusercontent\\.com/${pkg})/${VER}/`, 'g'),
      expected: t.version,
      prose: false,
    });
  }
  return out;
};

/** `helm install <release> <repo>/<chart> … --version x` for charts the data file knows. */
const CHARTS: Record<string, RegExp> = {
  'ingress-nginx': /ingress-nginx\/ingress-nginx\b|kubernetes\.github\.io\/ingress-nginx/,
  'cert-manager': /jetstack\/(?:charts\/)?cert-manager\b/,
  istio: /\bistio\/(?:base|istiod|gateway|cni)\b/,
  'consul-k8s': /hashicorp\/consul\b/,
  'envoy-gateway': /envoyproxy\/gateway-helm\b/,
  kasten: /kasten\/k10\b/,
  authentik: /\bauthentik\/authentik\b/,
  ghostwire: /\/charts\/ghostwire\b/,
};

/** The chart's own version and image tag, as chart/Chart.yaml names them, in the data file's shape. */
export function chartEntries(chartYaml: string): Versions {
  const field = (name: string) => new RegExp(`^${name}:\\s*"?([^"\\s]+)"?`, 'm').exec(chartYaml)?.[1] ?? '';
  return {
    ghostwire: { version: field('version'), package: 'ghostwire' },
    signal: { version: field('appVersion'), package: 'kasmweb/signal', image: 'kasmweb/signal' },
  };
}

export function scanVersions(file: string, text: string, versions: Versions): VersionFinding[] {
  const findings: VersionFinding[] = [];
  const lines = text.split('\n');
  const all = rules(versions);
  let chart: string | undefined;
  lines.forEach((line, i) => {
    for (const rule of all) {
      for (const m of line.matchAll(rule.re)) {
        const found = m[1] ?? '';
        if (sameVersion(found, rule.expected)) continue;
        if (rule.prose && HISTORY.test(line)) continue;
        findings.push({ file, line: i + 1, tool: rule.tool, found, expected: rule.expected });
      }
    }
    // A helm command may span lines joined by "\": remember its chart until the command ends.
    for (const [tool, re] of Object.entries(CHARTS)) if (re.test(line)) chart = tool;
    const flag = /--version[ =]v?(\d+\.\d+\.\d+)/.exec(line);
    if (flag && chart) {
      const t = versions[chart];
      const expected = t?.chartVersion ?? t?.version ?? '';
      if (expected && !sameVersion(flag[1] ?? '', expected)) {
        findings.push({ file, line: i + 1, tool: chart, found: flag[1] ?? '', expected });
      }
    }
    if (!line.trimEnd().endsWith('\\')) chart = undefined;
  });
  return findings;
}

export const formatVersionFinding = (f: VersionFinding): string =>
  `${f.file}:${f.line}: ${f.tool} ${f.found} is not the version docs/versions.json names (${f.expected}); ` +
  `write the data file's version, or a %%version(${f.tool})%% placeholder in prose`;
