// `npm start` stopped by its PID must take the dev server with it. npm runs a script
// through `sh -c` and forwards SIGTERM only to that shell; without `exec` the shell dies
// and Docusaurus keeps serving. The package's real start script runs here under npm, with
// the docusaurus program replaced by a stand-in HTTP server (a real dev build takes minutes).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };

const standIn = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(process.env.STANDIN_STATE, JSON.stringify({ pid: process.pid, args }));
const port = Number(args[args.indexOf('--port') + 1]);
require('node:http').createServer((q, s) => s.end('docs')).listen(port, '127.0.0.1');
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );

async function waitUntil(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return condition();
}

describe('npm start', () => {
  let dir = '';
  let npm: ChildProcess | undefined;
  let standInPid: number | undefined;

  afterAll(async () => {
    // Only the processes this test started, by their ids.
    if (npm?.exitCode === null) npm.kill('SIGKILL');
    if (standInPid) {
      try {
        process.kill(standInPid, 'SIGKILL');
      } catch {}
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stopped by its PID (SIGTERM), stops the server it started', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-start-'));
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'start-stand-in', private: true, scripts: { start: pkg.scripts['start'] } }),
    );
    await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    const bin = path.join(dir, 'node_modules', '.bin', 'docusaurus');
    await writeFile(bin, standIn);
    await chmod(bin, 0o755);

    const port = await freePort();
    const state = path.join(dir, 'state.json');
    npm = spawn('npm', ['start', '--', '--port', String(port)], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, STANDIN_STATE: state },
    });
    expect(await waitUntil(() => answers(port), 20_000)).toBe(true);
    const started = JSON.parse(await readFile(state, 'utf8')) as { pid: number; args: string[] };
    standInPid = started.pid;
    expect(started.args).toEqual(['start', '--host', '127.0.0.1', '--port', String(port)]);

    const exited = once(npm, 'exit');
    npm.kill('SIGTERM');
    await exited;
    expect(await waitUntil(async () => !(await answers(port)), 5_000)).toBe(true);
  }, 60_000);
});
