// templates/desktop-service.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, type RenderedCase } from './cases';
import { dig, one, type KubeObject } from './render';

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
