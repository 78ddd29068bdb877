// Chart values embedded in GitOps objects that install this chart: Flux HelmRelease
// `spec.values` and Argo CD Application `spec.source(s).helm.valuesObject` / `values`. Pure.
import { parse } from 'yaml';
import { get, isMap } from './objects.ts';
import type { KubeDocument } from './types.ts';

export interface EmbeddedValues {
  doc: KubeDocument;
  /** Path of the values inside the document, for locating findings. */
  at: (string | number)[];
  values: Record<string, unknown>;
  release: string;
  namespace: string;
  /** Set when the values are a YAML string (Argo CD `helm.values`): paths cannot be located inside it. */
  opaque: boolean;
}

/** Whether a chart reference names the Ghostwire chart. */
export function isGhostwireChart(ref: unknown): boolean {
  return typeof ref === 'string' && /(^|[/:])ghostwire(?:$|[:@])|(^|\/)chart\/?$/.test(ref.replace(/\/+$/, ''));
}

function helmRelease(doc: KubeDocument): EmbeddedValues[] {
  const spec = get(doc.object, 'spec');
  const chartName = get(spec, 'chart', 'spec', 'chart');
  const chartRef = get(spec, 'chartRef', 'name');
  if (!isGhostwireChart(chartName) && !isGhostwireChart(chartRef)) return [];
  const values = get(spec, 'values');
  const targetNs = get(spec, 'targetNamespace');
  const ns = typeof targetNs === 'string' ? targetNs : (doc.namespace ?? 'default');
  const release = get(spec, 'releaseName');
  const name =
    typeof release === 'string'
      ? release
      : typeof targetNs === 'string'
        ? `${targetNs}-${doc.name ?? ''}`
        : (doc.name ?? '');
  return [
    { doc, at: ['spec', 'values'], values: isMap(values) ? values : {}, release: name, namespace: ns, opaque: false },
  ];
}

/** ApplicationSet templates use `{{ .user }}` / `{{user}}`; a sample value stands in for each. */
export function detemplate(v: unknown): unknown {
  if (typeof v === 'string')
    return v.replace(
      /\{\{-?\s*\.?([\w.]+)\s*-?\}\}/g,
      (_m, name: string) => `sample-${name.split('.').pop()?.toLowerCase() ?? 'value'}`,
    );
  if (Array.isArray(v)) return v.map(detemplate);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, detemplate(x)]));
  return v;
}

function applicationSet(doc: KubeDocument): EmbeddedValues[] {
  const template = detemplate(get(doc.object, 'spec', 'template'));
  const meta = get(template, 'metadata');
  const name = get(meta, 'name');
  const inner: KubeDocument = {
    ...doc,
    name: typeof name === 'string' ? name : doc.name,
    object: { spec: get(template, 'spec') },
    locate: (p) => doc.locate(p[0] === 'spec' ? ['spec', 'template', ...p] : p),
  };
  return application(inner).map((e) => ({ ...e, doc, at: ['spec', 'template', ...e.at] }));
}

function application(doc: KubeDocument): EmbeddedValues[] {
  const spec = get(doc.object, 'spec');
  const sources: [unknown, (string | number)[]][] = [];
  if (isMap(get(spec, 'source'))) sources.push([get(spec, 'source'), ['spec', 'source']]);
  const many = get(spec, 'sources');
  if (Array.isArray(many)) many.forEach((s, i) => sources.push([s, ['spec', 'sources', i]]));
  const ns = get(spec, 'destination', 'namespace');
  const out: EmbeddedValues[] = [];
  for (const [src, at] of sources) {
    // Helm repository (chart: ghostwire), Git (path: chart) or OCI (repoURL: oci://…/ghostwire, path: .).
    const oci =
      typeof get(src, 'repoURL') === 'string' &&
      String(get(src, 'repoURL')).startsWith('oci://') &&
      get(src, 'chart') === undefined;
    if (
      !isGhostwireChart(get(src, 'chart')) &&
      !isGhostwireChart(get(src, 'path')) &&
      !(oci && isGhostwireChart(get(src, 'repoURL')))
    )
      continue;
    const helm = get(src, 'helm');
    const releaseName = get(helm, 'releaseName');
    const base = {
      doc,
      release: typeof releaseName === 'string' ? releaseName : (doc.name ?? ''),
      namespace: typeof ns === 'string' ? ns : 'default',
    };
    const obj = get(helm, 'valuesObject');
    const str = get(helm, 'values');
    if (isMap(obj)) out.push({ ...base, at: [...at, 'helm', 'valuesObject'], values: obj, opaque: false });
    else if (typeof str === 'string') {
      let parsed: unknown;
      try {
        parsed = parse(str);
      } catch {
        parsed = undefined;
      }
      out.push({ ...base, at: [...at, 'helm', 'values'], values: isMap(parsed) ? parsed : {}, opaque: true });
    } else out.push({ ...base, at: [...at, 'helm'], values: {}, opaque: false });
  }
  return out;
}

/** Values that a GitOps object passes to the Ghostwire chart, if it installs it. */
export function embeddedValues(doc: KubeDocument): EmbeddedValues[] {
  if (doc.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && doc.kind === 'HelmRelease') return helmRelease(doc);
  if (doc.apiVersion.startsWith('argoproj.io/') && doc.kind === 'Application') return application(doc);
  if (doc.apiVersion.startsWith('argoproj.io/') && doc.kind === 'ApplicationSet') return applicationSet(doc);
  return [];
}
