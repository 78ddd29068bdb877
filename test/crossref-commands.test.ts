// Pure pieces of the new cross-checks: reading documented commands, Helm-installed gateways,
// and the extended prerequisites shape.
import { describe, expect, it } from 'vitest';
import { parseContext } from '../scripts/harness/context.ts';
import { createdShape, helmInstall, labelLookup, parseSelector } from '../scripts/harness/crossref/commands.ts';
import { installedAccount } from '../scripts/harness/crossref/installs.ts';
import { commandsOf, shellFences, words, type Command } from '../scripts/harness/crossref/shell.ts';

const cmd = (text: string): Command => ({ file: 'p.md', line: 3, argv: words(text), ignores: new Map() });

describe('words', () => {
  it.each([
    ['kubectl get pods -l app=x', ['kubectl', 'get', 'pods', '-l', 'app=x']],
    [`kubectl -l 'a in (x,y)' get po`, ['kubectl', '-l', 'a in (x,y)', 'get', 'po']],
    ['k --from-literal=c="$(openssl rand -hex 16)" # note', ['k', '--from-literal=c=$(openssl rand -hex 16)']],
    ['# only a comment', []],
  ])('%s', (line, want) => expect(words(line)).toEqual(want));
});

describe('commands of a page', () => {
  const page = [
    '# T',
    '```bash',
    'kubectl -n a create secret generic s \\',
    '  --from-literal=k1=v',
    'kubectl get pods -A -l x=y | head -1',
    '```',
    'Inline: `kubectl -n b get svc -l z=w`.',
    '```console',
    '$ kubectl logs -l q=r',
    'output line',
    '```',
  ].join('\n');
  it('should join continuation lines, split pipes, keep first lines, read inline code and console prompts', () => {
    const { commands } = commandsOf(shellFences('p.md', page));
    expect(commands.map((c) => [c.line, c.argv.slice(0, 4).join(' ')])).toEqual([
      [3, 'kubectl -n a create'],
      [5, 'kubectl get pods -A'],
      [5, 'head -1'],
      [7, 'kubectl -n b get'],
      [9, 'kubectl logs -l q=r'],
    ]);
  });
});

describe('kubectl create secret and configmap', () => {
  it.each([
    ['kubectl -n x create secret generic s --from-literal=a=1 --from-literal b=2', 'Secret', 'x', ['a', 'b']],
    [
      'kubectl create secret generic s --from-file=ca.crt=./ca.pem --from-file ./tls/key.pem',
      'Secret',
      undefined,
      ['ca.crt', 'key.pem'],
    ],
    ['kubectl create secret tls t --cert c.pem --key k.pem -n y', 'Secret', 'y', ['tls.crt', 'tls.key']],
    ['kubectl create secret docker-registry r --docker-server=x', 'Secret', undefined, ['.dockerconfigjson']],
    ['kubectl create configmap c --from-literal=level=info', 'ConfigMap', undefined, ['level']],
    ['kubectl create secret generic e --from-env-file=.env', 'Secret', undefined, undefined],
  ])('%s', (text, kind, namespace, keys) => {
    const s = createdShape(cmd(text));
    expect(s?.kind).toBe(kind);
    expect(s?.namespace).toBe(namespace);
    expect(s?.keys && [...s.keys].sort()).toEqual(keys);
  });
  it.each(['kubectl get secret s', 'helm install x y', 'kubectl create namespace x'])('%s creates nothing', (t) =>
    expect(createdShape(cmd(t))).toBeUndefined(),
  );
});

describe('label lookups', () => {
  it.each([
    ['kubectl -n g get pods -l a=b', 'pods', 'g', 'a=b'],
    ['kubectl get po -A --selector=a=b,c', 'pods', '*', 'a=b,c'],
    ['kubectl -n g logs -l a=b --tail=5', 'pods', 'g', 'a=b'],
    ['kubectl get svc --namespace g -l a', 'services', 'g', 'a'],
    ['kubectl get pods -l a=b', 'pods', undefined, 'a=b'],
  ])('%s', (text, target, namespace, selector) =>
    expect(labelLookup(cmd(text))).toMatchObject({ target, namespace, selector }),
  );
  it.each(['kubectl get deploy -l a=b', 'kubectl get pods,svc -l a=b', 'kubectl get pods'])('%s is not read', (t) =>
    expect(labelLookup(cmd(t))).toBeUndefined(),
  );
});

describe('label selectors', () => {
  const l = { app: 'x', tier: 'web' };
  it.each([
    ['app=x', true],
    ['app==x,tier=web', true],
    ['app!=x', false],
    ['tier', true],
    ['!tier', false],
    ['app in (y,x)', true],
    ['app notin (x)', false],
    ['app=y', false],
  ])('%s', (sel, want) => expect(parseSelector(sel)?.(l)).toBe(want));
  it('should refuse what it cannot read', () => expect(parseSelector('app=$(x)')).toBeUndefined());
});

describe('the istio/gateway chart', () => {
  it.each([
    ['helm install istio-ingress istio/gateway -n istio-ingress', 'istio-ingress', 'istio-ingress', 'ingress'],
    [
      'helm upgrade --install gw gateway --repo https://istio-release.storage.googleapis.com/charts',
      'gw',
      'default',
      'gw',
    ],
    [
      'helm install istio-ingressgateway istio/gateway -n istio-system',
      'istio-ingressgateway',
      'istio-system',
      'ingressgateway',
    ],
    ['helm install a istio/gateway --set name=istio-edge --set labels.istio=edge', 'istio-edge', 'default', 'edge'],
    ['helm install a istio/gateway --set serviceAccount.name=gw-sa', 'gw-sa', 'default', 'a'],
  ])('%s', (text, sa, namespace, istio) => {
    const h = helmInstall(cmd(text));
    expect(h && installedAccount(h)).toMatchObject({ name: sa, namespace, labels: { istio } });
  });
  it.each(['helm install x istio/gateway -f values.yaml', 'helm install x ingress-nginx/ingress-nginx'])(
    '%s is not read',
    (t) => {
      const h = helmInstall(cmd(t));
      expect(h && installedAccount(h)).toBeUndefined();
    },
  );
});

describe('prerequisites', () => {
  it('should read names, keyed entries, services with namespaces and ServiceAccounts with labels', () => {
    const { context, findings } = parseContext(
      {
        prerequisites: {
          secrets: ['plain', { name: 'keyed', keys: ['a'], note: 'by the IdP team' }],
          configMaps: [{ name: 'cm' }],
          services: ['svc', { name: 'other', namespace: 'x' }],
          serviceAccounts: [{ name: 'gw', namespace: 'istio-ingress', labels: { istio: 'ingress' } }],
        },
      },
      'p.md',
      2,
    );
    expect(findings).toEqual([]);
    expect(context.prerequisites).toEqual({
      secrets: [{ name: 'plain' }, { name: 'keyed', keys: ['a'], note: 'by the IdP team' }],
      configMaps: [{ name: 'cm' }],
      services: [{ name: 'svc' }, { name: 'other', namespace: 'x' }],
      serviceAccounts: [{ name: 'gw', namespace: 'istio-ingress', labels: { istio: 'ingress' } }],
    });
  });
  it.each([
    [{ secrets: 'x' }, /prerequisites.secrets must be a list/],
    [{ secrets: [{ name: 'x', keys: 'a' }] }, /secrets\[0\].keys must be a list of key names/],
    [{ serviceAccounts: ['gw'] }, /serviceAccounts\[0\] must be \{ name, namespace, labels\? \}/],
    [{ serviceAccounts: [{ name: 'gw' }] }, /serviceAccounts\[0\].namespace must be a namespace name/],
    [{ serviceAccounts: [{ name: 'gw', namespace: 'n', labels: { a: 1 } }] }, /labels must map label keys/],
    [{ services: [{ name: 's', port: 80 }] }, /Unknown key "port" in ghostwire.prerequisites.services\[0\]/],
    [{ pods: [] }, /Unknown key "pods" in ghostwire.prerequisites/],
  ])('%j is refused with a message', (pre, message) => {
    const { findings } = parseContext({ prerequisites: pre }, 'p.md', 2);
    expect(findings[0]?.code).toBe('CONTEXT_INVALID');
    expect(findings[0]?.line).toBe(2);
    expect(findings[0]?.message).toMatch(message);
  });
});
