// Stage 4: strict validation of one Kubernetes document against its schema, plus the
// syntax rules no OpenAPI schema states (names, labels, removed APIs). Pure.
import type { SchemaError } from './schema-errors.ts';
import type { SchemaLookup } from './schemas.ts';
import type { Finding, KubeDocument } from './types.ts';
import { formatPath } from './yamldoc.ts';

export interface ValidateOptions {
  kubeVersion: string;
  strictMissing: boolean;
}

const HINTS: Record<string, string> = {
  UNKNOWN_FIELD: 'Check the spelling and the indentation, or remove the field.',
  INVALID_TYPE: 'Quote strings that look like numbers or booleans, and check the nesting.',
  MISSING_REQUIRED: 'Add the field.',
  INVALID_ENUM: 'Use one of the listed values.',
  INVALID_FORMAT: 'Fix the value so it has the expected format.',
  SCHEMA_VIOLATION: 'Compare the value with the API reference of this kind.',
};

/** API versions that a Kubernetes release no longer serves: [apiVersion, kind or '*', removed in minor, replacement]. */
const REMOVED_APIS: readonly [string, string, number, string][] = [
  ['extensions/v1beta1', '*', 22, 'apps/v1 or networking.k8s.io/v1'],
  ['networking.k8s.io/v1beta1', 'Ingress', 22, 'networking.k8s.io/v1'],
  ['networking.k8s.io/v1beta1', 'IngressClass', 22, 'networking.k8s.io/v1'],
  ['apiextensions.k8s.io/v1beta1', '*', 22, 'apiextensions.k8s.io/v1'],
  ['rbac.authorization.k8s.io/v1beta1', '*', 22, 'rbac.authorization.k8s.io/v1'],
  ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', 22, 'admissionregistration.k8s.io/v1'],
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', 22, 'admissionregistration.k8s.io/v1'],
  ['batch/v1beta1', 'CronJob', 25, 'batch/v1'],
  ['policy/v1beta1', 'PodDisruptionBudget', 25, 'policy/v1'],
  ['policy/v1beta1', 'PodSecurityPolicy', 25, 'Pod Security Admission'],
  ['discovery.k8s.io/v1beta1', 'EndpointSlice', 25, 'discovery.k8s.io/v1'],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', 25, 'autoscaling/v2'],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 26, 'autoscaling/v2'],
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 27, 'storage.k8s.io/v1'],
  ['flowcontrol.apiserver.k8s.io/v1beta2', '*', 29, 'flowcontrol.apiserver.k8s.io/v1'],
  ['flowcontrol.apiserver.k8s.io/v1beta3', '*', 32, 'flowcontrol.apiserver.k8s.io/v1'],
];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Name rules that differ from the default (a DNS-1123 subdomain). */
const NAME_RULES: Record<string, { test: (n: string) => boolean; says: string }> = {
  Namespace: {
    test: (n) => n.length <= 63 && DNS_LABEL.test(n),
    says: "a lowercase RFC 1123 label: at most 63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit",
  },
  Service: {
    test: (n) => n.length <= 63 && DNS_1035_LABEL.test(n),
    says: "a lowercase RFC 1035 label: at most 63 characters of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
  },
};
// RBAC objects only need names that are valid path segments (system:aggregate-to-view is fine).
for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) {
  NAME_RULES[kind] = {
    test: (n) => n !== '' && n !== '.' && n !== '..' && !/[/%]/.test(n),
    says: "a path segment: not '.' or '..', and without '/' or '%'",
  };
}

export function minorOf(kubeVersion: string): number {
  return Number(/^v?\d+\.(\d+)/.exec(kubeVersion)?.[1] ?? NaN);
}

/** A finding at a path of a document, located in its source file. */
export function finding(
  doc: KubeDocument,
  code: string,
  severity: Finding['severity'],
  p: (string | number)[],
  message: string,
): Finding {
  const at = doc.locate(p);
  return { code, severity, file: doc.file, line: at.line, column: at.column, path: formatPath(p), message };
}

function describe(doc: KubeDocument): string {
  return `${doc.kind}${doc.name ? ` ${doc.name}` : ''}`;
}

/** Checks a label or annotation key: optional DNS-subdomain prefix, then a qualified name of at most 63 characters. */
export function checkQualifiedKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return `its prefix "${prefix}" must be a lowercase DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name))
    return `its name part "${name}" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  return undefined;
}

function syntaxChecks(doc: KubeDocument): Finding[] {
  const out: Finding[] = [];
  const meta = (doc.object['metadata'] ?? {}) as Record<string, unknown>;
  if (typeof meta !== 'object' || meta === null) return out;
  const name = meta['name'];
  if (name === undefined && meta['generateName'] === undefined) {
    out.push(
      finding(
        doc,
        'MISSING_REQUIRED',
        'error',
        ['metadata'],
        `${doc.kind}: metadata.name is missing; every object needs a name to be applied.`,
      ),
    );
  } else if (typeof name === 'string') {
    const rule = NAME_RULES[doc.kind] ?? {
      test: (n: string) => n.length <= 253 && DNS_SUBDOMAIN.test(n),
      says: "a lowercase RFC 1123 subdomain: at most 253 characters of lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    };
    if (!rule.test(name))
      out.push(
        finding(doc, 'INVALID_NAME', 'error', ['metadata', 'name'], `${doc.kind} name "${name}" must be ${rule.says}.`),
      );
  }
  const ns = meta['namespace'];
  if (typeof ns === 'string' && !(ns.length <= 63 && DNS_LABEL.test(ns))) {
    out.push(
      finding(
        doc,
        'INVALID_NAME',
        'error',
        ['metadata', 'namespace'],
        `Namespace "${ns}" must be a lowercase RFC 1123 label of at most 63 characters.`,
      ),
    );
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = meta[field];
    if (!map || typeof map !== 'object') continue;
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
      const bad = checkQualifiedKey(k);
      if (bad)
        out.push(
          finding(
            doc,
            'INVALID_LABEL',
            'error',
            ['metadata', field, k],
            `${field === 'labels' ? 'Label' : 'Annotation'} key "${k}" is invalid: ${bad}.`,
          ),
        );
      if (field === 'labels' && typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
        out.push(
          finding(
            doc,
            'INVALID_LABEL',
            'error',
            ['metadata', field, k],
            `Label value "${v}" of "${k}" must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`,
          ),
        );
      }
    }
  }
  return out;
}

function removedApi(doc: KubeDocument, kubeVersion: string): Finding | undefined {
  const minor = minorOf(kubeVersion);
  const hit = REMOVED_APIS.find(
    ([av, kind, removedIn]) => av === doc.apiVersion && (kind === '*' || kind === doc.kind) && minor >= removedIn,
  );
  if (!hit) return undefined;
  return finding(
    doc,
    'REMOVED_API',
    'error',
    ['apiVersion'],
    `${doc.apiVersion} ${doc.kind} is no longer served since Kubernetes 1.${hit[2]} (validating for ${kubeVersion}); use ${hit[3]}.`,
  );
}

function fromSchemaErrors(
  doc: KubeDocument,
  errors: readonly SchemaError[],
  prefix: (string | number)[] = [],
): Finding[] {
  return errors.map((e) => {
    const p = [...prefix, ...e.path];
    const where = p.length ? formatPath(p) : '(document)';
    return finding(doc, e.code, 'error', p, `${describe(doc)}: ${where} ${e.message}. ${HINTS[e.code] ?? ''}`.trim());
  });
}

/** Validates one document given what the schema registry found for it. */
export function validateDocument(doc: KubeDocument, lookup: SchemaLookup, o: ValidateOptions): Finding[] {
  const out: Finding[] = [];
  const removed = removedApi(doc, o.kubeVersion);
  if (removed) return [removed];
  out.push(...syntaxChecks(doc));
  if (!lookup.schema) {
    out.push(
      finding(
        doc,
        'NO_SCHEMA',
        o.strictMissing ? 'error' : 'warning',
        ['kind'],
        `No schema for ${doc.apiVersion} ${doc.kind}, so this document is not validated. Looked in: ${lookup.looked.join('; ')}. Pass --crd with its CustomResourceDefinition or --schema-location with a folder that has it.`,
      ),
    );
    return out;
  }
  out.push(...fromSchemaErrors(doc, lookup.schema.validate(doc.object)));
  const meta = doc.object['metadata'];
  if (lookup.meta && meta && typeof meta === 'object')
    out.push(...fromSchemaErrors(doc, lookup.meta.validate(meta as Record<string, unknown>), ['metadata']));
  return out;
}
