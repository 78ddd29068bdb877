// templates/desktop-serviceaccount.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, type RenderedCase } from './cases';
import { byKind, dig, podSpec, one } from './render';

let rendered: RenderedCase[] = [];

beforeAll(async () => {
  ({ rendered } = await renderCases());
}, 60_000);

describe('desktop-serviceaccount', () => {
  it.each(CASE_IDS)(
    'should give the pod its own ServiceAccount without a token, unless told not to create one (%s)',
    (id) => {
      const c = lookup(rendered, id);
      const spec = podSpec(one(c.r, 'StatefulSet'));
      const created = dig(c.values, 'serviceAccount', 'create') !== false;
      expect(byKind(c.r, 'ServiceAccount')).toHaveLength(created ? 1 : 0);
      if (created) {
        const sa = one(c.r, 'ServiceAccount');
        expect(sa.metadata.name).toBe(c.expect.fullname);
        expect(sa['automountServiceAccountToken']).toBe(false);
        expect(spec['serviceAccountName']).toBe(sa.metadata.name);
      } else {
        expect(spec['serviceAccountName']).toBe(dig(c.values, 'serviceAccount', 'name'));
      }
      expect(spec['automountServiceAccountToken']).toBe(false);
    },
  );

  it.each(CASE_IDS)('should grant no API access: no Role, ClusterRole or binding (%s)', (id) => {
    const c = lookup(rendered, id);
    const kinds = c.r.objects.map((o) => o.kind);
    for (const k of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) expect(kinds).not.toContain(k);
  });
});
