// Cross-check fixtures with deliberate mistakes: each case names a fixture folder, a file in it,
// the line a reader would fix, the finding's code and words of its message.
import { expect } from 'vitest';
import type { Finding } from '../../scripts/harness/types.ts';

export type FixtureCase = readonly [dir: string, file: string, line: number, code: string, message: RegExp];

const inDir = (dir: string) => `test/fixtures/${dir}/`;

/** The case's error is reported at its file and line, with its code and message. */
export function expectCase(findings: readonly Finding[], [dir, file, line, code, message]: FixtureCase): void {
  const hit = findings.find((f) => f.file === `${inDir(dir)}${file}` && f.line === line && f.code === code);
  const nearby = findings.filter((f) => f.file.includes(dir));
  expect(hit, JSON.stringify(nearby, null, 1)).toBeDefined();
  expect(hit?.severity).toBe('error');
  expect(hit?.message).toMatch(message);
}

/** The folder's errors are exactly its cases, nothing more. */
export function expectOnlyCases(findings: readonly Finding[], cases: readonly FixtureCase[], dir: string): void {
  const want = cases.filter((c) => c[0] === dir).map((c) => `${c[1]}:${c[2]} ${c[3]}`);
  const got = findings
    .filter((f) => f.severity === 'error' && f.file.startsWith(inDir(dir)))
    .map((f) => `${f.file.slice(inDir(dir).length)}:${f.line} ${f.code}`);
  expect(got.sort()).toEqual([...want].sort());
}
