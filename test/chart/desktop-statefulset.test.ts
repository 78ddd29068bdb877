// templates/desktop-statefulset.yaml over every value set.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, INLINE_PASSWORD, lookup, renderCases, suffixed, type RenderedCase, type TlsFixture } from './cases';
import { checkRestricted, plainSecretEnv } from './pss';
import { asList, container, dig, env, one, podSpec, render, type KubeObject, type Obj } from './render';

let rendered: RenderedCase[] = [];
let tls: TlsFixture;

beforeAll(async () => {
  ({ rendered, tls } = await renderCases());
}, 60_000);

function sts(id: string): { c: RenderedCase; s: KubeObject; spec: Obj; desktop: Obj } {
  const c = lookup(rendered, id);
  const s = one(c.r, 'StatefulSet');
  return { c, s, spec: podSpec(s), desktop: container(s, 'desktop') };
}

describe('desktop-statefulset', () => {
  it.each(CASE_IDS)('should run exactly one replica under a 52-character name (%s)', (id) => {
    const { c, s } = sts(id);
    expect(dig(s, 'spec', 'replicas')).toBe(1);
    expect(s.metadata.name).toBe(c.expect.fullname.slice(0, 52).replace(/-+$/, ''));
    expect(s.metadata.name.length).toBeLessThanOrEqual(52);
  });

  it.each(CASE_IDS)('should pass the Pod Security Standards restricted profile (%s)', (id) => {
    const { s, spec } = sts(id);
    expect(
      checkRestricted(spec, (dig(s, 'spec', 'template', 'metadata', 'annotations') ?? {}) as Record<string, string>),
    ).toEqual([]);
  });

  it.each(CASE_IDS)('should keep passwords and keys out of plain env values (%s)', (id) => {
    const { spec } = sts(id);
    expect(plainSecretEnv(spec, [INLINE_PASSWORD, tls.key.trim()])).toEqual([]);
  });

  it.each(CASE_IDS)('should run as uid/gid 1000 with fsGroup OnRootMismatch and no API token (%s)', (id) => {
    const { spec, desktop } = sts(id);
    expect(spec['securityContext']).toMatchObject({
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: 'OnRootMismatch',
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(desktop['securityContext']).toMatchObject({
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(spec['automountServiceAccountToken']).toBe(false);
    expect(spec['enableServiceLinks']).toBe(false);
  });

  it.each(CASE_IDS)(
    'should select its pod by name and instance and govern it through the headless Service (%s)',
    (id) => {
      const { c, s } = sts(id);
      const name = (dig(c.values, 'nameOverride') as string | undefined) ?? 'ghostwire';
      expect(dig(s, 'spec', 'selector', 'matchLabels')).toEqual({
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': c.release,
      });
      expect(dig(s, 'spec', 'template', 'metadata', 'labels')).toMatchObject({
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': c.release,
        'app.kubernetes.io/component': 'desktop',
      });
      expect(dig(s, 'spec', 'serviceName')).toBe(
        one(c.r, 'Service', suffixed(c.expect.fullname, 'headless')).metadata.name,
      );
    },
  );

  it.each(CASE_IDS)('should set VNCOPTIONS for tls.mode and auth (%s)', (id) => {
    const { c, desktop } = sts(id);
    const opts = String(env(desktop).get('VNCOPTIONS')?.['value']);
    expect(opts.includes('-disableBasicAuth')).toBe(c.expect.auth === undefined);
    expect(opts.includes('-sslOnly 0')).toBe(c.expect.tls === 'disabled');
    const certFlags = '-cert /etc/ghostwire/tls/tls.crt -key /etc/ghostwire/tls/tls.key';
    expect(opts.includes(certFlags)).toBe(c.expect.tls === 'custom');
    expect(opts.startsWith('-PreferBandwidth') || opts.startsWith('-MaxIdleTime=3600')).toBe(true);
  });

  it.each(CASE_IDS)(
    'should take VNC_PW and the view-only password from the right Secret only when auth is enabled (%s)',
    (id) => {
      const { c, desktop } = sts(id);
      for (const name of ['VNC_PW', 'VNC_VIEW_ONLY_PW']) {
        const pw = env(desktop).get(name);
        if (!c.expect.auth) expect(pw).toBeUndefined();
        else
          expect(pw).toEqual({
            name,
            valueFrom: { secretKeyRef: { name: c.expect.auth.secret, key: c.expect.auth.key } },
          });
      }
    },
  );

  it.each(CASE_IDS)("should switch off the image's unexposed side services (%s)", (id) => {
    const { desktop } = sts(id);
    const e = env(desktop);
    for (const name of [
      'KASM_SVC_AUDIO',
      'KASM_SVC_AUDIO_INPUT',
      'KASM_SVC_UPLOADS',
      'KASM_SVC_GAMEPAD',
      'KASM_SVC_WEBCAM',
      'KASM_SVC_PRINTER',
    ]) {
      expect(e.get(name), name).toEqual({ name, value: '0' });
    }
  });

  it('should let extraEnv switch a side service back on without a duplicate variable', async () => {
    const r = await render({ values: { extraEnv: [{ name: 'KASM_SVC_UPLOADS', value: '1' }] } });
    const names = asList(container(one(r, 'StatefulSet'), 'desktop')['env']).map((e) => e['name']);
    expect(names.filter((n) => n === 'KASM_SVC_UPLOADS')).toHaveLength(1);
    expect(env(container(one(r, 'StatefulSet'), 'desktop')).get('KASM_SVC_UPLOADS')?.['value']).toBe('1');
  });

  it.each(CASE_IDS)('should mount the home directory as persistence asks (%s)', (id) => {
    const { c, s, spec, desktop } = sts(id);
    const home = asList(spec['volumes']).find((v) => v['name'] === 'home');
    const templates = asList(dig(s, 'spec', 'volumeClaimTemplates'));
    expect(asList(desktop['volumeMounts']).find((m) => m['name'] === 'home')).toEqual({
      name: 'home',
      mountPath: '/home/kasm-user',
    });
    if (c.expect.home === 'template') {
      expect(home).toBeUndefined();
      expect(templates.map((t) => dig(t, 'metadata', 'name'))).toEqual(['home']);
      expect(dig(s, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled')).toBe('Retain');
    } else {
      expect(templates).toEqual([]);
      expect(dig(s, 'spec', 'persistentVolumeClaimRetentionPolicy')).toBeUndefined();
      expect(home).toEqual(
        c.expect.home === 'claim'
          ? { name: 'home', persistentVolumeClaim: { claimName: 'signal-home' } }
          : { name: 'home', emptyDir: {} },
      );
    }
  });

  it('should keep the profile claim on uninstall by default', () => {
    const { s } = sts('defaults');
    expect(dig(s, 'spec', 'persistentVolumeClaimRetentionPolicy')).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(dig(s, 'spec', 'volumeClaimTemplates', 0, 'spec')).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
  });

  it('should pass storage class, access modes, size, annotations and retention to the claim template', () => {
    const { s } = sts('every option at once');
    expect(dig(s, 'spec', 'persistentVolumeClaimRetentionPolicy')).toEqual({
      whenDeleted: 'Delete',
      whenScaled: 'Retain',
    });
    expect(dig(s, 'spec', 'volumeClaimTemplates', 0)).toMatchObject({
      metadata: { name: 'home', annotations: { 'backup.example.com/schedule': 'daily' } },
      spec: {
        storageClassName: 'fast-ssd',
        accessModes: ['ReadWriteOncePod'],
        resources: { requests: { storage: '20Gi' } },
      },
    });
  });

  it.each(CASE_IDS)('should give /dev/shm a memory-backed emptyDir with a size limit (%s)', (id) => {
    const { c, spec, desktop } = sts(id);
    const size = (dig(c.values, 'shm', 'sizeLimit') as string | undefined) ?? '1Gi';
    expect(asList(spec['volumes']).find((v) => v['name'] === 'shm')).toEqual({
      name: 'shm',
      emptyDir: { medium: 'Memory', sizeLimit: size },
    });
    expect(asList(desktop['volumeMounts'])).toContainEqual({ name: 'shm', mountPath: '/dev/shm' });
  });

  it.each(CASE_IDS)('should mount the TLS Secret read-only only for tls.mode custom (%s)', (id) => {
    const { c, s, spec, desktop } = sts(id);
    const vol = asList(spec['volumes']).find((v) => v['name'] === 'tls');
    const checksum = dig(s, 'spec', 'template', 'metadata', 'annotations', 'checksum/tls');
    if (!c.expect.tlsSecret) {
      expect(vol).toBeUndefined();
      expect(checksum).toBeUndefined();
      return;
    }
    expect(dig(vol, 'secret', 'secretName')).toBe(c.expect.tlsSecret.name);
    expect(asList(dig(vol, 'secret', 'items')).map((i) => i['key'])).toEqual(['tls.crt', 'tls.key']);
    expect(asList(desktop['volumeMounts'])).toContainEqual({
      name: 'tls',
      mountPath: '/etc/ghostwire/tls',
      readOnly: true,
    });
    expect(typeof checksum === 'string').toBe(c.expect.tlsSecret.chartManaged);
    for (const init of asList(spec['initContainers']))
      expect(asList(init['volumeMounts']).map((m) => m['name'])).not.toContain('tls');
  });

  it.each(CASE_IDS)('should probe the web port over TCP, whatever tls.mode and auth are (%s)', (id) => {
    const { c, desktop } = sts(id);
    const port = (dig(c.values, 'service', 'portName') as string | undefined) ?? 'vnc';
    expect(asList(desktop['ports'])).toEqual([{ name: port, containerPort: 6901, protocol: 'TCP' }]);
    expect(dig(desktop, 'livenessProbe', 'tcpSocket')).toEqual({ port });
    expect(dig(desktop, 'readinessProbe', 'tcpSocket')).toEqual({ port });
    expect(dig(desktop, 'startupProbe', 'tcpSocket')).toEqual(
      dig(c.values, 'startupProbe', 'enabled') === false ? undefined : { port },
    );
  });

  it.each(CASE_IDS)('should set resource requests and limits (%s)', (id) => {
    const { desktop } = sts(id);
    expect(desktop['resources']).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
  });

  it('should pass mesh annotations to the pod and mark the desktop container as the default one', () => {
    const { s } = sts('mesh annotations');
    expect(dig(s, 'spec', 'template', 'metadata', 'annotations')).toEqual({
      'linkerd.io/inject': 'enabled',
      'sidecar.istio.io/inject': 'true',
      'kubectl.kubernetes.io/default-container': 'desktop',
    });
  });

  it('should pull the pinned image by tag with IfNotPresent by default', () => {
    const { desktop } = sts('defaults');
    expect(desktop['image']).toBe('docker.io/kasmweb/signal:1.17.0');
    expect(desktop['imagePullPolicy']).toBe('IfNotPresent');
    expect(env(sts('defaults').desktop).get('VNC_RESOLUTION')?.['value']).toBe('1920x1080');
  });

  it('should wire every scheduling, image and extension option into the pod', () => {
    const { spec, desktop } = sts('every option at once');
    expect(desktop['image']).toBe(`registry.example.com/mirror/kasmweb-signal@sha256:${'a'.repeat(64)}`);
    expect(spec).toMatchObject({
      serviceAccountName: 'signal-restricted',
      imagePullSecrets: [{ name: 'registry-credentials' }],
      priorityClassName: 'business-critical',
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'desktops', effect: 'NoSchedule' }],
    });
    expect(dig(spec, 'affinity', 'nodeAffinity')).toBeDefined();
    expect(asList(spec['topologySpreadConstraints'])).toHaveLength(1);
    expect(asList(spec['volumes']).map((v) => v['name'])).toContain('ca-bundle');
    expect(asList(desktop['volumeMounts']).map((m) => m['mountPath'])).toContain(
      '/usr/local/share/ca-certificates/corporate',
    );
    expect(desktop['envFrom']).toEqual([{ configMapRef: { name: 'signal-proxy-settings' } }]);
    const e = env(desktop);
    expect(e.get('TZ')?.['value']).toBe('Europe/Berlin');
    expect(e.get('VNC_RESOLUTION')?.['value']).toBe('2560x1440');
    expect(String(e.get('VNCOPTIONS')?.['value'])).toBe('-MaxIdleTime=3600');
  });

  it('should keep chart labels when podLabels try to override them', () => {
    const { s } = sts('every option at once');
    expect(dig(s, 'spec', 'template', 'metadata', 'labels')).toMatchObject({
      'example.com/team': 'messaging',
      'app.kubernetes.io/name': 'signal',
      'app.kubernetes.io/component': 'desktop',
    });
  });
});
