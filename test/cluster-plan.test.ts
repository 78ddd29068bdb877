// The cluster tier's plan for this repository: every command, in order, for the chart
// defaults and each examples/ scenario, with the documents the static checks found.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../scripts/harness/cli.ts';
import { discoverScenarios, formatPlan, planClusterTier } from '../scripts/harness/cluster.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

describe('--plan for the repository', async () => {
  const result = await runHarness(harnessOptions(DEFAULT_PATHS, { crossref: false }));
  const documents = result.outcomes.filter((o) => o.status !== 'skipped').flatMap((o) => o.documents);
  const scenarios = await discoverScenarios({ examplesDir: `${repoRoot}/examples`, chartDir: `${repoRoot}/chart` });
  const lines = formatPlan(
    planClusterTier({
      target: 'kind',
      id: 'plan',
      workDir: '/tmp/ghostwire-docs-plan',
      timeoutSec: 300,
      localPort: 16901,
      documents,
      scenarios,
    }),
  ).map((l) => l.split(repoRoot).join('<repo>'));

  it('should install, test and upgrade the chart defaults and every example scenario', () => {
    expect(scenarios.map((s) => s.name)).toEqual(['defaults', 'air-gapped', 'oauth2-letsencrypt', 'service-mesh']);
    for (const s of ['air-gapped', 'oauth2-letsencrypt', 'service-mesh']) {
      expect(lines.some((l) => l.startsWith('helm install') && l.includes(`examples/${s}/values.yaml`))).toBe(true);
      expect(lines.some((l) => l.startsWith('helm upgrade') && l.includes(`examples/${s}/values.yaml`))).toBe(true);
    }
  });

  it('should dry-run every documented object against the API server, each named by file:line', () => {
    const dryRuns = lines.filter((l) => l.includes('--dry-run=server') && l.startsWith('kubectl '));
    expect(dryRuns.length).toBe(documents.length);
  });

  it('should end by deleting the cluster and the scratch folder', () => {
    expect(lines.filter((l) => !l.startsWith('#')).slice(-2)).toEqual([
      'kind delete cluster --name ghostwire-docs-plan --kubeconfig /tmp/ghostwire-docs-plan/kubeconfig',
      'rm -rf /tmp/ghostwire-docs-plan',
    ]);
  });

  it('should print the same plan as this snapshot (review changes to it like code)', () => {
    const commands = lines.filter(
      (l) => !l.startsWith('#') && !(l.includes('--dry-run=server') && l.startsWith('kubectl ')),
    );
    expect(commands).toMatchInlineSnapshot(`
      [
        "mkdir -p /tmp/ghostwire-docs-plan",
        "kind create cluster --name ghostwire-docs-plan --config scripts/harness/cluster/kind-config.yaml --kubeconfig /tmp/ghostwire-docs-plan/kubeconfig --wait 120s",
        "export KUBECONFIG=/tmp/ghostwire-docs-plan/kubeconfig",
        "kubectl create namespace ghostwire-docs-plan",
        "kubectl label namespace ghostwire-docs-plan app.kubernetes.io/managed-by=ghostwire-docs-harness",
        "kubectl apply --server-side --force-conflicts -f https://github.com/cert-manager/cert-manager/releases/download/v1.21.2/cert-manager.crds.yaml",
        "kubectl apply --server-side --force-conflicts -f https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.92.0/stripped-down-crds.yaml",
        "kubectl apply --server-side --force-conflicts -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/traefik/traefik/v3.6.9/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml",
        "kubectl apply --server-side --force-conflicts -f https://github.com/fluxcd/source-controller/releases/download/v1.9.5/source-controller.crds.yaml",
        "kubectl apply --server-side --force-conflicts -f https://github.com/fluxcd/kustomize-controller/releases/download/v1.9.5/kustomize-controller.crds.yaml",
        "kubectl apply --server-side --force-conflicts -f https://github.com/fluxcd/helm-controller/releases/download/v1.6.4/helm-controller.crds.yaml",
        "kubectl apply --server-side --force-conflicts -f https://github.com/fluxcd/notification-controller/releases/download/v1.9.4/notification-controller.crds.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.2/manifests/crds/application-crd.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.2/manifests/crds/applicationset-crd.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.2/manifests/crds/appproject-crd.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/velero-io/velero/v1.18.1/config/crd/v1/bases/velero.io_backups.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/velero-io/velero/v1.18.1/config/crd/v1/bases/velero.io_restores.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/velero-io/velero/v1.18.1/config/crd/v1/bases/velero.io_schedules.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/velero-io/velero/v1.18.1/config/crd/v1/bases/velero.io_backupstoragelocations.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/velero-io/velero/v1.18.1/config/crd/v1/bases/velero.io_volumesnapshotlocations.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/cilium/cilium/v1.20.2/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/cilium/cilium/v1.20.2/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumclusterwidenetworkpolicies.yaml",
        "kubectl apply --server-side --force-conflicts -f https://raw.githubusercontent.com/istio/api/1.28.0/kubernetes/customresourcedefinitions.gen.yaml",
        "kubectl wait --for=condition=Established crd --all --timeout=300s",
        "helm install ghostwire chart -n ghostwire-docs-plan --wait --timeout 300s",
        "kubectl wait --for=condition=Ready pod -l app.kubernetes.io/instance=ghostwire -n ghostwire-docs-plan --timeout=300s",
        "helm test ghostwire -n ghostwire-docs-plan --timeout 300s --logs",
        "kubectl port-forward -n ghostwire-docs-plan svc/ghostwire 16901:6901 --address 127.0.0.1 &",
        "BG_1=$!",
        "curl -sS -k --max-time 10 --retry 30 --retry-delay 1 --retry-connrefused --retry-max-time 90 -o - -w '\\nHTTP %{http_code}' http://127.0.0.1:16901/  # expect HTTP 200 and an HTML page",
        "kill "$BG_1"",
        "PVC_BEFORE=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire -o 'jsonpath={.items[*].metadata.uid}')",
        "helm upgrade ghostwire chart -n ghostwire-docs-plan --wait --timeout 300s",
        "PVC_AFTER=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire -o 'jsonpath={.items[*].metadata.uid}')  # PVC uid must equal $PVC_BEFORE",
        "helm upgrade ghostwire chart -n ghostwire-docs-plan --set persistence.size=999Gi --dry-run=server  # an upgrade that changes persistence.size must be refused",
        "helm uninstall ghostwire -n ghostwire-docs-plan --wait --timeout 300s || true",
        "kubectl delete pvc,secret -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire --ignore-not-found || true",
        "mkdir -p /tmp/ghostwire-docs-plan/air-gapped",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ghostwire-air-gapped -addext subjectAltName=DNS:localhost,DNS:ghostwire-air-gapped,IP:127.0.0.1 -keyout /tmp/ghostwire-docs-plan/air-gapped/tls.key -out /tmp/ghostwire-docs-plan/air-gapped/tls.crt",
        "kubectl create secret tls ghostwire-tls -n ghostwire-docs-plan --cert=/tmp/ghostwire-docs-plan/air-gapped/tls.crt --key=/tmp/ghostwire-docs-plan/air-gapped/tls.key",
        "AUTH_PASSWORD=$(openssl rand -hex 24)",
        "kubectl create secret generic ghostwire-vnc-password -n ghostwire-docs-plan "--from-literal=password=\${AUTH_PASSWORD}"",
        "helm install ghostwire-air-gapped chart -n ghostwire-docs-plan -f <repo>/examples/air-gapped/values.yaml --set image.registry=docker.io --set tests.image.registry=docker.io --wait --timeout 300s  # registry.internal.example:5000: a mirror of docker.io the example asks for; the tier pulls from docker.io",
        "kubectl wait --for=condition=Ready pod -l app.kubernetes.io/instance=ghostwire-air-gapped -n ghostwire-docs-plan --timeout=300s",
        "helm test ghostwire-air-gapped -n ghostwire-docs-plan --timeout 300s --logs",
        "kubectl port-forward -n ghostwire-docs-plan svc/ghostwire-air-gapped 16901:6901 --address 127.0.0.1 &",
        "BG_1=$!",
        "curl -sS -k --max-time 10 --retry 30 --retry-delay 1 --retry-connrefused --retry-max-time 90 -o - -w '\\nHTTP %{http_code}' https://127.0.0.1:16901/  # expect HTTP 401",
        "curl -sS -k --max-time 10 --retry 30 --retry-delay 1 --retry-connrefused --retry-max-time 90 -o - -w '\\nHTTP %{http_code}' -u "kasm_user:\${AUTH_PASSWORD}" https://127.0.0.1:16901/  # expect HTTP 200 and an HTML page",
        "kill "$BG_1"",
        "PVC_BEFORE=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-air-gapped -o 'jsonpath={.items[*].metadata.uid}')",
        "helm upgrade ghostwire-air-gapped chart -n ghostwire-docs-plan -f <repo>/examples/air-gapped/values.yaml --set image.registry=docker.io --set tests.image.registry=docker.io --wait --timeout 300s",
        "PVC_AFTER=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-air-gapped -o 'jsonpath={.items[*].metadata.uid}')  # PVC uid must equal $PVC_BEFORE",
        "helm upgrade ghostwire-air-gapped chart -n ghostwire-docs-plan -f <repo>/examples/air-gapped/values.yaml --set image.registry=docker.io --set tests.image.registry=docker.io --set persistence.size=999Gi --dry-run=server  # an upgrade that changes persistence.size must be refused",
        "helm uninstall ghostwire-air-gapped -n ghostwire-docs-plan --wait --timeout 300s || true",
        "kubectl delete pvc,secret -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-air-gapped --ignore-not-found || true",
        "kubectl delete secret ghostwire-tls ghostwire-vnc-password -n ghostwire-docs-plan --ignore-not-found || true",
        "helm install ghostwire-oauth2-letsencrypt chart -n ghostwire-docs-plan -f <repo>/examples/oauth2-letsencrypt/values.yaml --wait --timeout 300s",
        "kubectl wait --for=condition=Ready pod -l app.kubernetes.io/instance=ghostwire-oauth2-letsencrypt -n ghostwire-docs-plan --timeout=300s",
        "helm test ghostwire-oauth2-letsencrypt -n ghostwire-docs-plan --timeout 300s --logs",
        "kubectl port-forward -n ghostwire-docs-plan svc/ghostwire-oauth2-letsencrypt 16901:6901 --address 127.0.0.1 &",
        "BG_1=$!",
        "curl -sS -k --max-time 10 --retry 30 --retry-delay 1 --retry-connrefused --retry-max-time 90 -o - -w '\\nHTTP %{http_code}' http://127.0.0.1:16901/  # expect HTTP 200 and an HTML page",
        "kill "$BG_1"",
        "PVC_BEFORE=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-oauth2-letsencrypt -o 'jsonpath={.items[*].metadata.uid}')",
        "helm upgrade ghostwire-oauth2-letsencrypt chart -n ghostwire-docs-plan -f <repo>/examples/oauth2-letsencrypt/values.yaml --wait --timeout 300s",
        "PVC_AFTER=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-oauth2-letsencrypt -o 'jsonpath={.items[*].metadata.uid}')  # PVC uid must equal $PVC_BEFORE",
        "helm upgrade ghostwire-oauth2-letsencrypt chart -n ghostwire-docs-plan -f <repo>/examples/oauth2-letsencrypt/values.yaml --set persistence.size=999Gi --dry-run=server  # an upgrade that changes persistence.size must be refused",
        "helm uninstall ghostwire-oauth2-letsencrypt -n ghostwire-docs-plan --wait --timeout 300s || true",
        "kubectl delete pvc,secret -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-oauth2-letsencrypt --ignore-not-found || true",
        "helm install ghostwire-service-mesh chart -n ghostwire-docs-plan -f <repo>/examples/service-mesh/values.yaml --wait --timeout 300s",
        "kubectl wait --for=condition=Ready pod -l app.kubernetes.io/instance=ghostwire-service-mesh -n ghostwire-docs-plan --timeout=300s",
        "helm test ghostwire-service-mesh -n ghostwire-docs-plan --timeout 300s --logs",
        "kubectl port-forward -n ghostwire-docs-plan svc/ghostwire-service-mesh 16901:6901 --address 127.0.0.1 &",
        "BG_1=$!",
        "curl -sS -k --max-time 10 --retry 30 --retry-delay 1 --retry-connrefused --retry-max-time 90 -o - -w '\\nHTTP %{http_code}' http://127.0.0.1:16901/  # expect HTTP 200 and an HTML page",
        "kill "$BG_1"",
        "PVC_BEFORE=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-service-mesh -o 'jsonpath={.items[*].metadata.uid}')",
        "helm upgrade ghostwire-service-mesh chart -n ghostwire-docs-plan -f <repo>/examples/service-mesh/values.yaml --wait --timeout 300s",
        "PVC_AFTER=$(kubectl get pvc -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-service-mesh -o 'jsonpath={.items[*].metadata.uid}')  # PVC uid must equal $PVC_BEFORE",
        "helm upgrade ghostwire-service-mesh chart -n ghostwire-docs-plan -f <repo>/examples/service-mesh/values.yaml --set persistence.size=999Gi --dry-run=server  # an upgrade that changes persistence.size must be refused",
        "helm uninstall ghostwire-service-mesh -n ghostwire-docs-plan --wait --timeout 300s || true",
        "kubectl delete pvc,secret -n ghostwire-docs-plan -l app.kubernetes.io/instance=ghostwire-service-mesh --ignore-not-found || true",
        "API_VERSIONS=$(kubectl api-versions)",
        "kind delete cluster --name ghostwire-docs-plan --kubeconfig /tmp/ghostwire-docs-plan/kubeconfig",
        "rm -rf /tmp/ghostwire-docs-plan",
      ]
    `);
  });
});
