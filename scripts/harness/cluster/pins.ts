import versions from '../../../docs/versions.json' with { type: 'json' };

// Pinned versions of everything the cluster tier fetches. Each entry names where
// the fact comes from, so that moving a pin is a reviewed, one-place change.

/** kind release whose node image is pinned in kind-config.yaml. */
export const KIND_VERSION = 'v0.33.0';
/** From the "Images pre-built for this release" list of kind v0.33.0. */
export const KIND_NODE_IMAGE =
  'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed';
/** kubectl matching the node image's Kubernetes version (CI installs it). */
export const KUBECTL_VERSION = 'v1.36.4';
/** The kind config kept in the repository, relative to the repository root. */
export const KIND_CONFIG = 'scripts/harness/cluster/kind-config.yaml';

export interface CrdSource {
  /** Short id used in step ids and log lines. */
  id: string;
  project: string;
  version: string;
  /** API groups the manifests define: a document of another group is not helped by them. */
  groups: string[];
  urls: string[];
}

/** The one source of tool versions (docs/versions.json); pages and Renovate use it too. */
const v = (tool: keyof typeof versions): string => versions[tool].version;

const gh = (repo: string, tag: string, file: string) => `https://github.com/${repo}/releases/download/${tag}/${file}`;
const raw = (repo: string, tag: string, file: string) => `https://raw.githubusercontent.com/${repo}/${tag}/${file}`;

const flux = {
  source: 'v1.9.5',
  kustomize: 'v1.9.5',
  helm: 'v1.6.4',
  notification: 'v1.9.4',
};

/**
 * CRD manifests of the tools the guides integrate with, applied with
 * `kubectl apply --server-side` (several exceed the 256 KiB client-side
 * last-applied annotation). CRDs only: no controller runs, so the API server
 * validates the examples against the CRD schemas and nothing reconciles them.
 */
export const CRD_SOURCES: readonly CrdSource[] = [
  {
    id: 'cert-manager',
    project: 'cert-manager',
    version: v('cert-manager'),
    groups: ['cert-manager.io', 'acme.cert-manager.io'],
    urls: [gh('cert-manager/cert-manager', v('cert-manager'), 'cert-manager.crds.yaml')],
  },
  {
    id: 'prometheus-operator',
    project: 'Prometheus Operator',
    version: v('prometheus-operator'),
    groups: ['monitoring.coreos.com'],
    urls: [gh('prometheus-operator/prometheus-operator', v('prometheus-operator'), 'stripped-down-crds.yaml')],
  },
  {
    id: 'gateway-api',
    project: 'Gateway API (standard channel)',
    version: v('gateway-api'),
    groups: ['gateway.networking.k8s.io'],
    urls: [gh('kubernetes-sigs/gateway-api', v('gateway-api'), 'standard-install.yaml')],
  },
  {
    id: 'traefik',
    project: 'Traefik',
    version: v('traefik'),
    groups: ['traefik.io'],
    urls: [
      raw(
        'traefik/traefik',
        v('traefik'),
        'docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml',
      ),
    ],
  },
  {
    id: 'flux',
    project: 'Flux',
    version: v('flux'),
    groups: [
      'source.toolkit.fluxcd.io',
      'kustomize.toolkit.fluxcd.io',
      'helm.toolkit.fluxcd.io',
      'notification.toolkit.fluxcd.io',
    ],
    urls: [
      gh('fluxcd/source-controller', flux.source, 'source-controller.crds.yaml'),
      gh('fluxcd/kustomize-controller', flux.kustomize, 'kustomize-controller.crds.yaml'),
      gh('fluxcd/helm-controller', flux.helm, 'helm-controller.crds.yaml'),
      gh('fluxcd/notification-controller', flux.notification, 'notification-controller.crds.yaml'),
    ],
  },
  {
    id: 'argo-cd',
    project: 'Argo CD',
    version: v('argo-cd'),
    groups: ['argoproj.io'],
    urls: ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml'].map((f) =>
      raw('argoproj/argo-cd', v('argo-cd'), `manifests/crds/${f}`),
    ),
  },
  {
    id: 'velero',
    project: 'Velero',
    version: v('velero'),
    groups: ['velero.io'],
    // The repository moved from vmware-tanzu to velero-io in 2026.
    urls: ['backups', 'restores', 'schedules', 'backupstoragelocations', 'volumesnapshotlocations'].map((r) =>
      raw('velero-io/velero', v('velero'), `config/crd/v1/bases/velero.io_${r}.yaml`),
    ),
  },
  {
    id: 'cilium',
    project: 'Cilium network policies',
    version: v('cilium'),
    groups: ['cilium.io'],
    urls: ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'].map((r) =>
      raw('cilium/cilium', v('cilium'), `pkg/k8s/apis/cilium.io/client/crds/v2/${r}.yaml`),
    ),
  },
  {
    id: 'istio',
    project: 'Istio',
    version: v('istio'),
    groups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
    urls: [raw('istio/api', v('istio'), 'kubernetes/customresourcedefinitions.gen.yaml')],
  },
];
