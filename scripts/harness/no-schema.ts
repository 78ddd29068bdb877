// What a document without a schema is: an allowlisted kind (schemas/no-schema-allowlist.json,
// each with a reason), a configuration file of a Kubernetes component (read from disk by
// the component, no metadata by design), or a gap (NO_SCHEMA). Pure once loaded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { splitApiVersion } from './gvk.ts';
import { PROJECT_ROOT } from './root.ts';

export const ALLOWLIST_FILE = path.resolve(PROJECT_ROOT, 'schemas', 'no-schema-allowlist.json');

interface AllowEntry {
  group: string;
  kind: string;
  reason: string;
}
let allow: AllowEntry[] | undefined;

/** The reason a kind may go without a schema, or undefined. */
export function allowlisted(apiVersion: string, kind: string): string | undefined {
  allow ??= (JSON.parse(readFileSync(ALLOWLIST_FILE, 'utf8')) as { kinds: AllowEntry[] }).kinds;
  const { group } = splitApiVersion(apiVersion);
  return allow.find((a) => a.group === group && (a.kind === '*' || a.kind === kind))?.reason;
}

/** Configuration files that look like objects: group → [component, kinds ('*' = any)]. */
const CONFIG_GROUPS: Record<string, [string, readonly string[] | '*']> = {
  'apiserver.config.k8s.io': ['kube-apiserver (--admission-control-config-file and similar flags)', '*'],
  'apiserver.k8s.io': ['kube-apiserver (--egress-selector-config-file and similar flags)', '*'],
  'audit.k8s.io': ['kube-apiserver (--audit-policy-file)', ['Policy']],
  'kubelet.config.k8s.io': ['the kubelet (--config)', '*'],
  'kubeadm.k8s.io': ['kubeadm (--config)', '*'],
  'kubeproxy.config.k8s.io': ['kube-proxy (--config)', '*'],
  'kubescheduler.config.k8s.io': ['kube-scheduler (--config)', '*'],
  'kind.x-k8s.io': ['kind (kind create cluster --config)', ['Cluster']],
  'pod-security.admission.config.k8s.io': ['the PodSecurity admission plugin', '*'],
  'eventratelimit.admission.k8s.io': ['the EventRateLimit admission plugin', ['Configuration']],
  'kubecontrollermanager.config.k8s.io': ['kube-controller-manager (--config)', '*'],
  'cloudcontrollermanager.config.k8s.io': ['a cloud-controller-manager (--config)', '*'],
  'credentialprovider.kubelet.k8s.io': [
    'the kubelet (--image-credential-provider-config)',
    ['CredentialProviderConfig'],
  ],
  'kustomize.config.k8s.io': ['kustomize (kubectl apply -k, kubectl kustomize)', ['Kustomization', 'Component']],
  // kubeconfig files: `apiVersion: v1` and `kind: Config`, read by kubectl and every client.
  '': ['kubectl and other clients (a kubeconfig file)', ['Config']],
};

/** The component that reads this configuration file, or undefined for an API object. */
export function configFileOf(apiVersion: string, kind: string): string | undefined {
  const { group } = splitApiVersion(apiVersion);
  const hit = CONFIG_GROUPS[group];
  return hit && (hit[1] === '*' || hit[1].includes(kind)) ? hit[0] : undefined;
}
