// Server-side dry run of every Kubernetes object from docs and examples, and
// the judgement of kubectl's answer: passed, rejected (a finding at the
// document's line), or skipped because no CRD serves it. Pure.
import type { Finding, KubeDocument } from '../types.ts';
import type { Kube } from './kube.ts';
import type { Command, CommandResult, DocumentResult } from './types.ts';

/** API groups built into Kubernetes: "not served" there is the document's fault, never a missing CRD. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'extensions',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'node.k8s.io',
  'scheduling.k8s.io',
  'resource.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
]);

const NOT_SERVED =
  /no matches for kind|resource mapping not found|could not find the requested resource|doesn't have a resource type/i;

function metaName(doc: KubeDocument): string | undefined {
  const meta = doc.object['metadata'];
  const name = meta && typeof meta === 'object' ? (meta as Record<string, unknown>)['name'] : undefined;
  return typeof name === 'string' && name ? name : undefined;
}

/** Why a document is not sent to the server at all, if it is not. */
export function precheck(doc: KubeDocument): string | undefined {
  if (!metaName(doc)) return 'no metadata.name (kubectl apply needs one; generateName works only with kubectl create)';
  return undefined;
}

/** The object as sent: a namespace it names is replaced by the tier's namespace. */
export function inNamespace(doc: KubeDocument, ns: string): Record<string, unknown> {
  const meta = doc.object['metadata'];
  if (!meta || typeof meta !== 'object' || !('namespace' in meta)) return doc.object;
  return { ...doc.object, metadata: { ...(meta as Record<string, unknown>), namespace: ns } };
}

export function documentCommands(docs: KubeDocument[], k: Kube): Command[] {
  const cmds: Command[] = [k.kubectl(['api-versions'], { capture: 'API_VERSIONS' })];
  docs.forEach((doc, i) => {
    if (precheck(doc)) return;
    cmds.push(
      k.kubectl(['apply', '--dry-run=server', '--validate=strict', '-n', k.ns, '-f', '-'], {
        input: JSON.stringify(inNamespace(doc, k.ns)),
        inputLabel: `${doc.file}:${doc.line} ${doc.kind}/${metaName(doc)}`,
        check: { type: 'dry-run', document: i },
        keepGoing: true,
      }),
    );
  });
  return cmds;
}

/** `spec.rules[0].host` → ['spec', 'rules', 0, 'host']. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

/** The YAML path an API server message points at, if it names one. */
export function pathInMessage(message: string): string | undefined {
  const unknown = /unknown field "([^"]+)"/.exec(message);
  if (unknown) return unknown[1];
  const field =
    /(?:^|[\s:])((?:metadata|spec|data|stringData|rules|subjects|roleRef|webhooks|parameters|provisioner)(?:\.[\w-]+|\[\d+\])*): (?:Required value|Invalid value|Unsupported value|Forbidden|Duplicate value|Too long|Too many|Not found)/m.exec(
      message,
    );
  return field?.[1];
}

function cleanMessage(stderr: string): string {
  return stderr
    .trim()
    .replace(/^Error from server \([^)]*\): /, '')
    .replace(/^error when (?:creating|applying patch|retrieving current configuration of)[^"]*"STDIN":\s*/, '')
    .replace(/\s+/g, ' ');
}

export interface Judgement {
  result: DocumentResult;
  finding?: Finding;
  /** Warnings the server attached to an accepted object. */
  warnings?: Finding[];
  /** kubectl itself failed (timed out, missing): an error of the harness, not of the document. */
  broken?: boolean;
}

/** Judges kubectl's answer for one document; `apiVersions` is `kubectl api-versions` output. */
export function judgeDryRun(doc: KubeDocument, r: CommandResult, apiVersions: string, skipNote = ''): Judgement {
  const name = metaName(doc);
  const base = { file: doc.file, line: doc.line, kind: doc.kind, ...(name ? { name } : {}) };
  if (r.exitCode === 0) {
    // Accepted, perhaps with warnings (a deprecated API, an unknown annotation value).
    const warnings = [...`${r.stderr}`.matchAll(/^Warning: (.+)$/gm)].map(
      (m): Finding => ({
        code: 'SERVER_WARNING',
        severity: 'warning',
        file: doc.file,
        line: doc.line,
        path: '',
        message: `the API server accepted ${doc.kind} ${name ?? ''} with a warning: ${m[1]}`,
      }),
    );
    return { result: { ...base, status: 'passed' }, ...(warnings.length ? { warnings } : {}) };
  }
  if (r.exitCode === 124 || r.exitCode === 127 || r.exitCode === 130) {
    return {
      result: {
        ...base,
        status: 'skipped',
        reason: `kubectl did not answer (exit ${r.exitCode}): ${cleanMessage(r.stderr)}`,
      },
      broken: true,
    };
  }
  const message = cleanMessage(r.stderr || r.stdout);
  const what = `${doc.kind} ${name ?? ''}`.trim();
  const finding = (code: string, text: string, path = ''): Judgement => {
    let line = doc.line;
    let column: number | undefined;
    if (path) {
      try {
        ({ line, column } = doc.locate(parsePath(path)));
      } catch {
        /* the path is not in the document as written: report its first line */
      }
    }
    return {
      result: { ...base, status: 'failed', reason: text },
      finding: { code, severity: 'error', file: doc.file, line, ...(column ? { column } : {}), path, message: text },
    };
  };
  if (NOT_SERVED.test(message)) {
    const served = apiVersions.split(/\s+/).filter(Boolean);
    const group = doc.apiVersion.includes('/') ? doc.apiVersion.slice(0, doc.apiVersion.lastIndexOf('/')) : '';
    const versions = served.filter((v) => v.startsWith(`${group}/`));
    if (served.includes(doc.apiVersion)) {
      return finding(
        'API_NOT_SERVED',
        `${doc.apiVersion} has no kind ${doc.kind} in this cluster (a misspelt kind?): ${message}`,
        'kind',
      );
    }
    if (versions.length || BUILTIN_GROUPS.has(group)) {
      const alt = versions.length ? `; the cluster serves ${versions.join(', ')}` : '';
      return finding(
        'API_NOT_SERVED',
        `${doc.apiVersion} is not served by Kubernetes in the cluster tier${alt}`,
        'apiVersion',
      );
    }
    return {
      result: { ...base, status: 'skipped', reason: `no CRD for ${group} is installed in the cluster${skipNote}` },
    };
  }
  return finding('SERVER_REJECTED', `the API server rejected ${what}: ${message}`, pathInMessage(message) ?? '');
}
