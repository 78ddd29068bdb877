// How one command of a page walkthrough becomes the cluster tier's commands (adapt.ts), and how
// an "Install order" section is read (walkthrough.ts).
import { describe, expect, it } from 'vitest';
import { formatPlan } from '../scripts/harness/cluster.ts';
import { adaptCommand, TEST_VALUE, walkthroughProblems } from '../scripts/harness/cluster/adapt.ts';
import { kubeFor } from '../scripts/harness/cluster/kube.ts';
import { installOrders, walkthroughOf } from '../scripts/harness/cluster/walkthrough.ts';
import { words } from '../scripts/harness/crossref/shell.ts';

const k = {
  ...kubeFor({ target: 'kind', id: 'a', workDir: '/w', timeoutSec: 60, scenarios: [], documents: [] }),
  ns: 'app',
};
const ctx = () => ({
  k,
  chartDir: 'charts/gw',
  workDir: '/w/s',
  helmExtra: ['--set', 'image.registry=docker.io'],
  certificates: new Map([['web-tls', { secretName: 'web-tls-secret', dnsNames: ['web.example.com'] }]]),
  fullname: 'gw',
  counter: { n: 0 },
});
const cmd = (line: string) => ({ file: 'p.mdx', line: 7, argv: words(line), ignores: new Map() });
const lines = (line: string) => {
  const a = adaptCommand(cmd(line), ctx());
  return {
    lines: formatPlan([{ id: 's', title: 't', commands: a.commands }]).filter((l) => !/^(#|export )/.test(l)),
    problems: a.problems,
  };
};

describe('adaptCommand', () => {
  it.each([
    ['kubectl apply -f examples/s/a.yaml', ['kubectl apply -f examples/s/a.yaml']],
    [
      "kubectl -n app create secret generic s --from-literal=k='<from your IdP>'",
      [
        `kubectl -n app create secret generic s --from-literal=k=${TEST_VALUE}` +
          `  # placeholders replaced by the test value ${TEST_VALUE}`,
      ],
    ],
    [
      'kubectl create secret generic s --from-literal=k="$(openssl rand -hex 16 | tr a-f A-F)"',
      [
        "SUB_1=$(sh -c 'openssl rand -hex 16 | tr a-f A-F')",
        'kubectl create secret generic s "--from-literal=k=${SUB_1}"',
      ],
    ],
    ['read -rs PW', ['PW=$(openssl rand -hex 24)  # the reader types this value; the tier generates a test value']],
    [
      'kubectl create secret generic s --from-literal=p="$PW"',
      ['kubectl create secret generic s "--from-literal=p=${PW}"'],
    ],
    ['unset PW', []],
    [
      'helm install gw ./chart -n app -f examples/s/values.yaml',
      [
        'helm install gw charts/gw -n app -f examples/s/values.yaml --set image.registry=docker.io' +
          ' --wait --timeout 60s',
      ],
    ],
  ])('%s', (line, want) => {
    const got = lines(line);
    expect(got.problems).toEqual([]);
    expect(got.lines).toEqual(want);
  });

  it("stands in for a Certificate's Secret, self-signed for its names, when the page waits for it", () => {
    const got = lines('kubectl -n app wait certificate/web-tls --for=condition=Ready --timeout=2m');
    expect(got.lines[1]).toContain('subjectAltName=DNS:localhost,DNS:gw,DNS:web.example.com,IP:127.0.0.1');
    expect(got.lines[2]).toMatch(/^kubectl create secret tls web-tls-secret -n app .*# no cert-manager controller/);
    expect(lines('kubectl -n app wait certificate/other --for=condition=Ready').problems).toEqual([
      "p.mdx:7: waits for Certificate other, which the scenario's examples do not define",
    ]);
  });

  it('refuses what it cannot run, with the page line', () => {
    for (const line of ['curl -sS https://x.example.com/', 'skopeo copy a b', 'helm repo add x https://x'])
      expect(walkthroughProblems([{ commands: [cmd(line)] }])).toEqual([
        expect.stringMatching(/^p\.mdx:7: ".*" has no/),
      ]);
  });
});

describe('installOrders', () => {
  const page = [
    '# T',
    '## One {#one}',
    '### Install order {#one-install}',
    '',
    '1. First.',
    '',
    '   ```bash',
    '   kubectl apply -f examples/one/a.yaml',
    '   kubectl -n x create secret generic s \\',
    '     --from-literal=a=b',
    '   ```',
    '',
    '   ```text title="Output"',
    '   ok',
    '   ```',
    '',
    '2. Second.',
    '',
    '   ```bash',
    '   helm install r ./chart -n x -f examples/one/values.yaml',
    '   ```',
    '',
    '### Verify {#one-verify}',
    '',
    '```bash',
    'kubectl apply -f examples/one/not-a-step.yaml',
    '```',
  ].join('\n');

  it('takes the shell fences of the section as steps, with page lines, and stops at the next heading', () => {
    const [w] = installOrders('p.mdx', page);
    expect(w?.section).toBe('one-install');
    expect(w?.steps.map((s) => [s.n, s.line, s.commands.map((c) => [c.line, c.argv[0]])])).toEqual([
      [
        1,
        8,
        [
          [8, 'kubectl'],
          [9, 'kubectl'],
        ],
      ],
      [2, 20, [[20, 'helm']]],
    ]);
  });

  it('belongs to the scenario whose example files it applies', () => {
    const all = installOrders('p.mdx', page);
    expect(walkthroughOf(all, 'one')?.section).toBe('one-install');
    expect(walkthroughOf(all, 'two')).toBeUndefined();
  });
});
