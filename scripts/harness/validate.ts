// Stage 4: strict validation of one Kubernetes document against its schema, plus the
// syntax rules no OpenAPI schema states (names, labels, removed APIs). Pure.
import type { SchemaError } from './schema-errors.ts';
import { minorOf, type SchemaLookup } from './schemas.ts';
import type { Finding, KubeDocument } from './types.ts';
import { formatPath } from './yamldoc.ts';

export interface ValidateOptions {
  kubeVersion: string;
  strictMissing: boolean;
}

const HINTS: Record<string, string> = {
  UNKNOWN_FIELD: 'Check the spelling and the indentation, or remove the field.',
  FIELD_NOT_AVAILABLE: 'Remove the field, or pass --kube-version for the cluster you target.',
  INVALID_TYPE: 'Quote strings that look like numbers or booleans, and check the nesting.',
  MISSING_REQUIRED: 'Add the field.',
  INVALID_ENUM: 'Use one of the listed values.',
  INVALID_FORMAT: 'Fix the value so it has the expected format.',
  SCHEMA_VIOLATION: 'Compare the value with the API reference of this kind.',
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Name rules that differ from the default (a DNS-1123 subdomain). */
const NAME_RULES: Record<string, { test: (n: string) => boolean; says: string }> = {
  Namespace: {
    test: (n) => n.length <= 63 && DNS_LABEL.test(n),
    says:
      "a lowercase RFC 1123 label: at most 63 characters of lowercase letters, digits and '-', starting and " +
      'ending with a letter or digit',
  },
  Service: {
    test: (n) => n.length <= 63 && DNS_1035_LABEL.test(n),
    says:
      "a lowercase RFC 1035 label: at most 63 characters of lowercase letters, digits and '-', starting " +
      'with a letter and ending with a letter or digit',
  },
};
// RBAC objects only need names that are valid path segments (system:aggregate-to-view is fine).
for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) {
  NAME_RULES[kind] = {
    test: (n) => n !== '' && n !== '.' && n !== '..' && !/[/%]/.test(n),
    says: "a path segment: not '.' or '..', and without '/' or '%'",
  };
}

export { minorOf };

/** A finding at a path of a document, located in its source file. */
export function finding(
  doc: KubeDocument,
  code: string,
  severity: Finding['severity'],
  p: (string | number)[],
  message: string,
): Finding {
  const at = doc.locate(p);
  const full = [...(doc.pathPrefix ?? []), ...p];
  return { code, severity, file: doc.file, line: at.line, column: at.column, path: formatPath(full), message };
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
    return (
      `its name part "${name}" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ` +
      'ending with a letter or digit'
    );
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
      says:
        "a lowercase RFC 1123 subdomain: at most 253 characters of lowercase letters, digits, '-' and '.', " +
        'starting and ending with a letter or digit',
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
            `Label value "${v}" of "${k}" must be at most 63 characters of letters, digits, '-', '_' or '.', ` +
              'starting and ending with a letter or digit.',
          ),
        );
      }
    }
  }
  return out;
}

function fromSchemaErrors(
  doc: KubeDocument,
  errors: readonly SchemaError[],
  prefix: (string | number)[] = [],
): Finding[] {
  return errors.map((e) => {
    const p = [...prefix, ...e.path];
    const full = [...(doc.pathPrefix ?? []), ...p];
    const where = full.length ? formatPath(full) : '(document)';
    return finding(doc, e.code, 'error', p, `${describe(doc)}: ${where} ${e.message}. ${HINTS[e.code] ?? ''}`.trim());
  });
}

/** How a document counts in the coverage: checked against a schema or the API data, allowlisted, or not at all. */
export function coverageOf(lookup: SchemaLookup): 'checked' | 'allowlisted' | 'noSchema' {
  if (lookup.schema || lookup.refused) return 'checked';
  return lookup.allowlisted || lookup.configFile ? 'allowlisted' : 'noSchema';
}

/** Validates one document given what the schema registry found for it. */
export function validateDocument(doc: KubeDocument, lookup: SchemaLookup, o: ValidateOptions): Finding[] {
  if (lookup.refused)
    return [
      finding(
        doc,
        lookup.refused.code,
        'error',
        [lookup.refused.code === 'UNKNOWN_KIND' ? 'kind' : 'apiVersion'],
        lookup.refused.message,
      ),
    ];
  const out: Finding[] = [];
  if (!lookup.schema && lookup.configFile) {
    out.push(
      finding(
        doc,
        'CONFIG_FILE',
        'warning',
        ['kind'],
        `${doc.apiVersion} ${doc.kind} is a configuration file read by ${lookup.configFile}, not an API object ` +
          'applied with kubectl: it needs no metadata.name, and no schema for it ships with the harness, so its ' +
          'fields are not checked.',
      ),
    );
    return out;
  }
  out.push(...syntaxChecks(doc));
  if (!lookup.schema) {
    const what = `${doc.apiVersion} ${doc.kind}`;
    if (lookup.allowlisted) {
      out.push(
        finding(
          doc,
          'NO_SCHEMA_ALLOWLISTED',
          'warning',
          ['kind'],
          `No schema for ${what} (allowlisted in schemas/no-schema-allowlist.json: ${lookup.allowlisted}); ` +
            'only its metadata is checked.',
        ),
      );
      return out;
    }
    out.push(
      finding(
        doc,
        'NO_SCHEMA',
        o.strictMissing ? 'error' : 'warning',
        ['kind'],
        `No schema for ${what}, so this document is not validated. Looked in: ${(lookup.looked ?? []).join('; ')}. ` +
          'Add the kind to the bundled store (npm run schemas:update), pass --crd with its ' +
          'CustomResourceDefinition or --schema-location with a folder that has it, or allowlist it with a reason ' +
          'in schemas/no-schema-allowlist.json.',
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
