// apiVersion/kind grammar, checked before any schema path or URL is built from them. Pure.
// group: a DNS-1123 subdomain (Kubernetes' API group rule); version: v1, v1beta1, v2alpha3;
// kind: an identifier starting with a letter (Go type names; CRD names.kind).

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERSION = /^v[1-9]\d*((alpha|beta)[1-9]\d*)?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

export const validGroup = (g: string): boolean => g.length <= 253 && DNS_SUBDOMAIN.test(g);
export const validVersion = (v: string): boolean => v.length <= 63 && VERSION.test(v);
export const validKind = (k: string): boolean => k.length <= 253 && KIND.test(k);

/** API groups that Kubernetes itself serves (or served): never looked up in a CRD store. */
export const BUILTIN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'settings.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Why apiVersion/kind cannot name an API, or undefined when both follow the grammar. */
export function gvkProblem(apiVersion: string, kind: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  if (apiVersion.split('/').length > 2 || (apiVersion.includes('/') && group === ''))
    return `apiVersion "${apiVersion}" must be "version" or "group/version", with one "/"`;
  if (group !== '' && !validGroup(group))
    return `the API group "${group}" is not a lowercase DNS subdomain (letters, digits, '-' and '.')`;
  if (!validVersion(version)) return `the API version "${version}" does not have the form v1, v1beta1 or v2alpha3`;
  if (!validKind(kind)) return `kind "${kind}" is not an identifier (a letter, then letters and digits)`;
  return undefined;
}
