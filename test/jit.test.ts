// The larger optimisation budget while pages are parsed (scripts/harness/jit.ts): set back to
// V8's default for the versions whose default is known, left alone elsewhere.
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERRUPT_BUDGET, parseBudgetFlags, PARSE_INTERRUPT_BUDGET } from '../scripts/harness/jit.ts';
import { repoRoot } from './helpers/harness.ts';

describe('the page-parse budget', () => {
  it("should know this V8's default exactly, or leave the budget alone", async () => {
    const major = Number.parseInt(process.versions.v8, 10);
    const { stdout } = await execa(process.execPath, ['--v8-options']);
    const actual = Number(/--interrupt-budget=(\d+)/.exec(stdout)?.[1]);
    const known = DEFAULT_INTERRUPT_BUDGET[major];
    const flags = parseBudgetFlags(process.versions.v8, []);
    if (known === undefined) expect(flags).toBeUndefined();
    else {
      expect(known).toBe(actual);
      expect(flags).toEqual({
        during: `--interrupt-budget=${PARSE_INTERRUPT_BUDGET}`,
        after: `--interrupt-budget=${actual}`,
      });
    }
  });

  it("should leave a budget the user chose, and an unknown V8's, alone", () => {
    expect(parseBudgetFlags('11.3.244.8-node.38', ['--interrupt-budget=1000'])).toBeUndefined();
    expect(parseBudgetFlags('11.3.244.8-node.38', ['--max-old-space-size=100 --interrupt-budget=5'])).toBeUndefined();
    expect(parseBudgetFlags('99.1.0', [])).toBeUndefined();
    expect(parseBudgetFlags('11.3.244.8-node.38', ['--max-old-space-size=100'])).toEqual({
      during: `--interrupt-budget=${PARSE_INTERRUPT_BUDGET}`,
      after: '--interrupt-budget=67584',
    });
  });

  it('should keep the code caches valid across a run that parses pages', async () => {
    // V8 checks cached code against its flags: a budget not set back would refuse the caches.
    const launcher = path.join(repoRoot, 'scripts', 'harness', 'launch.mjs');
    const states = async () => {
      const r = await execa(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { compiled } = await import(${JSON.stringify(path.join(repoRoot, 'scripts', 'harness', 'launch-script.mjs'))});\n` +
            "process.on('exit', () => process.stderr.write('CODE-CACHE ' + [...compiled.values()].join(',') + '\\n'));\n" +
            `process.argv.splice(1, 0, ${JSON.stringify(launcher)});\n` +
            `await import(${JSON.stringify(launcher)});`,
          'validate',
          'test/fixtures/render-prefetch',
          '--offline',
          '--format',
          'json',
        ],
        { cwd: repoRoot, reject: false, env: { GHOSTWIRE_NO_CACHE: '1' } },
      );
      return /CODE-CACHE (.*)/.exec(r.stderr)?.[1];
    };
    await states(); // writes any cache that is missing
    expect(await states()).toBe('used,used');
  }, 60_000);
});
