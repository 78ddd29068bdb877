// --changed-since: what a pull request's diff affects, in a temporary git repository with
// pages, a partial, raw-loader examples and a chart folder.
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { affectedPaths, changedFiles, validatable } from '../scripts/harness/changed.ts';
import { main, type CliIo } from '../scripts/harness/cli.ts';
import { scanImports } from '../scripts/harness/scope.ts';
import { repoRoot } from './helpers/harness.ts';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;
const FILES: Record<string, string> = {
  'docs/page.mdx': [
    '# Page',
    '',
    "import CodeBlock from '@theme/CodeBlock';",
    "import Part from './_parts/part.mdx';",
    "import app from '!!raw-loader!@site/examples/demo/app.yaml';",
    '',
    '<Part />',
    '',
    '<CodeBlock language="yaml">{app}</CodeBlock>',
    '',
  ].join('\n'),
  'docs/_parts/part.mdx': `A partial.\n\n\`\`\`yaml\n${CM('part')}\`\`\`\n`,
  'docs/other.md': `# Other\n\n\`\`\`yaml\n${CM('other')}\`\`\`\n`,
  'examples/demo/app.yaml': CM('app'),
  'examples/demo/.ghostwire.yaml': 'ghostwire:\n  namespace: demo\n',
  'examples/solo/solo.yaml': CM('solo'),
  'chart/values.yaml': 'a: 1\n',
  'README.md': '# Not validated\n',
};

let dir: string;
const git = (...args: string[]) =>
  execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
const put = async (file: string, text: string) => {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-changed-'));
  await git('init', '-q', '-b', 'main');
  for (const [f, t] of Object.entries(FILES)) await put(f, t);
  await git('add', '-A');
  await git('commit', '-q', '-m', 'base');
  await git('checkout', '-q', '-b', 'feature');
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each case starts from the base commit with a clean tree.
  await git('reset', '-q', '--hard', 'main');
  await git('clean', '-q', '-fd');
});

async function affected() {
  return affectedPaths(await changedFiles('main', dir), await scanImports(['docs'], dir), validatable(dir));
}

describe('what a diff affects', () => {
  it('should validate nothing when nothing changed', async () => {
    expect(await affected()).toEqual({ all: false, paths: [] });
  });

  it('should validate a changed page alone when nothing imports it (committed change)', async () => {
    await put('docs/other.md', `${FILES['docs/other.md']}\nMore prose.\n`);
    await git('commit', '-q', '-am', 'edit');
    expect(await affected()).toEqual({ all: false, paths: ['docs/other.md'] });
  });

  it('should validate a changed partial and the page importing it (unstaged change)', async () => {
    await put('docs/_parts/part.mdx', `${FILES['docs/_parts/part.mdx']}\nMore.\n`);
    expect(await affected()).toEqual({ all: false, paths: ['docs/_parts/part.mdx', 'docs/page.mdx'] });
  });

  it('should validate the folder of a changed example and the pages importing the file', async () => {
    await put('examples/demo/app.yaml', CM('app2'));
    await git('add', '-A');
    expect(await affected()).toEqual({ all: false, paths: ['docs/page.mdx', 'examples/demo'] });
  });

  it('should validate the folder of a new untracked example file and of a changed .ghostwire.yaml', async () => {
    await put('examples/solo/new.yaml', CM('new'));
    await put('examples/demo/.ghostwire.yaml', 'ghostwire:\n  namespace: other\n');
    expect(await affected()).toEqual({ all: false, paths: ['examples/demo', 'examples/solo'] });
  });

  it('should revalidate the page importing a deleted example', async () => {
    await unlink(path.join(dir, 'examples/demo/app.yaml'));
    // examples/demo now holds only its .ghostwire.yaml: nothing there to validate.
    expect(await affected()).toEqual({ all: false, paths: ['docs/page.mdx'] });
  });

  it('should ignore files outside docs/ and examples/', async () => {
    await put('README.md', '# Changed\n');
    expect(await affected()).toEqual({ all: false, paths: [] });
  });

  it.each(['chart/values.yaml', 'chart/templates/new.yaml', 'scripts/harness/x.ts', 'package.json'])(
    'should validate everything when %s changed',
    async (file) => {
      await put(file, 'changed: true\n');
      expect(await affected()).toEqual({ all: true });
    },
  );

  it('should diff against the merge base, so changes on the base branch since do not count', async () => {
    await put('docs/other.md', '# Other, on the feature branch\n');
    await git('commit', '-q', '-am', 'feature');
    await git('checkout', '-q', 'main');
    await put('examples/solo/solo.yaml', CM('changed-on-main'));
    await git('commit', '-q', '-am', 'main moves on');
    await git('checkout', '-q', 'feature');
    expect(await affected()).toEqual({ all: false, paths: ['docs/other.md'] });
    await git('branch', '-q', '-f', 'main', 'HEAD~1');
  });
});

describe('npm run validate -- --changed-since', () => {
  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      cwd: dir,
      env: { GHOSTWIRE_OFFLINE: '1', GHOSTWIRE_NO_CACHE: '1' },
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      isTTY: false,
    };
    const code = await main(['validate', '--chart', path.join(repoRoot, 'chart'), ...args], io);
    return { code, stdout, stderr };
  }

  it('should validate only the affected files and say which', async () => {
    await put('docs/_parts/part.mdx', `A partial.\n\n\`\`\`yaml\n${CM('part')}typo: 1\n\`\`\`\n`);
    const r = await cli(['--changed-since', 'main', '--format', 'json']);
    expect(r.stderr).toContain('Changed since main: validating docs/_parts/part.mdx docs/page.mdx\n');
    const json = JSON.parse(r.stdout) as { snippets: { file: string }[]; findings: { code: string; file: string }[] };
    expect([...new Set(json.snippets.map((s) => s.file))]).toEqual(['docs/_parts/part.mdx', 'examples/demo/app.yaml']);
    expect(json.findings.map((f) => [f.code, f.file])).toContainEqual(['UNKNOWN_FIELD', 'docs/_parts/part.mdx']);
    expect(r.code).toBe(1);
  });

  it('should exit 0 with an empty report when nothing affected changed', async () => {
    const r = await cli(['--changed-since', 'main']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No change since main affects the docs or examples: nothing to validate.');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 0 failed, 0 skipped');
  });

  it('should report the missing import of a deleted example', async () => {
    await unlink(path.join(dir, 'examples/demo/app.yaml'));
    const r = await cli(['--changed-since', 'main']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docs/page.mdx:5  error  MISSING_IMPORT');
  });
});
