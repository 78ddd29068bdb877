// Runs a short child process (helm) and collects its output: a lean stand-in for execa on
// the render path, where a run starts dozens of them and execa's stream machinery cost more
// main-thread time than the spawn itself. Never throws; a failure is in the result.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** The exit code; undefined when the process could not start, timed out or was killed. */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** True when the exit code is not 0 or the process did not run to its end. */
  failed: boolean;
  /** Why it failed, in words (empty when it exited 0). */
  message: string;
}

export interface ProcessOptions {
  input?: string;
  timeoutMs: number;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

/** The output as text without its final line break, as execa gives it. */
function text(chunks: Buffer[]): string {
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function runProcess(file: string, args: readonly string[], o: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: ProcessResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let problem = '';
    const child = spawn(file, args, {
      env: { ...process.env, ...o.env },
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    timer = setTimeout(() => {
      problem = `timed out after ${o.timeoutMs} ms`;
      child.kill('SIGTERM');
    }, o.timeoutMs);
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    // A process that exits before reading its input closes the pipe: that is its exit to report.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(o.input);
    child.on('error', (e) => {
      problem ||= `could not start ${file}: ${e.message}`;
      // A process that never started has no 'close' to wait for.
      if (child.pid === undefined)
        finish({ exitCode: undefined, stdout: '', stderr: '', failed: true, message: problem });
    });
    child.on('close', (code, signal) => {
      const exitCode = problem || code === null ? undefined : code;
      if (!problem && exitCode !== 0)
        problem = signal ? `killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
      finish({
        exitCode,
        stdout: text(out),
        stderr: text(err),
        failed: exitCode !== 0,
        message: problem,
      });
    });
  });
}
