// The checker itself: a compliant pod passes, and each rule catches its own breach.
import { describe, expect, it } from 'vitest';
import { checkRestricted, plainSecretEnv } from './pss';

type Obj = Record<string, unknown>;

function compliant(): Obj {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'x',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'd' } },
      { name: 'tmp', emptyDir: {} },
    ],
  };
}

/** Applies a change to a fresh compliant spec. */
function breach(change: (spec: Obj, c: Obj, sc: Obj) => void): Obj {
  const spec = compliant();
  const c = (spec['containers'] as Obj[])[0] as Obj;
  change(spec, c, c['securityContext'] as Obj);
  return spec;
}

describe('pss checker', () => {
  it('should accept a pod that follows the restricted profile', () => {
    expect(checkRestricted(compliant())).toEqual([]);
  });

  it.each<[string, Obj]>([
    ['Host Namespaces', breach((s) => (s['hostNetwork'] = true))],
    ['Host Namespaces', breach((s) => (s['hostPID'] = true))],
    ['Host Namespaces', breach((s) => (s['hostIPC'] = true))],
    ['Privileged Containers', breach((_s, _c, sc) => (sc['privileged'] = true))],
    ['Capabilities', breach((_s, _c, sc) => (sc['capabilities'] = { drop: ['NET_RAW'] }))],
    ['Capabilities', breach((_s, _c, sc) => (sc['capabilities'] = { drop: ['ALL'], add: ['SYS_ADMIN'] }))],
    ['HostPath Volumes', breach((s) => (s['volumes'] = [{ name: 'h', hostPath: { path: '/' } }]))],
    ['Volume Types', breach((s) => (s['volumes'] = [{ name: 'n', nfs: { server: 'x', path: '/' } }]))],
    ['Host Ports', breach((_s, c) => (c['ports'] = [{ containerPort: 80, hostPort: 80 }]))],
    ['/proc Mount Type', breach((_s, _c, sc) => (sc['procMount'] = 'Unmasked'))],
    ['SELinux', breach((_s, _c, sc) => (sc['seLinuxOptions'] = { type: 'spc_t' }))],
    ['AppArmor', breach((_s, _c, sc) => (sc['appArmorProfile'] = { type: 'Unconfined' }))],
    ['Sysctls', breach((s) => ((s['securityContext'] as Obj)['sysctls'] = [{ name: 'kernel.msgmax', value: '1' }]))],
    ['Privilege Escalation', breach((_s, _c, sc) => delete sc['allowPrivilegeEscalation'])],
    ['Running as Non-root', breach((s) => delete (s['securityContext'] as Obj)['runAsNonRoot'])],
    ['Running as Non-root', breach((_s, _c, sc) => (sc['runAsNonRoot'] = false))],
    ['Running as Non-root user', breach((_s, _c, sc) => (sc['runAsUser'] = 0))],
    ['Seccomp', breach((s) => delete (s['securityContext'] as Obj)['seccompProfile'])],
    ['Seccomp', breach((_s, _c, sc) => (sc['seccompProfile'] = { type: 'Unconfined' }))],
    ['HostProcess', breach((_s, _c, sc) => (sc['windowsOptions'] = { hostProcess: true }))],
  ])('should report %s', (rule, spec) => {
    expect(checkRestricted(spec).map((v) => v.rule)).toContain(rule);
  });

  it('should report a password passed as a plain env value', () => {
    const spec = breach((_s, c) => (c['env'] = [{ name: 'VNC_PW', value: 'hunter2' }]));
    expect(plainSecretEnv(spec)).toHaveLength(1);
  });

  it('should accept a password taken from a Secret', () => {
    const spec = breach(
      (_s, c) => (c['env'] = [{ name: 'VNC_PW', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]),
    );
    expect(plainSecretEnv(spec)).toEqual([]);
  });

  it('should report a known secret inside an innocently named variable', () => {
    const spec = breach((_s, c) => (c['env'] = [{ name: 'OPTIONS', value: '--login hunter2' }]));
    expect(plainSecretEnv(spec, ['hunter2'])).toHaveLength(1);
  });
});
