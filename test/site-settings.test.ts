// Reader settings: every example rewritten for another release, namespace and host must
// still pass the harness (the cross-checks against the chart rendered with that release),
// and the settings a link or a stored visit brings are validated.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../scripts/harness/files.ts';
import { type HarnessResult, runHarness } from '../scripts/harness/run.ts';
import type { Finding } from '../scripts/harness/types.ts';
import {
  DEFAULT_SETTINGS,
  type ReaderSettings,
  searchFromSettings,
  chartNames,
  settingProblem,
  settingsFromSearch,
  settingsFromStorage,
} from '../src/settings/settings.ts';
import { substitute } from '../src/settings/substitute.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

const reader: ReaderSettings = { release: 'signal', namespace: 'messaging', host: 'signal.example.org' };
const sub = (text: string) => substitute(text, reader);

describe('substitute: names that follow the namespace', () => {
  it.each([
    ['namespace: ghostwire', 'namespace: messaging'],
    ['  targetNamespace: ghostwire', '  targetNamespace: messaging'],
    ['kubectl -n ghostwire get pods', 'kubectl -n messaging get pods'],
    ['helm test x --namespace ghostwire', 'helm test x --namespace messaging'],
    ['kubectl get pods --namespace=ghostwire', 'kubectl get pods --namespace=messaging'],
    ['kubectl create namespace ghostwire', 'kubectl create namespace messaging'],
    ['kubectl get ns ghostwire', 'kubectl get ns messaging'],
    ['kubernetes.io/metadata.name: ghostwire', 'kubernetes.io/metadata.name: messaging'],
    ["object.metadata.name == 'ghostwire'", "object.metadata.name == 'messaging'"],
    ['http://oauth2-proxy.ghostwire.svc.cluster.local:4180/', 'http://oauth2-proxy.messaging.svc.cluster.local:4180/'],
    ['- cluster.local/ns/ghostwire/sa/ghostwire', '- cluster.local/ns/messaging/sa/signal-ghostwire'],
    ['kube_pod_status_ready{namespace="ghostwire"}', 'kube_pod_status_ready{namespace="messaging"}'],
    ['{namespace=\\"ghostwire\\"}', '{namespace=\\"messaging\\"}'],
    ['  namespaces: [ghostwire]', '  namespaces: [messaging]'],
    ['# namespace/ghostwire labeled', '# namespace/messaging labeled'],
    ['middlewares: ghostwire-oauth2-proxy@kubernetescrd', 'middlewares: messaging-oauth2-proxy@kubernetescrd'],
    [
      'velero restore create --namespace-mappings ghostwire:ghostwire-check',
      'velero restore create --namespace-mappings messaging:ghostwire-check',
    ],
  ])('%s', (input, expected) => expect(sub(input)).toBe(expected));

  it('renames a Namespace object and namespace lists, not other objects named ghostwire', () => {
    const yaml = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: ghostwire',
      '---',
      'kind: Schedule',
      'metadata:',
      '  name: ghostwire',
      'spec:',
      '  includedNamespaces:',
      '    - ghostwire',
      '  hosts:',
      '    - ghostwire',
    ].join('\n');
    const lines = sub(yaml).split('\n');
    expect(lines[3]).toBe('  name: messaging');
    expect(lines[7]).toBe('  name: signal-ghostwire');
    expect(lines[10]).toBe('    - messaging');
    expect(lines[12]).toBe('    - signal-ghostwire');
  });
});

describe('substitute: names that follow the release as the chart derives them', () => {
  it('derives the base name as chart/templates/_names.tpl does', () => {
    expect(chartNames('signal')).toEqual({ fullname: 'signal-ghostwire', statefulSet: 'signal-ghostwire' });
    expect(chartNames('ghostwire-prod')).toEqual({ fullname: 'ghostwire-prod', statefulSet: 'ghostwire-prod' });
    const long = chartNames(`${'a'.repeat(44)}-b-c-d-e`);
    expect(long.fullname).toHaveLength(62); // 52 + "-ghostwire" cut at 63, trailing "-" trimmed
    expect(long.statefulSet.length).toBeLessThanOrEqual(52);
    expect(long.statefulSet.endsWith('-')).toBe(false);
  });

  it('uses the release name itself when it contains ghostwire', () => {
    const own = { release: 'ghostwire-prod', namespace: 'messaging', host: 'signal.example.org' };
    expect(substitute('svc/ghostwire, app.kubernetes.io/instance: ghostwire', own)).toBe(
      'svc/ghostwire-prod, app.kubernetes.io/instance: ghostwire-prod',
    );
  });

  it.each([
    ['app.kubernetes.io/instance: ghostwire', 'app.kubernetes.io/instance: signal'],
    [
      'kubectl get pods -l app.kubernetes.io/instance=ghostwire',
      'kubectl get pods -l app.kubernetes.io/instance=signal',
    ],
    ['helm install ghostwire ./chart -n ghostwire', 'helm install signal ./chart -n messaging'],
    [
      'kubectl -n ghostwire port-forward svc/ghostwire 6901',
      'kubectl -n messaging port-forward svc/signal-ghostwire 6901',
    ],
    ['            name: ghostwire', '            name: signal-ghostwire'],
    ['secretName: ghostwire-tls', 'secretName: signal-ghostwire-tls'],
    ['existingSecret: ghostwire-auth', 'existingSecret: signal-ghostwire-auth'],
    ['kubectl exec ghostwire-0 -c desktop', 'kubectl exec signal-ghostwire-0 -c desktop'],
    ['kubectl rollout restart statefulset/ghostwire', 'kubectl rollout restart statefulset/signal-ghostwire'],
    ['claimName: home-ghostwire-0', 'claimName: home-signal-ghostwire-0'],
    ['persistentvolumeclaim=~"home-ghostwire-[0-9]+"', 'persistentvolumeclaim=~"home-signal-ghostwire-[0-9]+"'],
    ['host: ghostwire.ghostwire.svc.cluster.local', 'host: signal-ghostwire.messaging.svc.cluster.local'],
    ['curl http://ghostwire.ghostwire:6901/', 'curl http://signal-ghostwire.messaging:6901/'],
    [
      '# Helm install succeeded for release ghostwire/ghostwire.v1',
      '# Helm install succeeded for release messaging/signal.v1',
    ],
    ['releaseName: ghostwire', 'releaseName: signal'],
    ["labels['app.kubernetes.io/instance'] == 'ghostwire'", "labels['app.kubernetes.io/instance'] == 'signal'"],
  ])('%s', (input, expected) => expect(sub(input)).toBe(expected));
});

describe('substitute: names that stay', () => {
  it.each([
    'app.kubernetes.io/name: ghostwire',
    'kubectl get pods -l app.kubernetes.io/name=ghostwire',
    "labels['app.kubernetes.io/name'] == 'ghostwire'",
    '      chart: ghostwire',
    'url: oci://ghcr.io/example/charts/ghostwire',
    'image: ghcr.io/example/ghostwire:1.2.3',
    'url: https://github.com/example/ghostwire',
    'secretName: ghostwire-vnc-password',
    'name: ghostwire-from-ingress',
    'app.kubernetes.io/name: ghostwire-backup',
    'value: ghostwire-20261128T030112Z.tar.gz',
    'ghostwire_sessions_total',
    '    app.kubernetes.io/instance: ghostwire-auth',
    '-cert /etc/ghostwire/tls/tls.crt',
  ])('%s', (input) => expect(sub(input)).toBe(input));

  it('changes nothing with the default settings', () => {
    const text = 'helm install ghostwire ./chart -n ghostwire\nhost: ghostwire.example.com';
    expect(substitute(text, DEFAULT_SETTINGS)).toBe(text);
  });

  it('replaces every host the examples use, and only the host when only the host changes', () => {
    const hostOnly = { ...DEFAULT_SETTINGS, host: 'chat.corp.example' };
    expect(substitute('- host: ghostwire.example.com\n  ns: ghostwire', hostOnly)).toBe(
      '- host: chat.corp.example\n  ns: ghostwire',
    );
    expect(sub('https://ghostwire.internal.example/')).toBe('https://signal.example.org/');
    expect(sub('hosts:\n  - ghostwire/ghostwire.example.com')).toBe('hosts:\n  - messaging/signal.example.org');
  });
});

describe('settings from a link and from storage', () => {
  it('reads valid values from the query string', () => {
    expect(settingsFromSearch('?release=signal&namespace=messaging&host=signal.example.com')).toEqual({
      settings: { release: 'signal', namespace: 'messaging', host: 'signal.example.com' },
      problems: [],
    });
  });

  it.each([
    ['release', 'Signal_App', /DNS label/],
    ['release', 'a'.repeat(54), /53 characters/],
    ['namespace', '-messaging', /DNS label/],
    ['namespace', '', /empty/],
    ['host', 'localhost', /DNS name/],
    ['host', 'signal..example.com', /DNS name/],
    ['host', 'signal.example.com/path', /DNS name/],
  ] as const)('refuses %s=%j with a message', (key, value, message) => {
    expect(settingProblem(key, value)).toMatch(message);
    const parsed = settingsFromSearch(`?${key}=${encodeURIComponent(value)}`);
    expect(parsed.settings).toEqual({});
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain(`Ignored ${key}=`);
  });

  it('keeps only valid stored values and survives garbage', () => {
    expect(settingsFromStorage('{"release":"signal","namespace":"Bad Name","host":7}')).toEqual({ release: 'signal' });
    expect(settingsFromStorage('not json')).toEqual({});
    expect(settingsFromStorage(null)).toEqual({});
  });

  it('writes a shareable query string without the defaults', () => {
    expect(searchFromSettings({ ...DEFAULT_SETTINGS, namespace: 'messaging' })).toBe('?namespace=messaging');
    expect(searchFromSettings({ ...DEFAULT_SETTINGS })).toBe('');
    expect(settingsFromSearch(searchFromSettings(reader)).settings).toEqual(reader);
  });
});

// The proof: every page and example file, rewritten for release signal in namespace
// messaging at signal.example.org, run through the harness with that release context.

const FENCE = /^( *)(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/gm;

/** A page with every fenced block substituted and the front matter's context set to the reader's. */
function rewritePage(text: string, isPartial: boolean): string {
  const body = text.replace(FENCE, (block, indent: string, fence: string, inner: string) => {
    const open = block.slice(0, block.indexOf('\n') + 1);
    return `${open}${sub(inner)}${indent}${fence}`;
  });
  if (isPartial) return body;
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(body);
  const doc = parseDocument(fm?.[1] ?? '');
  doc.setIn(['ghostwire', 'release'], reader.release);
  doc.setIn(['ghostwire', 'namespace'], reader.namespace);
  renamePrerequisites(doc);
  const rest = fm ? body.slice(fm[0].length) : body;
  return `---\n${doc.toString()}---\n${rest}`;
}

function rewriteContextFile(text: string): string {
  const doc = parseDocument(text);
  doc.setIn(['ghostwire', 'release'], reader.release);
  doc.setIn(['ghostwire', 'namespace'], reader.namespace);
  renamePrerequisites(doc);
  return doc.toString();
}

/** Prerequisite names follow the reader's names as the "Before you begin" box shows them. */
function renamePrerequisites(doc: ReturnType<typeof parseDocument>): void {
  for (const kind of ['secrets', 'configMaps', 'services', 'serviceAccounts']) {
    const list = doc.getIn(['ghostwire', 'prerequisites', kind]);
    if (!isSeq(list)) continue;
    list.items.forEach((item, i) => {
      const at = isMap(item) ? [i, 'name'] : [i];
      const name = list.getIn(at);
      if (typeof name === 'string') list.setIn(at, sub(name));
    });
  }
}

/** Findings as comparable lines: code and file (line numbers move with the front matter). */
const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.code} ${f.file}`).sort();

describe('every example, rewritten for another release, namespace and host', { tags: ['slow'] }, () => {
  let copy: string;
  let before: HarnessResult;
  let after: HarnessResult;
  const inputs = ['docs', 'examples', 'chart/README.md'];

  beforeAll(async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-settings-'));
    for (const entry of inputs) await cp(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
    for (const file of await listFiles(inputs, copy)) {
      const full = path.join(copy, file);
      const text = await readFile(full, 'utf8');
      if (/\.mdx?$/.test(file))
        await writeFile(full, rewritePage(text, path.basename(file).startsWith('_') || /\/_/.test(file)));
      else if (/\.ya?ml$/.test(file)) await writeFile(full, sub(text));
    }
    // Example folders declare their release in .ghostwire.yaml (listFiles leaves dot files out).
    for (const folder of await readdir(path.join(copy, 'examples'))) {
      const file = path.join(copy, 'examples', folder, '.ghostwire.yaml');
      const text = await readFile(file, 'utf8').catch(() => 'ghostwire: {}\n');
      await writeFile(file, rewriteContextFile(text));
    }
    const chartDir = path.join(repoRoot, 'chart');
    [before, after] = await Promise.all([
      runHarness(harnessOptions(inputs, { chartDir })),
      runHarness(harnessOptions(inputs, { cwd: copy, chartDir })),
    ]);
  }, 170_000);
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('rewrote the copy: no instance label, namespace or host of the defaults is left in any example', async () => {
    const leftovers: string[] = [];
    const defaults =
      /instance[=:]\s*ghostwire(?![\w-])|namespace:\s*ghostwire\b|-n ghostwire\b|ghostwire\.example\.com/;
    for (const file of await listFiles(inputs, copy)) {
      const text = await readFile(path.join(copy, file), 'utf8');
      const code = /\.mdx?$/.test(file) ? [...text.matchAll(FENCE)].map((m) => m[3] ?? '') : [text];
      for (const block of code)
        for (const line of block.split('\n')) if (defaults.test(line)) leftovers.push(`${file}: ${line.trim()}`);
    }
    expect(leftovers).toEqual([]);
    expect(after.documents).toBe(before.documents);
  });

  it('passes the harness, cross-checks included, exactly as the defaults do', () => {
    expect(before.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const errors = after.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`)).toEqual([]);
    expect(summary(after.findings)).toEqual(summary(before.findings));
    expect(after.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
  });
});
