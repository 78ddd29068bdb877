// templates/tests/webclient-pod.yaml (the `helm test` hook) over every value set,
// and its script run for real with curl against local stand-ins for KasmVNC.
import { execa } from 'execa';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippable } from '../skip.ts';
import { CASE_IDS, INLINE_PASSWORD, lookup, renderCases, suffixed, type RenderedCase, type TlsFixture } from './cases';
import { checkRestricted, plainSecretEnv } from './pss';
import { asList, container, dig, env, one, podSpec, type KubeObject, type Obj } from './render';

let rendered: RenderedCase[] = [];
let tls: TlsFixture;

beforeAll(async () => {
  ({ rendered, tls } = await renderCases());
}, 60_000);

function testPod(id: string): { c: RenderedCase; pod: KubeObject; spec: Obj; curl: Obj } {
  const c = lookup(rendered, id);
  const pod = one(c.r.hooks, 'Pod');
  return { c, pod, spec: podSpec(pod), curl: container(pod, 'webclient') };
}

describe('tests/webclient-pod', () => {
  it.each(CASE_IDS)('should be a helm test hook, not part of the release (%s)', (id) => {
    const { c, pod } = testPod(id);
    expect(pod.metadata.annotations?.['helm.sh/hook']).toBe('test');
    expect(pod.metadata.name).toBe(suffixed(c.expect.fullname, 'test'));
    expect(c.r.objects.filter((o) => o.kind === 'Pod')).toEqual([]);
    expect(dig(pod, 'spec', 'restartPolicy')).toBe('Never');
  });

  it.each(CASE_IDS)('should pass the Pod Security Standards restricted profile (%s)', (id) => {
    const { pod, spec } = testPod(id);
    expect(checkRestricted(spec, pod.metadata.annotations ?? {})).toEqual([]);
    expect(spec['automountServiceAccountToken']).toBe(false);
  });

  it.each(CASE_IDS)('should keep the password out of plain env values (%s)', (id) => {
    const { spec } = testPod(id);
    expect(plainSecretEnv(spec, [INLINE_PASSWORD, tls.key.trim()])).toEqual([]);
  });

  it.each(CASE_IDS)('should use a pinned curl image (%s)', (id) => {
    const { curl } = testPod(id);
    expect(curl['image']).toMatch(/^docker\.io\/curlimages\/curl(:\d+\.\d+\.\d+|@sha256:[a-f0-9]{64})$/);
  });

  it.each(CASE_IDS)(
    'should request the main Service with the scheme of tls.mode and expect the auth setting (%s)',
    (id) => {
      const { c, curl } = testPod(id);
      const e = env(curl);
      const port = (dig(c.values, 'service', 'port') as number | undefined) ?? 6901;
      expect(e.get('GHOSTWIRE_URL')?.['value']).toBe(
        `${c.expect.tls === 'disabled' ? 'http' : 'https'}://${c.expect.fullname}:${port}/`,
      );
      expect(e.get('GHOSTWIRE_AUTH')?.['value']).toBe(c.expect.auth ? 'enabled' : 'disabled');
      expect(e.get('VNC_PW')).toEqual(
        c.expect.auth
          ? { name: 'VNC_PW', valueFrom: { secretKeyRef: { name: c.expect.auth.secret, key: c.expect.auth.key } } }
          : undefined,
      );
    },
  );

  it('should pass the test pod annotations and leave the mesh annotations of the desktop pod out', () => {
    expect(testPod('every option at once').pod.metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'disabled' });
    expect(testPod('mesh annotations').pod.metadata.annotations?.['linkerd.io/inject']).toBeUndefined();
  });
});

// ---- the script itself, against local servers that answer like KasmVNC ----

const PASSWORD = 'pa"ss\\word with spaces';
const servers: Server[] = [];

/** 200 for GET /, or 401 unless the request carries kasm_user and the password. */
function kasmLike(withAuth: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const expected = `Basic ${Buffer.from(`kasm_user:${PASSWORD}`).toString('base64')}`;
    if (withAuth && req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Websockify"' }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>KasmVNC</html>');
  };
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const hasCurl = await execa('curl', ['--version']).then(
  () => true,
  () => false,
);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe.skipIf(!hasCurl)(skippable('tests/webclient-pod script', !hasCurl && 'curl is not installed'), () => {
  let urls: Record<'http' | 'httpAuth' | 'https' | 'httpsAuth', string>;

  beforeAll(async () => {
    const opts = { cert: tls.cert, key: tls.key };
    urls = {
      http: `http://127.0.0.1:${await listen(createHttp(kasmLike(false)))}/`,
      httpAuth: `http://127.0.0.1:${await listen(createHttp(kasmLike(true)))}/`,
      https: `https://127.0.0.1:${await listen(createHttps(opts, kasmLike(false)))}/`,
      httpsAuth: `https://127.0.0.1:${await listen(createHttps(opts, kasmLike(true)))}/`,
    };
  });

  async function runScript(id: string, url: string, auth: boolean, password = PASSWORD) {
    const { curl } = testPod(id);
    const [script] = asList<string>(curl['args']);
    return execa('sh', ['-c', String(script)], {
      reject: false,
      env: { GHOSTWIRE_URL: url, GHOSTWIRE_AUTH: auth ? 'enabled' : 'disabled', VNC_PW: auth ? password : '' },
      extendEnv: false,
      timeout: 30_000,
    });
  }

  it.each<[string, keyof typeof urls, boolean]>([
    ['defaults', 'http', false],
    ['auth with inline password', 'httpAuth', true],
    ['tls auto', 'https', false],
    ['every option at once', 'httpsAuth', true],
  ])('should succeed against a web client that answers as expected (%s)', async (id, server, auth) => {
    const r = await runScript(id, urls[server], auth);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('should fail when the web client asks for a password the release does not expect', async () => {
    const r = await runScript('defaults', urls.httpAuth, false);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('expected HTTP 200, got HTTP 401');
  });

  it('should fail when the web client lets anyone in although auth is enabled', async () => {
    const r = await runScript('auth with inline password', urls.http, true);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('expected HTTP 401, got HTTP 200');
  });

  it('should fail when the password is wrong', async () => {
    const r = await runScript('auth with inline password', urls.httpAuth, true, 'not-the-password');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('expected HTTP 200, got HTTP 401');
  });
});
