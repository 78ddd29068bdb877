// `helm lint --strict` with both supported Helm majors, on the defaults and on
// value sets that switch on the optional templates.
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { helmLint, resolveHelm } from '../../scripts/harness/helm';
import { makeTlsFixture, type TlsFixture } from './cases';
import { CHART_DIR, type Obj } from './render';

let tls: TlsFixture;

beforeAll(async () => {
  tls = await makeTlsFixture();
}, 60_000);

const SETS: { name: string; values: () => Obj | undefined }[] = [
  { name: 'defaults', values: () => undefined },
  {
    name: 'auth with a generated password and tls auto',
    values: () => ({ auth: { enabled: true }, tls: { mode: 'auto' } }),
  },
  {
    name: 'tls custom inline, persistence off',
    values: () => ({ tls: { mode: 'custom', cert: tls.cert, key: tls.key }, persistence: { enabled: false } }),
  },
];

describe.each([4, 3] as const)('helm lint --strict with Helm %i', (major) => {
  it.each(SETS)('should pass with $name', async ({ values }) => {
    const helm = await resolveHelm({ major });
    const v = values();
    const r = await helmLint(helm, { chartDir: CHART_DIR, strict: true, valuesYaml: v ? stringify(v) : undefined });
    expect(r.output).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(r.ok, r.output).toBe(true);
  });
});
