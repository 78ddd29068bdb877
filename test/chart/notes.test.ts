// templates/NOTES.txt, rendered by a client-side dry-run install (Helm 4).
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { helmInstallDryRun, resolveHelm } from '../../scripts/harness/helm';
import { cases, makeTlsFixture, suffixed, type Case } from './cases';
import { CHART_DIR } from './render';

let notes = new Map<string, { c: Case; text: string }>();

beforeAll(async () => {
  const helm = await resolveHelm({ major: 4 });
  const all = cases(await makeTlsFixture());
  const out = await Promise.all(
    all.map(async (c) => {
      const r = await helmInstallDryRun(helm, {
        chartDir: CHART_DIR,
        release: c.release,
        namespace: 'messaging',
        valuesYaml: [stringify(c.values)],
      });
      return [c.id, { c, text: r.notes }] as const;
    }),
  );
  notes = new Map(out);
}, 60_000);

const IDS = cases({ cert: '', key: '' }).map((c) => c.id);

function get(id: string): { c: Case; text: string } {
  const n = notes.get(id);
  if (!n) throw new Error(`no notes for ${id}`);
  return n;
}

describe('NOTES.txt', () => {
  it.each(IDS)('should give the port-forward command for the main Service (%s)', (id) => {
    const { c, text } = get(id);
    expect(text).toContain(`kubectl --namespace messaging port-forward service/${c.expect.fullname} 6901:`);
  });

  it.each(IDS)('should open http or https as tls.mode says (%s)', (id) => {
    const { c, text } = get(id);
    const scheme = c.expect.tls === 'disabled' ? 'http' : 'https';
    expect(text).toContain(`open ${scheme}://localhost:6901/`);
    expect(text).toContain(`(tls.mode: ${c.expect.tls})`);
  });

  it.each(IDS)('should warn that something else must authenticate exactly when auth is off (%s)', (id) => {
    const { c, text } = get(id);
    expect(text.includes('WARNING: auth.enabled is false')).toBe(c.expect.auth === undefined);
    if (c.expect.auth) expect(text).toContain(`get secret ${c.expect.auth.secret}`);
  });

  it.each(IDS)('should explain how to link the phone and how to run helm test (%s)', (id) => {
    const { c, text } = get(id);
    expect(text).toContain('Linked devices');
    expect(text).toContain(`helm test ${c.release} --namespace messaging`);
  });

  it('should not offer helm test when the test pod is switched off', async () => {
    const helm = await resolveHelm({ major: 4 });
    const r = await helmInstallDryRun(helm, {
      chartDir: CHART_DIR,
      release: 'ghostwire',
      namespace: 'messaging',
      valuesYaml: [stringify({ tests: { enabled: false } })],
    });
    expect(r.notes).not.toContain('helm test');
    expect(r.hooks).toEqual([]);
  });

  it('should say where the profile lives', () => {
    expect(get('defaults').text).toContain('PersistentVolumeClaim home-ghostwire-0');
    expect(get('existing claim').text).toContain('PersistentVolumeClaim signal-home');
    expect(get('persistence off').text).toContain('the link is lost');
  });

  it('should name the TLS Secret to renew for tls.mode custom', () => {
    expect(get('tls custom with existing Secret').text).toContain('Secret signal-example-org-tls.');
    expect(get('tls custom with inline cert and key').text).toContain(`Secret ${suffixed('ghostwire', 'tls')}.`);
    // KasmVNC loads the certificate files for every new TLS connection.
    expect(get('tls custom with inline cert and key').text).toContain('A renewed certificate needs no restart');
    expect(get('tls custom with inline cert and key').text).not.toContain('rollout restart');
  });

  it.each(IDS)('should ask for a restart after a password change only for auth.existingSecret (%s)', (id) => {
    const { c, text } = get(id);
    const own = c.expect.auth !== undefined && !c.expect.auth.chartManaged;
    expect(text.includes('rollout restart statefulset/')).toBe(own);
  });

  it.each([
    [{ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] }, 'Only 203.0.113.0/24 may connect'],
    [{ type: 'NodePort' }, 'Nothing in this chart limits who may connect'],
  ])('should warn loudly when %j is exposed without the password by acknowledgement', async (service, limit) => {
    const helm = await resolveHelm({ major: 4 });
    const r = await helmInstallDryRun(helm, {
      chartDir: CHART_DIR,
      release: 'ghostwire',
      namespace: 'messaging',
      valuesYaml: [stringify({ service: { ...service, exposeWithoutPassword: true } })],
    });
    expect(r.notes).toContain(`WARNING: service.exposeWithoutPassword is true: Service ghostwire is a ${service.type}`);
    expect(r.notes).toContain(limit);
  });
});
