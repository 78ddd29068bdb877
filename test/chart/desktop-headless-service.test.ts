// templates/desktop-headless-service.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, suffixed, type RenderedCase } from './cases';
import { dig, one, type KubeObject } from './render';

let rendered: RenderedCase[] = [];

beforeAll(async () => {
  ({ rendered } = await renderCases());
}, 60_000);

function headless(id: string): { c: RenderedCase; svc: KubeObject } {
  const c = lookup(rendered, id);
  return { c, svc: one(c.r, 'Service', suffixed(c.expect.fullname, 'headless')) };
}

describe('desktop-headless-service', () => {
  it.each(CASE_IDS)('should be named <fullname>-headless within 63 characters (%s)', (id) => {
    const { svc } = headless(id);
    expect(svc.metadata.name.endsWith('-headless')).toBe(true);
    expect(svc.metadata.name.length).toBeLessThanOrEqual(63);
  });

  it.each(CASE_IDS)('should be headless and publish the pod before it is ready (%s)', (id) => {
    const { svc } = headless(id);
    expect(dig(svc, 'spec', 'clusterIP')).toBe('None');
    expect(dig(svc, 'spec', 'publishNotReadyAddresses')).toBe(true);
  });

  it.each(CASE_IDS)('should govern the StatefulSet and select the same pod as the main Service (%s)', (id) => {
    const { c, svc } = headless(id);
    expect(dig(one(c.r, 'StatefulSet'), 'spec', 'serviceName')).toBe(svc.metadata.name);
    expect(dig(svc, 'spec', 'selector')).toEqual(dig(one(c.r, 'Service', c.expect.fullname), 'spec', 'selector'));
  });

  it.each(CASE_IDS)('should name port 6901 like the container port, with the appProtocol of tls.mode (%s)', (id) => {
    const { c, svc } = headless(id);
    const name = (dig(c.values, 'service', 'portName') as string | undefined) ?? 'vnc';
    expect(dig(svc, 'spec', 'ports')).toEqual([
      {
        name,
        port: 6901,
        targetPort: name,
        protocol: 'TCP',
        appProtocol: c.expect.tls === 'disabled' ? 'http' : 'https',
      },
    ]);
  });
});
