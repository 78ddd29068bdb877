// templates/desktop-service.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, type RenderedCase } from './cases';
import { dig, one, render, type KubeObject } from './render';

let rendered: RenderedCase[] = [];

beforeAll(async () => {
  ({ rendered } = await renderCases());
}, 60_000);

function service(id: string): { c: RenderedCase; svc: KubeObject } {
  const c = lookup(rendered, id);
  return { c, svc: one(c.r, 'Service', c.expect.fullname) };
}

const selects = (selector: unknown, labels: unknown): boolean =>
  Object.entries(selector as Record<string, string>).every(
    ([k, v]) => (labels as Record<string, string> | undefined)?.[k] === v,
  );

describe('desktop-service', () => {
  it.each(CASE_IDS)('should be a ClusterIP Service named after the fullname, within 63 characters (%s)', (id) => {
    const { c, svc } = service(id);
    expect(svc.metadata.name).toBe(c.expect.fullname);
    expect(svc.metadata.name.length).toBeLessThanOrEqual(63);
    expect(dig(svc, 'spec', 'type')).toBe('ClusterIP');
  });

  it.each(CASE_IDS)('should expose the named web port with the appProtocol of tls.mode (%s)', (id) => {
    const { c, svc } = service(id);
    const port = (dig(c.values, 'service', 'port') as number | undefined) ?? 6901;
    const name = (dig(c.values, 'service', 'portName') as string | undefined) ?? 'vnc';
    expect(dig(svc, 'spec', 'ports')).toEqual([
      { name, port, targetPort: name, protocol: 'TCP', appProtocol: c.expect.tls === 'disabled' ? 'http' : 'https' },
    ]);
  });

  it.each(CASE_IDS)('should select the desktop pod and never the helm test pod (%s)', (id) => {
    const { c, svc } = service(id);
    const selector = dig(svc, 'spec', 'selector');
    expect(selects(selector, dig(one(c.r, 'StatefulSet'), 'spec', 'template', 'metadata', 'labels'))).toBe(true);
    for (const hook of c.r.hooks) expect(selects(selector, hook.metadata.labels)).toBe(false);
  });

  it('should carry the service annotations and labels from values', () => {
    const { svc } = service('every option at once');
    expect(svc.metadata.annotations).toEqual({ 'example.com/expose': 'internal' });
    expect(svc.metadata.labels).toMatchObject({ 'example.com/team': 'messaging', 'app.kubernetes.io/name': 'signal' });
  });
});

describe('desktop-service exposure', () => {
  it('should pass nodePort, externalTrafficPolicy and loadBalancerSourceRanges to a LoadBalancer', async () => {
    const r = await render({
      values: {
        auth: { enabled: true },
        service: {
          type: 'LoadBalancer',
          nodePort: 30901,
          externalTrafficPolicy: 'Local',
          loadBalancerSourceRanges: ['203.0.113.0/24'],
        },
      },
    });
    const svc = one(r, 'Service', 'ghostwire');
    expect(dig(svc, 'spec')).toMatchObject({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      ports: [{ name: 'vnc', port: 6901, nodePort: 30901 }],
    });
  });

  it.each(CASE_IDS)('should leave the exposure fields out of a ClusterIP Service (%s)', (id) => {
    const spec = dig(service(id).svc, 'spec') as Record<string, unknown>;
    expect(spec['type']).toBe('ClusterIP');
    expect(Object.keys(spec)).not.toEqual(expect.arrayContaining(['externalTrafficPolicy']));
    expect(spec['loadBalancerSourceRanges']).toBeUndefined();
    expect(dig(spec, 'ports', 0, 'nodePort')).toBeUndefined();
  });
});
