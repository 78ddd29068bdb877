// Internal to the chart tests: the value sets every template suite renders, and
// a throwaway certificate for tls.mode custom.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { render, type Obj, type Rendered } from './render';

export interface TlsFixture {
  cert: string;
  key: string;
}

/** A self-signed EC certificate and key made with openssl for this test run only. */
export async function makeTlsFixture(): Promise<TlsFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-tls-'));
  try {
    const keyFile = path.join(dir, 'tls.key');
    const certFile = path.join(dir, 'tls.crt');
    await execa('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=signal.ghostwire.test',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type TlsMode = 'disabled' | 'auto' | 'custom';

export interface Case {
  id: string;
  release: string;
  values: Obj;
  /** What the chart should derive from the values. */
  expect: {
    fullname: string;
    tls: TlsMode;
    /** Secret and key the password comes from, or undefined when auth is off. */
    auth?: { secret: string; key: string; chartManaged: boolean; password?: string };
    /** Name of the TLS Secret the pod mounts (tls.mode custom). */
    tlsSecret?: { name: string; chartManaged: boolean };
    /** 'template': volumeClaimTemplate; 'claim': existing claim; 'none': emptyDir. */
    home: 'template' | 'claim' | 'none';
  };
}

export const INLINE_PASSWORD = 'inline-Passw0rd-for-chart-tests';
const LONG_RELEASE = 'a-release-name-of-fifty-three-characters-for-signal-x';
const LONG_OVERRIDE = `${'signal-'.repeat(9)}desktop-account-of-someone`;

export function cases(tls: TlsFixture): Case[] {
  return [
    {
      id: 'defaults',
      release: 'ghostwire',
      values: {},
      expect: { fullname: 'ghostwire', tls: 'disabled', home: 'template' },
    },
    {
      id: 'auth with existingSecret',
      release: 'ghostwire',
      values: { auth: { enabled: true, existingSecret: 'signal-vnc', existingSecretKey: 'vnc-password' } },
      expect: {
        fullname: 'ghostwire',
        tls: 'disabled',
        home: 'template',
        auth: { secret: 'signal-vnc', key: 'vnc-password', chartManaged: false },
      },
    },
    {
      id: 'auth with inline password',
      release: 'ghostwire',
      values: { auth: { enabled: true, password: INLINE_PASSWORD } },
      expect: {
        fullname: 'ghostwire',
        tls: 'disabled',
        home: 'template',
        auth: { secret: 'ghostwire-auth', key: 'password', chartManaged: true, password: INLINE_PASSWORD },
      },
    },
    {
      id: 'auth with generated password',
      release: 'ghostwire',
      values: { auth: { enabled: true } },
      expect: {
        fullname: 'ghostwire',
        tls: 'disabled',
        home: 'template',
        auth: { secret: 'ghostwire-auth', key: 'password', chartManaged: true },
      },
    },
    {
      id: 'tls custom with existing Secret',
      release: 'ghostwire',
      values: { tls: { mode: 'custom', secretName: 'signal-example-org-tls' } },
      expect: {
        fullname: 'ghostwire',
        tls: 'custom',
        home: 'template',
        tlsSecret: { name: 'signal-example-org-tls', chartManaged: false },
      },
    },
    {
      id: 'tls custom with inline cert and key',
      release: 'ghostwire',
      values: { tls: { mode: 'custom', cert: tls.cert, key: tls.key } },
      expect: {
        fullname: 'ghostwire',
        tls: 'custom',
        home: 'template',
        tlsSecret: { name: 'ghostwire-tls', chartManaged: true },
      },
    },
    {
      id: 'tls auto',
      release: 'ghostwire',
      values: { tls: { mode: 'auto' } },
      expect: { fullname: 'ghostwire', tls: 'auto', home: 'template' },
    },
    {
      id: 'persistence off',
      release: 'ghostwire',
      values: { persistence: { enabled: false } },
      expect: { fullname: 'ghostwire', tls: 'disabled', home: 'none' },
    },
    {
      id: 'existing claim',
      release: 'ghostwire',
      values: { persistence: { existingClaim: 'signal-home' } },
      expect: { fullname: 'ghostwire', tls: 'disabled', home: 'claim' },
    },
    {
      id: 'mesh annotations',
      release: 'ghostwire',
      values: { podAnnotations: { 'linkerd.io/inject': 'enabled', 'sidecar.istio.io/inject': 'true' } },
      expect: { fullname: 'ghostwire', tls: 'disabled', home: 'template' },
    },
    {
      id: 'long release name',
      release: LONG_RELEASE,
      values: {},
      expect: {
        fullname: `${LONG_RELEASE}-ghostwire`.slice(0, 63).replace(/-+$/, ''),
        tls: 'disabled',
        home: 'template',
      },
    },
    {
      id: 'long fullnameOverride',
      release: 'signal',
      values: {
        fullnameOverride: LONG_OVERRIDE,
        auth: { enabled: true },
        tls: { mode: 'custom', cert: tls.cert, key: tls.key },
      },
      expect: {
        fullname: LONG_OVERRIDE.slice(0, 63).replace(/-+$/, ''),
        tls: 'custom',
        home: 'template',
        auth: {
          secret: suffixed(LONG_OVERRIDE.slice(0, 63).replace(/-+$/, ''), 'auth'),
          key: 'password',
          chartManaged: true,
        },
        tlsSecret: { name: suffixed(LONG_OVERRIDE.slice(0, 63).replace(/-+$/, ''), 'tls'), chartManaged: true },
      },
    },
    {
      id: 'every option at once',
      release: 'signal-alice',
      values: {
        nameOverride: 'signal',
        image: {
          registry: 'registry.example.com',
          repository: 'mirror/kasmweb-signal',
          digest: `sha256:${'a'.repeat(64)}`,
        },
        imagePullSecrets: [{ name: 'registry-credentials' }],
        serviceAccount: { create: false, name: 'signal-restricted' },
        service: {
          port: 443,
          portName: 'web',
          annotations: { 'example.com/expose': 'internal' },
          labels: { 'example.com/team': 'messaging' },
        },
        auth: { enabled: true, existingSecret: 'alice-vnc' },
        tls: { mode: 'auto' },
        display: { width: 2560, height: 1440 },
        vncOptions: ['-MaxIdleTime=3600'],
        persistence: {
          storageClass: 'fast-ssd',
          accessModes: ['ReadWriteOncePod'],
          size: '20Gi',
          annotations: { 'backup.example.com/schedule': 'daily' },
          retentionPolicy: { whenDeleted: 'Delete' },
        },
        shm: { sizeLimit: '2Gi' },
        startupProbe: { enabled: false },
        podLabels: { 'example.com/team': 'messaging' },
        nodeSelector: { 'kubernetes.io/arch': 'amd64' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'desktops', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] },
              ],
            },
          },
        },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'signal' } },
          },
        ],
        priorityClassName: 'business-critical',
        extraEnv: [
          { name: 'TZ', value: 'Europe/Berlin' },
          { name: 'PROXY_PASSWORD', valueFrom: { secretKeyRef: { name: 'proxy', key: 'password' } } },
        ],
        envFrom: [{ configMapRef: { name: 'signal-proxy-settings' } }],
        extraVolumes: [{ name: 'ca-bundle', configMap: { name: 'corporate-ca' } }],
        extraVolumeMounts: [
          { name: 'ca-bundle', mountPath: '/usr/local/share/ca-certificates/corporate', readOnly: true },
        ],
        tests: { podAnnotations: { 'linkerd.io/inject': 'disabled' } },
      },
      expect: {
        fullname: 'signal-alice',
        tls: 'auto',
        home: 'template',
        auth: { secret: 'alice-vnc', key: 'password', chartManaged: false },
      },
    },
  ];
}

export interface RenderedCase extends Case {
  r: Rendered;
}

/** The TLS fixture and every case rendered once, concurrently. */
export async function renderCases(): Promise<{ tls: TlsFixture; rendered: RenderedCase[] }> {
  const tls = await makeTlsFixture();
  const rendered = await Promise.all(
    cases(tls).map(async (c) => ({ ...c, r: await render({ release: c.release, values: c.values }) })),
  );
  return { tls, rendered };
}

/** Case ids for it.each tables, rendered results looked up inside the test. */
export const CASE_IDS = cases({ cert: '', key: '' }).map((c) => c.id);

export function lookup(rendered: readonly RenderedCase[], id: string): RenderedCase {
  const c = rendered.find((x) => x.id === id);
  if (!c) throw new Error(`no rendered case ${id}`);
  return c;
}

/** The chart's "<fullname>-<suffix>" rule: the fullname is cut so the whole fits in 63 characters. */
export function suffixed(fullname: string, suffix: string): string {
  return `${fullname.slice(0, 62 - suffix.length).replace(/-+$/, '')}-${suffix}`;
}
