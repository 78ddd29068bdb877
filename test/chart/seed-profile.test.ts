// The seed-profile init container: rendered into every StatefulSet, and shown to
// make the image's first start work on a volume the way Kubernetes hands it over
// (root-owned, group 1000 through fsGroup, setgid), by running the chart's
// script and a reproduction of the image's start-up steps as uid 1000.
import { execa } from 'execa';
import { chmod, lstat, mkdir, mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS, lookup, renderCases, type RenderedCase } from './cases';
import { asList, CHART_DIR, container, one, podSpec } from './render';
import { skippable } from '../skip';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const IMAGE_START = path.resolve(HERE, '../fixtures/fresh-volume/image-start.sh');
const SEED = path.join(CHART_DIR, 'files', 'seed-profile.sh');

let rendered: RenderedCase[] = [];
beforeAll(async () => {
  ({ rendered } = await renderCases());
}, 60_000);

describe('seed-profile init container', () => {
  it.each(CASE_IDS)('should run files/seed-profile.sh from the desktop image on the home volume (%s)', async (id) => {
    const s = one(lookup(rendered, id).r, 'StatefulSet');
    const inits = asList(podSpec(s)['initContainers']);
    expect(inits.map((c) => c['name'])).toEqual(['seed-profile']);
    const [init] = inits;
    const desktop = container(s, 'desktop');
    expect(init?.['image']).toBe(desktop['image']);
    expect(init?.['securityContext']).toEqual(desktop['securityContext']);
    expect(init?.['volumeMounts']).toEqual([{ name: 'home', mountPath: '/home/kasm-user' }]);
    expect(init?.['command']).toEqual(['/bin/sh', '-c']);
    expect(asList<string>(init?.['args'])[0]).toBe(await readFile(SEED, 'utf8'));
  });
});

// ---------------------------------------------------------------- fresh volume

/** Root, directly or through passwordless sudo (as on GitHub's runners). */
const isRoot = process.getuid?.() === 0;
const canSudo = !isRoot && (await execa('sudo', ['-n', 'true'], { reject: false })).exitCode === 0;
function asRoot(cmd: string, args: string[]) {
  const [bin, argv] = isRoot ? [cmd, args] : ['sudo', ['-n', cmd, ...args]];
  return execa(bin, argv, { reject: false, all: true });
}
const OLD = new Date('2024-01-02T03:04:05Z');

interface Run {
  exitCode: number;
  output: string;
}

/** Runs a shell script as uid/gid 1000 with supplementary group 1000 (the pod's fsGroup). */
async function asKasmUser(script: string, env: Record<string, string>): Promise<Run> {
  const vars = Object.entries({ PATH: '/usr/bin:/bin', ...env }).map(([k, v]) => `${k}=${v}`);
  const user = ['--reuid=1000', '--regid=1000', '--groups=1000'];
  const r = await asRoot('setpriv', [...user, '--', 'env', '-i', ...vars, 'sh', script]);
  return { exitCode: r.exitCode ?? -1, output: r.all ?? '' };
}

const noRoot = !isRoot && !canSudo && 'needs root or passwordless sudo to make a root-owned volume';

describe.skipIf(!!noRoot)(skippable('first start on a fresh volume', noRoot), () => {
  let base: string;
  let profile: string;

  /** The image's default profile: owned by 1000:0 as the image build leaves it, with old times. */
  async function makeProfile(): Promise<void> {
    profile = path.join(base, 'kasm-default-profile');
    await mkdir(path.join(profile, 'Desktop'), { recursive: true });
    await mkdir(path.join(profile, '.config', 'xfce4'), { recursive: true });
    await mkdir(path.join(profile, '.config', 'pulse'), { recursive: true });
    await writeFile(path.join(profile, '.bashrc'), 'source $STARTUPDIR/generate_container_user\n');
    await writeFile(path.join(profile, 'Desktop', 'signal-desktop.desktop'), '[Desktop Entry]\n');
    await writeFile(path.join(profile, '.config', 'xfce4', 'panel.xml'), '<panel/>\n');
    for (const p of ['.bashrc', 'Desktop/signal-desktop.desktop', '.config/xfce4/panel.xml', 'Desktop', '.config', '.'])
      await utimes(path.join(profile, p), OLD, OLD);
    await asRoot('chown', ['-R', '1000:0', profile]);
  }

  /** A volume root as the kubelet leaves it: owner root, group fsGroup 1000, g+rwx and setgid. */
  async function makeVolume(name: string, mode: number): Promise<string> {
    const dir = path.join(base, name);
    await mkdir(dir);
    await asRoot('chown', ['0:1000', dir]);
    await asRoot('chmod', [mode.toString(8), dir]);
    return dir;
  }

  const env = (home: string) => ({ HOME: home, DEFAULT_PROFILE_HOME: profile });
  const seedEnv = (home: string) => ({ GHOSTWIRE_HOME: home, GHOSTWIRE_DEFAULT_PROFILE: profile });

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-volume-'));
    await chmod(base, 0o755);
    await makeProfile();
  });

  afterAll(async () => {
    await asRoot('rm', ['-rf', base]);
  });

  it('should reproduce the failure without the init container', async () => {
    const home = await makeVolume('pvc-without-seed', 0o2775);
    const r = await asKasmUser(IMAGE_START, env(home));
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(/cp: .*Operation not permitted/);
    expect(r.output).not.toContain('start-up done');
  });

  it.each([
    ['a PersistentVolumeClaim', 'pvc', 0o2775],
    ['an emptyDir (persistence.enabled false)', 'empty-dir', 0o2777],
  ])('should start cleanly on %s after seed-profile ran', async (_what, name, mode) => {
    const home = await makeVolume(name, mode);
    const seed = await asKasmUser(SEED, seedEnv(home));
    expect(seed.output).toContain('seed-profile: copied');
    expect(seed.exitCode).toBe(0);
    const start = await asKasmUser(IMAGE_START, env(home));
    expect(start.output).toContain('start-up done');
    expect(start.exitCode).toBe(0);
    expect(start.output).toContain('profile exists, not copying');

    const copied = await stat(path.join(home, 'Desktop', 'signal-desktop.desktop'));
    expect([copied.uid, copied.mtime.toISOString()]).toEqual([1000, OLD.toISOString()]);
    expect((await stat(path.join(home, '.kasmpasswd'))).mode & 0o777).toBe(0o600);
    expect((await lstat(path.join(home, 'Desktop', 'Uploads'))).isSymbolicLink()).toBe(true);
    expect((await stat(home)).uid).toBe(0);
  });

  it('should leave an existing profile alone on the next start', async () => {
    const home = await makeVolume('pvc-restart', 0o2775);
    await asKasmUser(SEED, seedEnv(home));
    await asRoot('sh', ['-c', `echo '# edited by the user' > '${path.join(home, '.bashrc')}'`]);
    const again = await asKasmUser(SEED, seedEnv(home));
    expect([again.exitCode, again.output.trim()]).toEqual([0, `seed-profile: ${home} already holds a profile`]);
    expect(await readFile(path.join(home, '.bashrc'), 'utf8')).toBe('# edited by the user\n');
    expect((await asKasmUser(IMAGE_START, env(home))).exitCode).toBe(0);
  });
});
