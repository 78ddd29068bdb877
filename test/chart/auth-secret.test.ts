// templates/auth-secret.yaml over every value set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, INLINE_PASSWORD, lookup, renderCases, type RenderedCase } from './cases';
import { createHash } from 'node:crypto';
import { resolveHelm, type HelmBinary } from '../../scripts/harness/helm';
import { makeProbe, type Probe } from './probe';
import { byKind, decode, dig, one, render, type Obj, type Rendered } from './render';

let rendered: RenderedCase[] = [];
let secondGenerated: Rendered;

beforeAll(async () => {
  [{ rendered }, secondGenerated] = await Promise.all([renderCases(), render({ values: { auth: { enabled: true } } })]);
}, 60_000);

const authSecrets = (r: Rendered) =>
  byKind(r, 'Secret').filter((s) => s.metadata.labels?.['app.kubernetes.io/component'] === 'auth');

function password(r: Rendered): string {
  const [secret] = authSecrets(r);
  return decode(dig(secret, 'data', 'password'));
}

describe('auth-secret', () => {
  it.each(CASE_IDS)('should exist only when auth is enabled without an existing Secret (%s)', (id) => {
    const c = lookup(rendered, id);
    const secrets = authSecrets(c.r);
    expect(secrets).toHaveLength(c.expect.auth?.chartManaged ? 1 : 0);
    if (c.expect.auth?.chartManaged) {
      expect(secrets[0]?.metadata.name).toBe(c.expect.auth.secret);
      expect(secrets[0]?.metadata.name.length).toBeLessThanOrEqual(63);
      expect(secrets[0]?.['type']).toBe('Opaque');
      expect(Object.keys((secrets[0]?.['data'] ?? {}) as object)).toEqual(['password']);
    }
  });

  it('should store the inline password', () => {
    expect(password(lookup(rendered, 'auth with inline password').r)).toBe(INLINE_PASSWORD);
  });

  it('should generate a random password of at least 24 characters, different on each render', () => {
    const first = password(lookup(rendered, 'auth with generated password').r);
    const second = password(secondGenerated);
    expect(first).toMatch(/^[A-Za-z0-9]{24,}$/);
    expect(second).toMatch(/^[A-Za-z0-9]{24,}$/);
    expect(first).not.toBe(second);
  });

  it.each(CASE_IDS)('should restart the pod when a chart-managed password changes (%s)', (id) => {
    const c = lookup(rendered, id);
    const sts = one(c.r, 'StatefulSet');
    const checksum = dig(sts, 'spec', 'template', 'metadata', 'annotations', 'checksum/auth');
    if (!c.expect.auth?.chartManaged) {
      expect(checksum).toBeUndefined();
      return;
    }
    const [secret] = authSecrets(c.r);
    const b64 = String(dig(secret, 'data', 'password'));
    expect(checksum).toBe(createHash('sha256').update(`${c.expect.auth.secret}/${b64}`).digest('hex'));
  });

  it('should change the checksum with the password', async () => {
    const other = await render({ values: { auth: { enabled: true, password: `${INLINE_PASSWORD}-2` } } });
    const sum = (r: Rendered) =>
      dig(one(r, 'StatefulSet'), 'spec', 'template', 'metadata', 'annotations', 'checksum/auth');
    expect(sum(other)).toMatch(/^[0-9a-f]{64}$/);
    expect(sum(other)).not.toBe(sum(lookup(rendered, 'auth with inline password').r));
  });
});

// The lookup itself needs a cluster; the helper that picks the password gets the
// live Secret from a probe copy of the chart instead.
const PICK = `{{- $existing := .Files.Get "probe/secret.yaml" | fromYaml -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: probe
data:
  picked: {{ include "ghostwire.authPasswordPick" (list . $existing) | quote }}
`;

describe.each([4, 3] as const)('password kept across upgrades with Helm %i', (major) => {
  const stored = Buffer.from('kept-from-the-first-install').toString('base64');
  let probe: Probe;
  let helm: HelmBinary;

  beforeAll(async () => {
    helm = await resolveHelm({ major });
    probe = await makeProbe(PICK, { 'secret.yaml': { apiVersion: 'v1', kind: 'Secret', data: { password: stored } } });
  });
  afterAll(() => probe.cleanup());

  const picked = async (auth: Obj) => {
    const r = await render({ helm, chartDir: probe.dir, values: { auth: { enabled: true, ...auth } } });
    return dig(one(r, 'ConfigMap', 'probe'), 'data', 'picked');
  };

  it('should reuse the password stored in the live Secret', async () => {
    expect(await picked({})).toBe(stored);
  });

  it('should prefer auth.password over the stored one', async () => {
    expect(await picked({ password: INLINE_PASSWORD })).toBe(Buffer.from(INLINE_PASSWORD).toString('base64'));
  });
});
