// templates/auth-secret.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, INLINE_PASSWORD, lookup, renderCases, type RenderedCase } from './cases';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { byKind, CHART_DIR, decode, dig, render, type Rendered } from './render';

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

  it('should keep a generated password across upgrades by looking up the Secret it created', async () => {
    // helm template cannot reach a cluster; the cluster tier's upgrade step proves the round trip.
    const template = await readFile(path.join(CHART_DIR, 'templates', 'auth-secret.yaml'), 'utf8');
    expect(template).toMatch(/lookup "v1" "Secret" \.Release\.Namespace \$name/);
  });
});
