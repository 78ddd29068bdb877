// Cross-checks: every example agrees with the chart it points at. For one page or example
// folder: render the chart with the values that apply, collect what the example creates,
// run the checks, and apply the explicit, reasoned opt-outs.
import type { Classified } from '../classify.ts';
import type { GhostwireContext } from '../context.ts';
import type { Finding, KubeDocument } from '../types.ts';
import { mergeValues, type ChartRenderer } from '../values.ts';
import {
  checkBackend,
  checkLinkerdTargets,
  checkNamespaceLabels,
  checkSecret,
  checkSelect,
  checkValuesSecrets,
  checkWebsocket,
  type UnitFacts,
} from './checks.ts';
import { get, list, strMap } from '../objects.ts';
import { buildModel, type ChartModel } from './model.ts';
import { backendRefs } from './refs.ts';
import { namespaceLabelRefs, secretRefs, selectRefs } from './selects.ts';
import { helmInstall, labelLookup } from './commands.ts';
import { checkDeclaredGateway, installedAccount, withValuesFiles } from './installs.ts';
import { checkConfigMaps } from './configmaps.ts';
import { checkKeyRef, keyRefs } from './keys.ts';
import { checkGatewaySelector, checkLookup, type Labelled } from './lookups.ts';
import { checkIdentities, type MeshKnown } from './mesh.ts';
import { checkRoutes } from './routes.ts';
import { completeNamespaces, labelledObjects, meshKnown } from './known.ts';
import { optOutsOf } from './optouts.ts';
import { unitShapes } from './story.ts';

export { optOutsOf } from './optouts.ts';
export { scenarioUnit, unitShapes } from './story.ts';
import type { Command } from './shell.ts';

export interface CrossrefUnit {
  id: string;
  context: GhostwireContext;
  items: Classified[];
  renderer: ChartRenderer;
  /** The shell commands the unit's pages document. */
  commands?: Command[];
  /** Example folders the unit's pages show. */
  shows?: string[];
}

export interface OptOut {
  file: string;
  line: number;
  code: string;
  reason: string;
}

export interface CrossrefResult {
  findings: Map<Classified, Finding[]>;
  /** Findings at lines outside any YAML snippet (documented commands). */
  unitFindings: Finding[];
  optOuts: OptOut[];
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);

/** What the documents of a page or example folder create. Pure. */
export function unitFacts(docs: readonly KubeDocument[], ctx: GhostwireContext): UnitFacts {
  const facts: UnitFacts = {
    services: [],
    pods: [],
    secrets: new Set(),
    namespaces: new Map(),
    prerequisites: ctx.prerequisites,
    backendTls: new Set(),
    servers: new Set(),
  };
  for (const d of docs) {
    const o = d.object;
    if (d.kind === 'Service' && d.name)
      facts.services.push({ name: d.name, namespace: d.namespace, labels: strMap(get(o, 'metadata', 'labels')) });
    if (WORKLOADS.has(d.kind)) facts.pods.push(strMap(get(o, 'spec', 'template', 'metadata', 'labels')));
    if (d.kind === 'Pod') facts.pods.push(strMap(get(o, 'metadata', 'labels')));
    if (d.kind === 'Secret' && d.name) facts.secrets.add(d.name);
    if (d.kind === 'Server' && d.apiVersion.startsWith('policy.linkerd.io/') && d.name) facts.servers.add(d.name);
    if (d.kind === 'SealedSecret' && d.name)
      facts.secrets.add(String(get(o, 'spec', 'template', 'metadata', 'name') ?? d.name));
    if (d.kind === 'ExternalSecret' && d.name) facts.secrets.add(String(get(o, 'spec', 'target', 'name') ?? d.name));
    if (d.kind === 'Certificate' && typeof get(o, 'spec', 'secretName') === 'string')
      facts.secrets.add(String(get(o, 'spec', 'secretName')));
    if (d.kind === 'Namespace' && d.name)
      facts.namespaces.set(d.name, { ...strMap(get(o, 'metadata', 'labels')), 'kubernetes.io/metadata.name': d.name });
    if (d.kind === 'BackendTLSPolicy')
      for (const t of list(get(o, 'spec', 'targetRefs')))
        if (typeof get(t, 'name') === 'string') facts.backendTls.add(String(get(t, 'name')));
    if (
      (d.kind === 'ClusterIssuer' || d.kind === 'Issuer') &&
      list(get(o, 'spec', 'acme', 'solvers')).some((x) => get(x, 'http01') !== undefined)
    ) {
      // cert-manager starts these solver pods itself while it answers HTTP-01 challenges.
      facts.pods.push({ 'acme.cert-manager.io/http01-solver': 'true' });
    }
    const ann = strMap(get(o, 'metadata', 'annotations'));
    if (ann['cert-manager.io/cluster-issuer'] || ann['cert-manager.io/issuer']) {
      // ingress-shim: cert-manager creates the Secrets an annotated Ingress or Gateway names.
      for (const t of list(get(o, 'spec', 'tls')))
        if (typeof get(t, 'secretName') === 'string') facts.secrets.add(String(get(t, 'secretName')));
      for (const l of list(get(o, 'spec', 'listeners')))
        for (const c of list(get(l, 'tls', 'certificateRefs')))
          if (typeof get(c, 'name') === 'string') facts.secrets.add(String(get(c, 'name')));
    }
  }
  return facts;
}

export async function checkCrossrefs(u: CrossrefUnit): Promise<CrossrefResult> {
  const result: CrossrefResult = { findings: new Map(), unitFindings: [], optOuts: [] };
  const docs = u.items.flatMap((c) => c.documents);
  const facts = unitFacts(docs, u.context);
  const commands = u.commands ?? [];
  const shapes = unitShapes(u);
  for (const s of shapes) if (s.kind === 'Secret') facts.secrets.add(s.name);
  const snippets = u.items.map((c) => c.snippet);
  const installs = commands
    .map(helmInstall)
    .filter((h) => h !== undefined)
    .map((h) => withValuesFiles(h, snippets));
  const gateways = installs.map(installedAccount).filter((a) => a !== undefined);
  const namespaces = new Set([
    u.context.namespace,
    ...docs.map((d) => d.namespace).filter((n): n is string => !!n),
    ...facts.namespaces.keys(),
  ]);
  const byId = new Map(
    u.items
      .filter((c) => c.kind === 'values' && c.snippet.meta['id'] && c.values)
      .map((c) => [c.snippet.meta['id'] as string, c]),
  );
  const models = new Map<string, Promise<ChartModel | undefined>>();
  const modelFor = (values: Record<string, unknown>) => {
    const key = JSON.stringify(values);
    let p = models.get(key);
    if (!p) {
      p = u.renderer
        .render(u.context.release, u.context.namespace, values)
        .then((r) =>
          r.error
            ? undefined
            : buildModel(
                u.context.release,
                u.context.namespace,
                r.objects,
                mergeValues(u.renderer.chart.defaults, values),
              ),
        );
      models.set(key, p);
    }
    return p;
  };
  // What the unit knows about identities and labels, once per chart model.
  const knowns = new Map<ChartModel, { mesh: MeshKnown; labelled: Labelled[] }>();
  const knownFor = (m: ChartModel) => {
    let k = knowns.get(m);
    if (!k) {
      k = { mesh: meshKnown(u, docs, m, gateways, namespaces), labelled: labelledObjects(u, docs, m, gateways) };
      knowns.set(m, k);
    }
    return k;
  };
  const push = (c: Classified, fs: Finding[]) =>
    fs.length && result.findings.set(c, [...(result.findings.get(c) ?? []), ...fs]);

  for (const c of u.items) {
    const uses = c.snippet.meta['uses'];
    const usesValues = uses ? byId.get(uses) : undefined;
    if (uses && !usesValues) {
      push(c, [
        {
          code: 'UNKNOWN_VALUES_ID',
          severity: 'error',
          file: c.snippet.file,
          line: c.snippet.line,
          path: '',
          message: `This fence says uses=${uses}, but no values fence on this page has id=${uses}.`,
        },
      ]);
      continue;
    }
    const values = mergeValues(
      u.context.values,
      (usesValues?.values?.value as Record<string, unknown> | undefined) ?? {},
    );
    if (c.kind === 'values' && c.values) {
      const own = mergeValues(u.context.values, c.values.value as Record<string, unknown>);
      const m = await modelFor(own);
      if (m) push(c, checkValuesSecrets(m, facts, c.values.locate, c.snippet.file));
      continue;
    }
    if (c.documents.length === 0) continue;
    const m = await modelFor(values);
    if (!m) continue;
    for (const d of c.documents) {
      const { codes, findings: optFindings } = optOutsOf(c, d);
      const fs: Finding[] = [...optFindings];
      const backends = backendRefs(d, namespaces);
      fs.push(...backends.flatMap((b) => checkBackend(b, m, facts)));
      if (backends.some((b) => m.services.some((s) => s.name === b.name))) fs.push(...checkWebsocket(d));
      fs.push(...selectRefs(d).flatMap((s) => checkSelect(s, m, facts)));
      fs.push(...namespaceLabelRefs(d).flatMap((n) => checkNamespaceLabels(n, facts)));
      fs.push(...secretRefs(d).flatMap((s) => checkSecret(s, m, facts)));
      fs.push(...checkLinkerdTargets(d, facts));
      fs.push(...checkRoutes(d, docs));
      const known = [...shapes, ...m.shapes];
      fs.push(...keyRefs(d, u.context.namespace).flatMap((r) => checkKeyRef(r, known)));
      fs.push(...checkConfigMaps(d, known, u.context.namespace));
      fs.push(...checkIdentities(d, knownFor(m).mesh));
      fs.push(...checkGatewaySelector(d, knownFor(m).labelled));
      const kept = fs.filter((f) => !codes.has(f.code));
      for (const [code, reason] of codes) result.optOuts.push({ file: d.file, line: d.line, code, reason });
      push(c, dedupeFindings(kept));
    }
  }
  const base = await modelFor(u.context.values);
  if (base) {
    const labelled = knownFor(base).labelled;
    const complete = completeNamespaces(u, gateways, installs);
    for (const c of commands) {
      const l = labelLookup(c);
      if (l) result.unitFindings.push(...checkLookup(l, labelled, complete));
    }
  }
  for (const h of installs)
    result.unitFindings.push(...checkDeclaredGateway(h, u.context.prerequisites.serviceAccounts, u.context.source));
  for (const c of commands)
    for (const [code, reason] of c.ignores)
      if (!result.optOuts.some((o) => o.file === c.file && o.code === code && o.line === c.line))
        result.optOuts.push({ file: c.file, line: c.line, code, reason });
  return result;
}

function dedupeFindings(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.code}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
