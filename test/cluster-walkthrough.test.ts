// The three walkthroughs of docs/integration-examples.mdx and the cluster tier's plan: kind runs
// each "Install order" as written, so a reader who follows the page runs what the tier ran.
// The page is read here on its own (regular expressions over the fences, not the tier's parser),
// and compared with the plan's shell lines.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_PATHS } from '../scripts/harness/cli.ts';
import { formatPlan, planClusterTier, runClusterTier } from '../scripts/harness/cluster.ts';
import { diskFs, discoverScenarios } from '../scripts/harness/cluster/scenarios.ts';
import { runHarness } from '../scripts/harness/run.ts';
import type { KubeDocument } from '../scripts/harness/types.ts';
import { fake } from './fixtures/cluster-fake.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

const PAGE = `${repoRoot}/docs/integration-examples.mdx`;
const pageText = readFileSync(PAGE, 'utf8');
const SCENARIOS = ['air-gapped', 'oauth2-letsencrypt', 'service-mesh'];
let documents: KubeDocument[] = [];

beforeAll(async () => {
  const result = await runHarness(harnessOptions(DEFAULT_PATHS, { crossref: false }));
  documents = result.outcomes.filter((o) => o.status !== 'skipped').flatMap((o) => o.documents);
}, 60_000);

/** What a command does, as far as the walkthrough goes; undefined for commands that only help. */
function key(line: string): string | undefined {
  const [cmd = '', note = ''] = line.split(/ {2}# /);
  const ns = /(?:^|\s)(?:-n|--namespace)[ =](\S+)/.exec(cmd)?.[1] ?? '-';
  const standIn = /stand-in for the Secret Certificate (\S+)/.exec(note);
  if (standIn) return `certificate ${ns}/${standIn[1]}`;
  const wait = /^kubectl .*\bwait certificates?\/(\S+)/.exec(cmd);
  if (wait) return `certificate ${ns}/${wait[1]}`;
  const apply = /^kubectl .*\bapply -f (\S+)/.exec(cmd);
  if (apply) return `apply ${apply[1]}`;
  const secret = /^kubectl .*\bcreate secret \S+ (\S+)/.exec(cmd);
  if (secret) return `secret ${ns}/${secret[1]}`;
  const install = /^helm install (\S+) \S+ .*-f (\S+)/.exec(cmd);
  if (install)
    return `install ${install[1]} in ${ns} with ${(install[2] as string).replace(/^.*\/examples\//, 'examples/')}`;
  const read = /^read .*\s(\w+)$/.exec(cmd) ?? (/the reader types/.test(note) ? /^(\w+)=/.exec(cmd) : null);
  if (read) return `read ${read[1]}`;
  return undefined;
}

/** The install-order sections of a page: heading id → keys of the commands in its shell fences. */
function pageKeys(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const lines = text.split('\n');
  let section: string | undefined;
  let inFence = false;
  let pending = '';
  for (const raw of lines) {
    const heading = /^#{2,3} (.*?)(?:\s*\{#([\w-]+)\})?\s*$/.exec(raw);
    if (heading && !inFence) {
      section = /^Install order$/.test(heading[1] as string) ? heading[2] : undefined;
      if (section) out.set(section, []);
      continue;
    }
    if (/^\s*```/.test(raw)) {
      inFence = !inFence && /^\s*```bash\s*$/.test(raw);
      continue;
    }
    if (!section || !inFence) continue;
    pending += `${raw.trim().replace(/\\$/, '')} `;
    if (raw.trim().endsWith('\\')) continue;
    const k = key(pending.trim().replace(/\s+/g, ' '));
    pending = '';
    if (k) out.get(section)?.push(k);
  }
  return out;
}

/** The plan's keys for one scenario's install steps, in plan order. */
function planKeys(lines: readonly string[], scenario: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const l of lines) {
    if (l.startsWith('# [')) inside = l.includes(` ${scenario}/install-`);
    else if (inside) {
      const viaRead = /^(\w+)=\$\(openssl rand .*the reader types/.exec(l);
      const k = viaRead ? `read ${viaRead[1]}` : key(l);
      if (k) out.push(k);
    }
  }
  return out;
}

async function planFor(text: string, target: 'kind' | 'current' = 'kind') {
  const fs = { listDirs: diskFs.listDirs, read: (f: string) => (f === PAGE ? Promise.resolve(text) : diskFs.read(f)) };
  const scenarios = await discoverScenarios({
    examplesDir: 'examples',
    chartDir: 'chart',
    page: PAGE,
    fs: { ...fs, read: (f) => fs.read(f.startsWith('/') ? f : `${repoRoot}/${f}`) },
  });
  const steps = planClusterTier({ target, id: 'w', workDir: '/tmp/w', timeoutSec: 300, documents, scenarios });
  return { scenarios, lines: formatPlan(steps) };
}

/** No program runs: preflight finds nothing, which --plan reports and goes on. */
const offline = {
  id: 'w',
  workDir: '/tmp/w',
  runner: async () => ({ exitCode: 127, stdout: '', stderr: 'not found' }),
  helm: async () => ({ path: '/opt/helm', version: '4.1.4' }),
};

const sectionOf = (s: string) => (s === 'oauth2-letsencrypt' ? 'oauth2-install' : `${s}-install`);
const context = (s: string) => {
  const text = readFileSync(`${repoRoot}/examples/${s}/.ghostwire.yaml`, 'utf8');
  const g = (parse(text) as { ghostwire: { release: string; namespace: string } }).ghostwire;
  return { release: g.release, namespace: g.namespace };
};

describe('the walkthroughs on the page', () => {
  const keys = pageKeys(pageText);

  it.each(SCENARIOS)('%s: the install order applies every file of the folder and installs its values', (s) => {
    const steps = keys.get(sectionOf(s)) ?? [];
    const files = readdirSync(`${repoRoot}/examples/${s}`).filter(
      (f) => f.endsWith('.yaml') && !f.startsWith('.') && f !== 'values.yaml',
    );
    for (const f of files) expect(steps).toContain(`apply examples/${s}/${f}`);
    const { release, namespace } = context(s);
    expect(steps).toContain(`install ${release} in ${namespace} with examples/${s}/values.yaml`);
  });

  it.each(SCENARIOS)('%s: one namespace throughout, the one .ghostwire.yaml names', (s) => {
    const { namespace } = context(s);
    for (const k of keys.get(sectionOf(s)) ?? []) {
      const ns = /^(?:secret|certificate) ([^/]+)\//.exec(k)?.[1] ?? / in (\S+) with /.exec(k)?.[1];
      if (ns) expect(ns, k).toBe(namespace);
      const file = /^apply (\S+)/.exec(k)?.[1];
      if (!file) continue;
      for (const d of parseAllDocuments(readFileSync(`${repoRoot}/${file}`, 'utf8'))) {
        const o = d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } };
        const where = o.kind === 'Namespace' ? o.metadata?.name : o.metadata?.namespace;
        if (where !== undefined) expect(where, `${file} ${o.kind}`).toBe(namespace);
      }
    }
  });
});

describe('the kind plan runs the same sequence', () => {
  it.each(SCENARIOS)("%s: the plan's install steps are the page's, in the page's order", async (s) => {
    const { scenarios, lines } = await planFor(pageText);
    expect(scenarios.find((x) => x.name === s)?.walkthrough?.section).toBe(sectionOf(s));
    const page = pageKeys(pageText).get(sectionOf(s)) ?? [];
    expect(page.length).toBeGreaterThan(3);
    expect(planKeys(lines, s)).toEqual(page);
  });

  it('lists the page steps in --plan, each named by its line on the page', async () => {
    const { scenarios } = await planFor(pageText);
    const r = await runClusterTier({ ...offline, target: 'kind', plan: true, documents, scenarios });
    const headers = (r.plan ?? []).filter((l) => /\/install-\d+: .*install order step/.test(l));
    const pageSteps = scenarios.reduce((n, x) => n + (x.walkthrough?.steps.length ?? 0), 0);
    expect(pageSteps).toBe(14);
    expect(headers.length).toBe(pageSteps);
    expect(headers[0]).toMatch(/air-gapped\/install-1: .*docs\/integration-examples\.mdx:\d+: kubectl apply -f/);
  });

  it('keeps the current target inside its own namespace: no page walkthrough there', async () => {
    const { lines } = await planFor(pageText, 'current');
    expect(lines.filter((l) => / -n ghostwire(?: |$)|apply -f examples\//.test(l))).toEqual([]);
  });
});

describe('a page that no longer matches the plan', () => {
  const swap = (t: string, a: string, b: string) => t.replace(a, '\u0000').replace(b, a).replace('\u0000', b);
  const CASES: [string, (t: string) => string][] = [
    [
      'a step added to the page',
      (t) =>
        t.replace(
          'kubectl apply -f examples/oauth2-letsencrypt/httproute.yaml\n',
          'kubectl apply -f examples/oauth2-letsencrypt/httproute.yaml\n   kubectl apply -f examples/x/extra.yaml\n',
        ),
    ],
    [
      'two steps swapped',
      (t) =>
        swap(
          t,
          'kubectl apply -f examples/oauth2-letsencrypt/gateway.yaml',
          'kubectl apply -f examples/oauth2-letsencrypt/oauth2-proxy.yaml',
        ),
    ],
    [
      'a changed namespace',
      (t) =>
        t.replace(
          'kubectl -n ghostwire create secret generic oauth2-proxy',
          'kubectl -n signal create secret generic oauth2-proxy',
        ),
    ],
    ['a step removed', (t) => t.replace('   kubectl apply -f examples/oauth2-letsencrypt/certificate.yaml\n', '')],
  ];

  it.each(CASES)('%s: differs from the reviewed plan, and a plan made from it follows the page', async (_, change) => {
    const changed = change(pageText);
    expect(changed).not.toBe(pageText);
    const reviewed = await planFor(pageText);
    const fresh = await planFor(changed);
    const page = pageKeys(changed).get('oauth2-install');
    expect(planKeys(reviewed.lines, 'oauth2-letsencrypt')).not.toEqual(page);
    expect(planKeys(fresh.lines, 'oauth2-letsencrypt')).toEqual(page);
  });

  it('a changed namespace also breaks the one-namespace rule', () => {
    const changed = CASES[2]?.[1](pageText) ?? '';
    const keys = pageKeys(changed).get('oauth2-install') ?? [];
    expect(keys).toContain('secret signal/oauth2-proxy');
    expect(
      keys
        .filter((k) => k.startsWith('secret '))
        .every((k) => k.startsWith(`secret ${context('oauth2-letsencrypt').namespace}/`)),
    ).toBe(false);
  });

  it('a step the tier cannot run stops the tier, naming the page line', async () => {
    const changed = pageText.replace(
      '   kubectl apply -f examples/oauth2-letsencrypt/oauth2-proxy.yaml\n',
      '   kubectl apply -f examples/oauth2-letsencrypt/oauth2-proxy.yaml\n   curl -sS https://ghostwire.example.com/\n',
    );
    const { scenarios } = await planFor(changed);
    const r = await runClusterTier({ ...offline, target: 'kind', plan: true, documents, scenarios });
    const line = changed.split('\n').findIndex((l) => l.includes('curl -sS https://ghostwire.example.com/')) + 1;
    expect(r.plan?.filter((l) => l.startsWith('# cannot run:'))).toEqual([
      expect.stringContaining(`docs/integration-examples.mdx:${line}: "curl -sS https://ghostwire.example.com/"`),
    ]);
  });
});

describe('running the walkthroughs through a fake cluster', () => {
  it('passes what the reader would type and what $(...) prints on to the commands that use it', async () => {
    const { scenarios } = await planFor(pageText);
    const f = fake([
      [/^sh -c openssl rand -base64 32/, { stdout: 'cookie-from-openssl\n' }],
      // KasmVNC's password (air-gapped, the only HTTPS scenario): no credentials, no entry.
      [/^curl (?!.* -u ).*https:\/\/127\.0\.0\.1/, { stdout: '\nHTTP 401' }],
    ]);
    const r = await runClusterTier({
      ...offline,
      runner: f.runner,
      log: f.log,
      target: 'kind',
      documents: [],
      scenarios: scenarios.filter((x) => x.name !== 'defaults'),
      signal: new AbortController().signal,
    });
    expect(r.findings, JSON.stringify(r.findings)).toEqual([]);
    expect(r.status, r.message).toBe('ok');
    const lines = f.lines();
    // The air-gapped password the reader types, generated, stored, and read back for the web check.
    expect(lines).toContain(
      'kubectl -n ghostwire create secret generic ghostwire-vnc-password --from-literal=password=f00dfeed',
    );
    expect(lines.some((l) => l.includes('get secret ghostwire-vnc-password -n ghostwire'))).toBe(true);
    // The oauth2-proxy cookie secret from the page's command substitution, and the IdP placeholder.
    expect(lines).toContain(
      'kubectl -n ghostwire create secret generic oauth2-proxy --from-literal=client-secret=' +
        'ghostwire-docs-test-value --from-literal=cookie-secret=cookie-from-openssl',
    );
    // Each scenario installs the page's release in the page's namespace, after the page's earlier steps.
    const order = (s: string) =>
      lines.findIndex((l) => l.includes(`apply -f examples/${s}/namespace.yaml`)) <
      lines.findIndex((l) => l.includes(`install ghostwire chart -n ghostwire -f examples/${s}/values.yaml`));
    expect(SCENARIOS.every(order)).toBe(true);
  });
});
