// Internal to the chart tests: a pure checker for the Pod Security Standards
// "restricted" profile (which includes "baseline"), rule by rule as the
// Kubernetes documentation lists them, for Kubernetes 1.25 and later.
// https://kubernetes.io/docs/concepts/security/pod-security-standards/

export interface Violation {
  /** The policy control, e.g. "Privilege Escalation". */
  rule: string;
  /** Where: "spec.containers[desktop].securityContext.allowPrivilegeEscalation". */
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Baseline: capabilities a container may add. Restricted narrows this to NET_BIND_SERVICE. */
const RESTRICTED_ADD = new Set(['NET_BIND_SERVICE']);
/** Restricted: the only volume types allowed. */
const ALLOWED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
/** Baseline: the "safe" sysctls. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

interface Named {
  path: string;
  c: Obj;
}

function allContainers(spec: Obj): Named[] {
  const out: Named[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of list(spec[field])) out.push({ path: `spec.${field}[${String(c['name'])}]`, c });
  }
  return out;
}

/**
 * Checks a pod spec (Pod.spec, or a workload's spec.template.spec) against the
 * restricted profile. `annotations` are the pod's, for the AppArmor annotation form.
 */
export function checkRestricted(spec: Obj, annotations: Record<string, string> = {}): Violation[] {
  const v: Violation[] = [];
  const add = (rule: string, path: string, message: string) => v.push({ rule, path, message });
  const psc = obj(spec['securityContext']);
  const containers = allContainers(spec);

  // Baseline: Host Namespaces.
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f] === true) add('Host Namespaces', `spec.${f}`, `${f} must be unset or false`);
  }
  // Baseline: HostProcess.
  if (obj(psc['windowsOptions'])['hostProcess'] === true)
    add('HostProcess', 'spec.securityContext.windowsOptions.hostProcess', 'must be unset or false');
  // Baseline: HostPath Volumes; Restricted: Volume Types.
  for (const vol of list(spec['volumes'])) {
    const types = Object.keys(vol).filter((k) => k !== 'name');
    for (const t of types) {
      if (t === 'hostPath')
        add('HostPath Volumes', `spec.volumes[${String(vol['name'])}]`, 'hostPath volumes are forbidden');
      else if (!ALLOWED_VOLUMES.has(t))
        add('Volume Types', `spec.volumes[${String(vol['name'])}]`, `volume type ${t} is not allowed`);
    }
  }
  // Baseline: Sysctls.
  for (const s of list(psc['sysctls'])) {
    if (!SAFE_SYSCTLS.has(String(s['name'])))
      add('Sysctls', 'spec.securityContext.sysctls', `sysctl ${String(s['name'])} is not in the safe set`);
  }
  // Baseline: SELinux (pod level).
  checkSeLinux(obj(psc['seLinuxOptions']), 'spec.securityContext.seLinuxOptions', add);
  // Baseline: AppArmor (pod level and annotations).
  if (obj(psc['appArmorProfile'])['type'] === 'Unconfined')
    add('AppArmor', 'spec.securityContext.appArmorProfile.type', 'Unconfined is not allowed');
  for (const [k, val] of Object.entries(annotations)) {
    if (
      k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
      val !== 'runtime/default' &&
      !val.startsWith('localhost/')
    ) {
      add('AppArmor', `metadata.annotations[${k}]`, `${val} is not allowed`);
    }
  }

  // Restricted: Running as Non-root (pod level, or every container).
  const podNonRoot = psc['runAsNonRoot'] === true;
  // Restricted: Seccomp (pod level, or every container).
  const podSeccomp = obj(psc['seccompProfile'])['type'];
  if (podSeccomp !== undefined && !SECCOMP_OK.has(String(podSeccomp)))
    add('Seccomp', 'spec.securityContext.seccompProfile.type', `${String(podSeccomp)} is not allowed`);
  // Restricted: Running as Non-root user (pod level).
  if (psc['runAsUser'] === 0) add('Running as Non-root user', 'spec.securityContext.runAsUser', 'must not be 0');

  for (const { path, c } of containers) {
    const sc = obj(c['securityContext']);
    const at = `${path}.securityContext`;
    // Baseline: Privileged Containers.
    if (sc['privileged'] === true) add('Privileged Containers', `${at}.privileged`, 'must be unset or false');
    // Baseline: Host Ports.
    for (const p of list(c['ports'])) {
      if (p['hostPort'] !== undefined && p['hostPort'] !== 0)
        add('Host Ports', `${path}.ports`, `hostPort ${String(p['hostPort'])} is not allowed`);
    }
    // Baseline: /proc Mount Type.
    if (sc['procMount'] !== undefined && sc['procMount'] !== 'Default')
      add('/proc Mount Type', `${at}.procMount`, 'must be unset or Default');
    // Baseline: SELinux, AppArmor, HostProcess (container level).
    checkSeLinux(obj(sc['seLinuxOptions']), `${at}.seLinuxOptions`, add);
    if (obj(sc['appArmorProfile'])['type'] === 'Unconfined')
      add('AppArmor', `${at}.appArmorProfile.type`, 'Unconfined is not allowed');
    if (obj(sc['windowsOptions'])['hostProcess'] === true)
      add('HostProcess', `${at}.windowsOptions.hostProcess`, 'must be unset or false');
    // Restricted: Privilege Escalation.
    if (sc['allowPrivilegeEscalation'] !== false)
      add('Privilege Escalation', `${at}.allowPrivilegeEscalation`, 'must be false');
    // Restricted: Running as Non-root.
    if (sc['runAsNonRoot'] === false) add('Running as Non-root', `${at}.runAsNonRoot`, 'must not be false');
    else if (!podNonRoot && sc['runAsNonRoot'] !== true)
      add('Running as Non-root', `${at}.runAsNonRoot`, 'must be true here or in spec.securityContext');
    // Restricted: Running as Non-root user.
    if (sc['runAsUser'] === 0) add('Running as Non-root user', `${at}.runAsUser`, 'must not be 0');
    // Restricted: Seccomp.
    const cSeccomp = obj(sc['seccompProfile'])['type'];
    if (cSeccomp !== undefined && !SECCOMP_OK.has(String(cSeccomp)))
      add('Seccomp', `${at}.seccompProfile.type`, `${String(cSeccomp)} is not allowed`);
    else if (cSeccomp === undefined && !SECCOMP_OK.has(String(podSeccomp)))
      add(
        'Seccomp',
        `${at}.seccompProfile.type`,
        'must be RuntimeDefault or Localhost here or in spec.securityContext',
      );
    // Restricted: Capabilities.
    const caps = obj(sc['capabilities']);
    if (!strings(caps['drop']).includes('ALL')) add('Capabilities', `${at}.capabilities.drop`, 'must include ALL');
    for (const cap of strings(caps['add'])) {
      if (!RESTRICTED_ADD.has(cap))
        add('Capabilities', `${at}.capabilities.add`, `${cap} may not be added; only NET_BIND_SERVICE`);
    }
  }
  return v;
}

function checkSeLinux(o: Obj, path: string, add: (rule: string, path: string, message: string) => void): void {
  if (o['type'] !== undefined && !SELINUX_TYPES.has(String(o['type'])))
    add('SELinux', `${path}.type`, `${String(o['type'])} is not allowed`);
  if (o['user'] !== undefined && o['user'] !== '') add('SELinux', `${path}.user`, 'must be unset');
  if (o['role'] !== undefined && o['role'] !== '') add('SELinux', `${path}.role`, 'must be unset');
}

/** Container env entries that carry a secret as a plain `value` instead of valueFrom. */
export function plainSecretEnv(spec: Obj, secrets: readonly string[] = []): Violation[] {
  const v: Violation[] = [];
  const suspicious = /(PASS|PW|PWD|SECRET|TOKEN|PRIVATE|CREDENTIAL|_KEY$|^KEY$)/i;
  for (const { path, c } of allContainers(spec)) {
    for (const e of list(c['env'])) {
      if (e['value'] === undefined) continue;
      const name = String(e['name']);
      const value = String(e['value']);
      if (suspicious.test(name))
        v.push({
          rule: 'Secrets in env',
          path: `${path}.env[${name}]`,
          message: 'a password or key must come from valueFrom.secretKeyRef, not value',
        });
      else if (value.includes('PRIVATE KEY') || secrets.some((s) => s !== '' && value.includes(s))) {
        v.push({ rule: 'Secrets in env', path: `${path}.env[${name}]`, message: 'the value contains secret material' });
      }
    }
  }
  return v;
}
