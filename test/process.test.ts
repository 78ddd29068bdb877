// The lean child-process runner the chart renders use (scripts/harness/process.ts).
import { describe, expect, it } from 'vitest';
import { runProcess } from '../scripts/harness/process.ts';

const node = process.execPath;
const run = (code: string, o: { input?: string; timeoutMs?: number; env?: Record<string, string> } = {}) =>
  runProcess(node, ['-e', code], { timeoutMs: o.timeoutMs ?? 20_000, input: o.input, env: o.env });

describe('runProcess', () => {
  it('should give the output of a process that succeeds, without the final line break', async () => {
    const r = await run('console.log("one"); console.log("two"); console.error("note")');
    expect(r).toEqual({ exitCode: 0, stdout: 'one\ntwo', stderr: 'note', failed: false, message: '' });
  });

  it('should feed the input on stdin and pass the extra environment', async () => {
    const code =
      'let s = ""; process.stdin.on("data", (d) => (s += d));' +
      'process.stdin.on("end", () => process.stdout.write(s.toUpperCase() + process.env.EXTRA));';
    const r = await run(code, { input: 'a: 1\n', env: { EXTRA: '!' } });
    expect(r.stdout).toBe('A: 1\n!');
    expect(r.failed).toBe(false);
  });

  it('should report a non-zero exit with its code and stderr', async () => {
    const r = await run('console.error("Error: bad values"); process.exit(3)');
    expect(r).toMatchObject({ exitCode: 3, stderr: 'Error: bad values', failed: true });
    expect(r.message).toBe('exited with code 3');
  });

  it('should report a program that does not exist instead of throwing', async () => {
    const r = await runProcess('/nonexistent/helm', ['template'], { timeoutMs: 5_000, input: 'x: 1' });
    expect(r.failed).toBe(true);
    expect(r.exitCode).toBeUndefined();
    expect(r.message).toMatch(/could not start \/nonexistent\/helm: .*ENOENT/);
  });

  it('should stop a process that runs past its time', async () => {
    const started = Date.now();
    const r = await run('setTimeout(() => {}, 60_000)', { timeoutMs: 300 });
    expect(r).toMatchObject({ exitCode: undefined, failed: true, message: 'timed out after 300 ms' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('should report the exit of a process that never reads a large input', async () => {
    const r = await run('process.exit(2)', { input: 'x'.repeat(4 * 1024 * 1024) });
    expect(r).toMatchObject({ exitCode: 2, failed: true });
  });
});
