import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, main, type CliIo } from '../scripts/harness/cli.ts';
import { repoRoot } from './helpers/harness.ts';

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: repoRoot,
    env: { ...env },
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
    [['validate', '--chart', 'no-such-chart', 'test/fixtures/cli-clean'], /--chart no-such-chart: no such folder/],
    [['validate', '--chart', 'docs', 'test/fixtures/cli-clean'], /--chart docs: not a Helm chart \(Chart\.yaml/],
    [['validate', '--max-file-size', 'huge'], /--max-file-size must be a size such as 2MiB or 500KiB, not "huge"/],
    [['validate', '--max-file-size', '0'], /--max-file-size must be a size/],
    [['validate', '--changed-since', 'main', 'docs'], /pass either PATHs or --changed-since/],
    [['validate', '--changed-since', 'no-such-ref-xyz'], /--changed-since no-such-ref-xyz: git knows no such commit/],
    [['validate', 'test/fixtures/json-manifest/x', 'scripts/harness/cluster'], /cannot read test\/fixtures/],
    [['validate', 'test/helpers'], /test\/helpers holds no \.md, \.mdx, \.yaml or \.yml file/],
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
      '--changed-since',
      '--max-file-size',
      '--chart',
    ])
      expect(HELP).toContain(opt);
    expect(HELP).toContain('scripts/harness/README.md');
    expect(HELP).not.toContain('DESIGN.md');
    expect(HELP.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(r.stdout).toBe(HELP);
  });
});

describe('formats', () => {
  it('should print the version 2 JSON contract on stdout and the summary line on stderr', async () => {
    const r = await run(['validate', '--format', 'json', 'test/fixtures/cli-unknown-field', 'test/fixtures/cli-clean']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'summary', 'snippets', 'findings', 'optOuts']);
    expect(json['version']).toBe(2);
    expect(Object.keys(json['summary'] as object).slice(0, 8)).toEqual([
      'files',
      'snippets',
      'documents',
      'passed',
      'failed',
      'skipped',
      'fileErrors',
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
      new RegExp(
        '^::error file=test/fixtures/cli-unknown-field/page\\.md,line=14,col=7,' +
          'title=UNKNOWN_FIELD::Service ghostwire-extra',
        'm',
      ),
    );
  });

  it('should print one JUnit testcase per snippet named file:line', async () => {
    const r = await run(['validate', '--format', 'junit', 'test/fixtures/cli-clean']);
    expect(r.stdout).toContain(
      '<testcase name="test/fixtures/cli-clean/page.md:4" classname="test/fixtures/cli-clean/page.md" time="0.000">' +
        '</testcase>',
    );
    expect(r.stdout).toContain(
      'classname="test/fixtures/cli-clean/page.md" time="0.000">' +
        '<skipped message="kind cluster config, not a Kubernetes object" type="validate=false"/>',
    );
  });
});

describe('the GitHub job summary', () => {
  it('should append a Markdown summary to $GITHUB_STEP_SUMMARY, whatever the format', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-summary-'));
    try {
      const file = path.join(dir, 'summary.md');
      const env = { GITHUB_STEP_SUMMARY: file };
      await run(['validate', '--format', 'json', 'test/fixtures/cli-unknown-field'], env);
      await run(['validate', 'test/fixtures/cli-clean'], env);
      const md = await readFile(file, 'utf8');
      expect(md.match(/^### Ghostwire examples: /gm)).toHaveLength(2);
      expect(md).toContain('### Ghostwire examples: failed with 1 error\n');
      expect(md).toContain('| test/fixtures/cli-unknown-field/page.md:14 | error | UNKNOWN\\_FIELD |');
      expect(md).toContain('### Ghostwire examples: passed\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should print the summary after the annotations with --format github when no summary file is set', async () => {
    const r = await run(['validate', '--format', 'github', 'test/fixtures/cli-unknown-field']);
    expect(r.stdout).toMatch(/^::error [^\n]+\n\n### Ghostwire examples: failed with 1 error\n/);
    const plain = await run(['validate', '--format', 'json', 'test/fixtures/cli-clean']);
    expect(plain.stdout).not.toContain('### Ghostwire examples');
  });
});

describe('inputs', () => {
  it('should validate a .json manifest named on the command line, with its own lines', async () => {
    const r = await run(['validate', 'test/fixtures/json-manifest/service.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('test/fixtures/json-manifest/service.json:14:9  error  UNKNOWN_FIELD');
    const ok = await run(['validate', 'test/fixtures/json-manifest/configmap.json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 0 skipped');
  });

  it('should not search folders for .json, and say so when a folder holds nothing else', async () => {
    const r = await run(['validate', 'test/fixtures/json-manifest']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.json files are validated only when named one by one/);
  });

  it('should read .ghostwire.yaml given alone as context and validate its folder', async () => {
    const r = await run(['validate', '--format', 'json', 'test/fixtures/one-file-example/.ghostwire.yaml']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { snippets: { file: string; status: string }[]; findings: unknown[] };
    expect(json.snippets.map((s) => [s.file, s.status])).toEqual([
      ['test/fixtures/one-file-example/certificate.yaml', 'passed'],
      ['test/fixtures/one-file-example/ingress.yaml', 'passed'],
      ['test/fixtures/one-file-example/status-page.yaml', 'passed'],
    ]);
    expect(JSON.stringify(json.findings)).not.toContain('UNCLASSIFIED_SNIPPET');
  });

  it('should apply --max-file-size, naming the limit in the finding', async () => {
    const r = await run(['validate', '--max-file-size', '200B', 'test/fixtures/cli-clean']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('test/fixtures/cli-clean/page.md:1  error  FILE_TOO_LARGE');
    expect(r.stdout).toContain('the harness reads files up to 200 bytes (--max-file-size)');
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
