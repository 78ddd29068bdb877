// Rewrites an example written for the defaults (release `ghostwire` in namespace `ghostwire`,
// host `ghostwire.example.com`) for the reader's release, namespace and host. Pure: no DOM,
// no React, so the test can run every snippet in the repository through it and then
// through the harness.
//
// Release and namespace are both `ghostwire` by default, so the word alone does not say
// which one it is: the rules below decide from the context (a `namespace:` key, `-n`,
// `<svc>.<ns>.svc`, an instance label...). Names that belong to the chart and not to the
// release stay: `app.kubernetes.io/name: ghostwire`, chart names, image and URL paths.
import { chartNames, DEFAULT_HOSTS, isDefault, type ReaderSettings } from './settings.ts';

// Placeholders while rules run, so that a value already decided is not matched again.
const KEEP = '\u0001K\u0001';
const NS = '\u0001N\u0001';
const REL = '\u0001R\u0001';
const FULL = '\u0001F\u0001';
const STS = '\u0001S\u0001';
const HOST = '\u0001H\u0001';

const W = 'ghostwire';
/** The word on its own: not part of a longer name such as ghostwire-vnc-password or ghostwire_x. */
const END = '(?![\\w-])';
/** A key, label or option and its operator: `key: `, `key=`, `'key'] == '`, `key="`. */
const OP = `['"\\]]{0,2}\\s*(?::|=|==|!=)\\s*\\\\?['"]?`;

type Rule = [RegExp, string];

// Order matters: hosts, then names that stay, then the namespace, then the release.
const KEEP_RULES: Rule[] = [
  // Mesh identities first, before they look like a URL path: cluster.local/ns/<ns>/sa/<sa>.
  [new RegExp(`(\\bns/)${W}(/sa/)${W}${END}`, 'g'), `$1${NS}$2${FULL}`],
  // The chart's name label and selector, in YAML, selectors, CEL and JSON.
  [new RegExp(`(app\\.kubernetes\\.io/name${OP})${W}${END}`, 'g'), `$1${KEEP}`],
  // Another release's instance label (oauth2-proxy's `ghostwire-auth`); the chart's mount path.
  [new RegExp(`(app\\.kubernetes\\.io/instance${OP})${W}(?=-[\\w-])`, 'g'), `$1${KEEP}`],
  [/\/etc\/ghostwire\b/g, `/etc/${KEEP}`],
  // Chart names: HelmRelease `chart: ghostwire`, `ghostwire@0.1.0` in Flux output.
  [new RegExp(`(\\bchart:\\s*['"]?)${W}${END}`, 'g'), `$1${KEEP}`],
  [new RegExp(`\\b${W}(?=@\\d)`, 'g'), KEEP],
  // URL paths and image or chart references: oci://…/ghostwire, ghcr.io/example/ghostwire.
  [new RegExp(`(://[^\\s'"/]+/[^\\s'"]*?)\\b${W}\\b`, 'g'), `$1${KEEP}`],
  [new RegExp(`(\\b[\\w-]+(?:\\.[\\w-]+)+(?::\\d+)?/(?:[\\w.-]+/)+)${W}\\b`, 'g'), `$1${KEEP}`],
];

const NS_RULES: Rule[] = [
  // namespace: x, namespace=x, --namespace x, targetNamespace: x, namespaces: [x],
  // namespace="x" in PromQL (also escaped), namespace/x in kubectl output.
  [new RegExp(`(namespace[\\w-]*['"\\]]?\\s*(?:[:=/]|==)?\\s*\\[?\\s*\\\\?['"]?)${W}${END}`, 'gi'), `$1${NS}`],
  [new RegExp(`(\\s-n(?:\\s+|=)['"]?)${W}${END}`, 'g'), `$1${NS}`],
  [new RegExp(`(\\bns(?:\\s+|=|/)['"]?)${W}${END}`, 'g'), `$1${NS}`],
  // kubernetes.io/metadata.name: x and metadata.name == 'x' select namespaces.
  [new RegExp(`(metadata\\.name${OP})${W}${END}`, 'g'), `$1${NS}`],
  // <service>.x.svc, <service>.x:6901: the second DNS label is the namespace.
  [new RegExp(`(\\b[a-z0-9-]+\\.)${W}(?=\\.svc\\b|:\\d)`, 'g'), `$1${NS}`],
  [new RegExp(`\\b${W}(?=\\.svc\\b)`, 'g'), NS],
  // Istio Gateway hosts `x/<host>`; Flux's `release x/ghostwire`; Traefik's `x-<name>@kubernetescrd`.
  [new RegExp(`\\b${W}(?=/${HOST})`, 'g'), NS],
  [new RegExp(`\\b${W}(?=/${W}\\b)`, 'g'), NS],
  // <namespace>/<name> references in annotations: "ghostwire/authentik-forward-headers".
  [new RegExp(`(?<![\\w./-])${W}(?=/[a-z0-9])`, 'g'), NS],
  [new RegExp(`(?<![\\w.-])${W}(?=-[\\w-]+@kubernetescrd)`, 'g'), NS],
];

const RELEASE_RULES: Rule[] = [
  // The release itself: the instance label, helm's release argument, releaseName, Helm's
  // own records (`ns/ghostwire.v1`, `sh.helm.release.v1.ghostwire.v1`).
  [new RegExp(`(app\\.kubernetes\\.io/instance${OP})${W}${END}`, 'g'), `$1${REL}`],
  [
    new RegExp(
      `(\\bhelm\\s+(?:upgrade\\s+--install|install|upgrade|test|uninstall|delete|status|rollback|history|` +
        `template|get\\s+\\w+)\\s+)${W}${END}`,
      'g',
    ),
    `$1${REL}`,
  ],
  [new RegExp(`(releaseName${OP})${W}${END}`, 'g'), `$1${REL}`],
  [new RegExp(`(?<![\\w-])${W}(?=\\.v\\d+\\b)`, 'g'), REL],
];

const NAME_RULES: Rule[] = [
  // The StatefulSet, its pod and the pod's volume claim: <statefulset>-0, home-<statefulset>-0.
  [new RegExp(`(?<![\\w.-])(home-)?${W}(?=-(?:\\d+|\\[0-9\\]\\+?)(?![\\w]))`, 'g'), `$1${STS}`],
  [new RegExp(`(\\bstatefulset(?:s|\\.apps)?[/\\s]+)${W}${END}`, 'gi'), `$1${STS}`],
  // Names the chart derives from its base name: <fullname>-auth, -tls, -headless, -test.
  [new RegExp(`(?<![\\w.-])${W}(?=-(?:auth|tls|headless|test)(?![\\w-]))`, 'g'), FULL],
  // Everything else that names `ghostwire` on its own: the Service and ServiceAccount the
  // chart creates, and the objects the examples name after them.
  [new RegExp(`(?<![\\w.-])${W}${END}`, 'g'), FULL],
];

/** YAML structure the regular expressions cannot see: Namespace objects and namespace lists. */
function markYamlNamespaces(text: string): string {
  const lines = text.split('\n');
  let docStart = 0;
  const isNamespaceDoc = (from: number) => {
    for (let i = from; i < lines.length && !/^---/.test(lines[i] ?? ''); i++)
      if (/^kind:\s*Namespace\s*$/.test(lines[i] ?? '')) return true;
    return false;
  };
  let namespaceDoc = isNamespaceDoc(0);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^---/.test(line)) {
      docStart = i + 1;
      namespaceDoc = isNamespaceDoc(docStart);
      continue;
    }
    if (namespaceDoc && new RegExp(`^  name:\\s*['"]?${W}['"]?\\s*$`).test(line)) {
      lines[i] = line.replace(W, NS);
      continue;
    }
    const item = new RegExp(`^(\\s*-\\s+['"]?)${W}(['"]?\\s*)$`).exec(line);
    if (!item) continue;
    const indent = line.search(/\S/);
    for (let j = i - 1; j >= docStart; j--) {
      const parent = lines[j] ?? '';
      if (parent.trim() === '' || parent.search(/\S/) >= indent) continue;
      if (/namespace[\w-]*['"]?:\s*$/i.test(parent)) lines[i] = `${item[1]}${NS}${item[2]}`;
      break;
    }
  }
  return lines.join('\n');
}

function apply(text: string, rules: Rule[]): string {
  return rules.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Not inside a longer name, but also after `%2F` (a host inside an encoded redirect URI).
const HOST_PATTERN = new RegExp(
  `(?:(?<![\\w.-])|(?<=%2F))(?:${DEFAULT_HOSTS.map(escapeRegExp).join('|')})(?![\\w-])`,
  'g',
);

/** `text` with the default release, namespace and host replaced by the reader's. */
export function substitute(text: string, settings: ReaderSettings): string {
  if (isDefault(settings) || !text.includes(W)) return text;
  const names = chartNames(settings.release);
  let t = text.replace(HOST_PATTERN, HOST);
  t = apply(t, KEEP_RULES);
  t = markYamlNamespaces(t);
  t = apply(t, NS_RULES);
  t = apply(t, RELEASE_RULES);
  t = apply(t, NAME_RULES);
  return t
    .replaceAll(KEEP, W)
    .replaceAll(NS, settings.namespace)
    .replaceAll(REL, settings.release)
    .replaceAll(FULL, names.fullname)
    .replaceAll(STS, names.statefulSet)
    .replaceAll(HOST, settings.host);
}
