// templates/tls-secret.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, type RenderedCase, type TlsFixture } from './cases';
import { byKind, decode, dig } from './render';

let rendered: RenderedCase[] = [];
let tls: TlsFixture;

beforeAll(async () => {
  ({ rendered, tls } = await renderCases());
}, 60_000);

describe('tls-secret', () => {
  it.each(CASE_IDS)('should exist only for tls.mode custom with an inline certificate (%s)', (id) => {
    const c = lookup(rendered, id);
    const secrets = byKind(c.r, 'Secret').filter((s) => s['type'] === 'kubernetes.io/tls');
    expect(secrets).toHaveLength(c.expect.tlsSecret?.chartManaged ? 1 : 0);
    if (!c.expect.tlsSecret?.chartManaged) return;
    const [secret] = secrets;
    expect(secret?.metadata.name).toBe(c.expect.tlsSecret.name);
    expect(secret?.metadata.name.length).toBeLessThanOrEqual(63);
    expect(decode(dig(secret, 'data', 'tls.crt'))).toBe(tls.cert);
    expect(decode(dig(secret, 'data', 'tls.key'))).toBe(tls.key);
  });
});
