// The upgrade guard (templates/_upgrade.tpl) against live StatefulSets made the
// way the API server returns them: rendered by the chart with the previous
// values, plus the fields the server adds. helm template cannot fake `lookup`,
// so a probe copy of the chart hands the canned objects to the guard's helper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHelm, type HelmBinary } from '../../scripts/harness/helm';
import { makeProbe, type Probe } from './probe';
import { one, render, renderError, type KubeObject, type Obj } from './render';

const PROBE = `{{- $existing := .Files.Get "probe/existing.yaml" | fromYamlArray -}}
{{- include "ghostwire.upgradeGuard.check" (list . $existing) -}}
`;

/** The StatefulSet as `kubectl get -o yaml` shows it after `helm install` with `values`. */
async function live(helm: HelmBinary, values: Obj): Promise<KubeObject> {
  const sts = one(await render({ helm, values }), 'StatefulSet');
  sts.metadata.annotations = {
    'meta.helm.sh/release-name': 'ghostwire',
    'meta.helm.sh/release-namespace': 'ghostwire',
  };
  const spec = sts['spec'] as Obj;
  spec['revisionHistoryLimit'] = 10;
  for (const t of (spec['volumeClaimTemplates'] ?? []) as Obj[]) {
    Object.assign(t, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } });
    (t['spec'] as Obj)['volumeMode'] = 'Filesystem';
  }
  return sts;
}

interface Case {
  name: string;
  before: Obj;
  after: Obj;
  /** undefined: the upgrade goes ahead. */
  refused?: RegExp;
}

const CASES: Case[] = [
  { name: 'unchanged values', before: {}, after: {} },
  { name: 'a new image tag and resources', before: {}, after: { image: { tag: '1.18.0' }, shm: { sizeLimit: '2Gi' } } },
  {
    name: 'a changed retention policy (mutable)',
    before: {},
    after: { persistence: { retentionPolicy: { whenDeleted: 'Delete' } } },
  },
  {
    name: 'persistence off before and after',
    before: { persistence: { enabled: false } },
    after: { persistence: { enabled: false } },
  },
  {
    name: 'a larger persistence.size',
    before: {},
    after: { persistence: { size: '20Gi' } },
    refused: /changes persistence\.\* in the volumeClaimTemplates of StatefulSet ghostwire.*20Gi/,
  },
  {
    name: 'another persistence.storageClass',
    before: { persistence: { storageClass: 'standard' } },
    after: { persistence: { storageClass: 'fast-ssd' } },
    refused: /volumeClaimTemplates.*fast-ssd/,
  },
  {
    name: 'new persistence.annotations',
    before: {},
    after: { persistence: { annotations: { 'backup.example.com/schedule': 'daily' } } },
    refused: /volumeClaimTemplates/,
  },
  {
    name: 'persistence.enabled turned off',
    before: {},
    after: { persistence: { enabled: false } },
    refused: /volumeClaimTemplates.* to \[\]/,
  },
  {
    name: 'persistence.enabled turned on',
    before: { persistence: { enabled: false } },
    after: {},
    refused: /volumeClaimTemplates.*from \[\] to/,
  },
  {
    name: 'a switch to persistence.existingClaim',
    before: {},
    after: { persistence: { existingClaim: 'signal-home' } },
    refused: /volumeClaimTemplates/,
  },
  {
    name: 'a new nameOverride under a fixed fullnameOverride',
    before: { fullnameOverride: 'signal' },
    after: { fullnameOverride: 'signal', nameOverride: 'desk' },
    refused: /changes the pod selector of StatefulSet signal .*"app\.kubernetes\.io\/name":"desk"/,
  },
  {
    name: 'a new fullnameOverride',
    before: {},
    after: { fullnameOverride: 'signal-alice' },
    refused: /renames StatefulSet ghostwire to signal-alice .*persistence\.existingClaim=home-ghostwire-0/,
  },
  {
    name: 'a new fullnameOverride that takes the old claim along',
    before: {},
    after: { fullnameOverride: 'signal-alice', persistence: { existingClaim: 'home-ghostwire-0' } },
  },
  {
    name: 'a new fullnameOverride while the old StatefulSet deletes its claim',
    before: { persistence: { retentionPolicy: { whenDeleted: 'Delete' } } },
    after: { fullnameOverride: 'signal-alice', persistence: { existingClaim: 'home-ghostwire-0' } },
    refused: /renames StatefulSet ghostwire/,
  },
];

const STEPS = /kubectl --namespace ghostwire delete statefulset \S+ --cascade=orphan.*Changing immutable settings/;

describe.each([4, 3] as const)('upgrade guard with Helm %i', (major) => {
  let helm: HelmBinary;
  const probes: Probe[] = [];
  const outcome = new Map<string, string | undefined>();

  beforeAll(async () => {
    helm = await resolveHelm({ major });
    await Promise.all(
      CASES.map(async (c) => {
        const probe = await makeProbe(PROBE, { 'existing.yaml': [await live(helm, c.before)] });
        probes.push(probe);
        const o = { helm, chartDir: probe.dir, values: c.after };
        if (c.refused) outcome.set(c.name, await renderError(o));
        else outcome.set(c.name, await render(o).then(() => undefined));
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(probes.map((p) => p.cleanup()));
  });

  it.each(CASES.filter((c) => !c.refused))('should let $name through', ({ name }) => {
    expect(outcome.has(name)).toBe(true);
    expect(outcome.get(name)).toBeUndefined();
  });

  it.each(CASES.filter((c) => c.refused))('should refuse $name and say how to migrate', ({ name, refused }) => {
    const message = (outcome.get(name) ?? '').replace(/\s+/g, ' ');
    expect(message).toMatch(/ERROR: this upgrade/);
    expect(message).toMatch(refused as RegExp);
    if (!/renames/.test(message)) expect(message).toMatch(STEPS);
  });

  it('should do nothing without a cluster (plain helm template)', async () => {
    const r = await render({ helm, values: { persistence: { size: '20Gi' }, fullnameOverride: 'signal-alice' } });
    expect(one(r, 'StatefulSet').metadata.name).toBe('signal-alice');
  });
});
