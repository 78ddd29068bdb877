import { describe, expect, it } from 'vitest';
import { HELP, main, type CliIo } from '../scripts/harness/cli.ts';
import { repoRoot } from './helpers/harness.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: repoRoot,
    env: {},
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('exit codes', () => {
  it('should exit 0 on a clean page and end with the plain summary line', async () => {
    const r = await run(['validate', 'test/fixtures/cli-clean']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 1 skipped');
    expect(r.stdout).toContain('test/fixtures/cli-clean/page.md:14  kind cluster config, not a Kubernetes object');
  });

  it('should exit 1 when a finding is an error, pointing at the offending line', async () => {
    const r = await run(['validate', 'test/fixtures/cli-unknown-field']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'test/fixtures/cli-unknown-field/page.md:14:7  error  UNKNOWN_FIELD  spec.ports[0].targetPrt',
    );
    expect(r.stdout).toContain('did you mean "targetPort"?');
    expect(r.stdout).toMatch(/> 14 \| {7}targetPrt: vnc\n\s+\| {7}\^/);
  });

  it.each([
    [['validate', '--format', 'xml'], /--format must be one of pretty, json, junit, github, not "xml"/],
    [['validate', '--kube-version', 'latest'], /--kube-version must look like 1\.32\.0/],
    [['validate', '--cluster', 'minikube'], /--cluster must be kind, current or none/],
    [['validate', '--no-such-option'], /Unknown option '--no-such-option'.*--help/],
    [['validate', 'docs/does-not-exist.md'], /cannot read docs\/does-not-exist\.md: no such file or folder/],
    [['lint'], /unknown command "lint"/],
  ])('should exit 2 with a clear message for %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('should print help that explains every option and exit 0', async () => {
    const r = await run(['validate', '--help']);
    expect(r.code).toBe(0);
    for (const opt of [
      '--format',
      '--kube-version',
      '--schema-location',
      '--crd',
      '--strict-missing',
      '--cluster',
      '--plan',
      '--offline',
    ])
      expect(HELP).toContain(opt);
    expect(r.stdout).toBe(HELP);
  });
});

describe('formats', () => {
  it('should print the version 1 JSON contract on stdout and the summary line on stderr', async () => {
    const r = await run(['validate', '--format', 'json', 'test/fixtures/cli-unknown-field', 'test/fixtures/cli-clean']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'summary', 'snippets', 'findings', 'optOuts']);
    expect(json['version']).toBe(1);
    expect(Object.keys(json['summary'] as object)).toEqual([
      'files',
      'snippets',
      'documents',
      'passed',
      'failed',
      'skipped',
      'ms',
    ]);
    expect(json['snippets']).toContainEqual({
      file: 'test/fixtures/cli-clean/page.md',
      line: 14,
      kind: 'other',
      status: 'skipped',
      reason: 'kind cluster config, not a Kubernetes object',
    });
    expect(json['findings']).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_FIELD',
        severity: 'error',
        file: 'test/fixtures/cli-unknown-field/page.md',
        line: 14,
        column: 7,
        path: 'spec.ports[0].targetPrt',
      }),
    );
    expect(r.stderr.trim()).toBe('1 passed, 1 failed, 1 skipped');
  });

  it('should print GitHub annotations with file, line and column', async () => {
    const r = await run(['validate', '--format', 'github', 'test/fixtures/cli-unknown-field']);
    expect(r.stdout).toMatch(
      /^::error file=test\/fixtures\/cli-unknown-field\/page\.md,line=14,col=7,title=UNKNOWN_FIELD::Service ghostwire-extra/m,
    );
  });

  it('should print one JUnit testcase per snippet named file:line', async () => {
    const r = await run(['validate', '--format', 'junit', 'test/fixtures/cli-clean']);
    expect(r.stdout).toContain(
      '<testcase classname="test/fixtures/cli-clean/page.md" name="test/fixtures/cli-clean/page.md:4"></testcase>',
    );
    expect(r.stdout).toContain(
      'name="test/fixtures/cli-clean/page.md:14"><skipped message="kind cluster config, not a Kubernetes object"/>',
    );
  });
});

describe('the cluster tier from the CLI', () => {
  it('should print the plan without running anything', async () => {
    const r = await run(['validate', '--cluster', 'kind', '--plan', 'test/fixtures/cli-clean']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^kind create cluster --name ghostwire-docs-\w+ --config scripts\/harness\/cluster\/kind-config\.yaml/m,
    );
    expect(r.stdout).toMatch(/^kind delete cluster --name ghostwire-docs-\w+/m);
  });
});

describe('--kube-version', () => {
  it('should render the chart for that version, so its kubeVersion constraint applies', async () => {
    const r = await run(['validate', '--kube-version', '1.24.0', '--format', 'json', 'chart/README.md']);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { code: string; message: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.code === 'HELM_TEMPLATE_FAILED' && /kubeVersion|>=1\.25/.test(f.message))).toBe(
      true,
    );
  });
});
