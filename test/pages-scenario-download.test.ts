// Issue 11, item 5: every scenario in examples/ can be downloaded as a folder. The
// zip is made at site build time by scripts/site/folder-zip-loader.cjs from the
// files the harness checks; these tests need no network.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pagePrerequisites } from '../src/components/BeforeYouBegin/prerequisites.ts';
import { buildDir, repo, siteBuildProblem } from './helpers/built-pages.ts';

interface LoaderContext {
  resourcePath: string;
  addContextDependency(dir: string): void;
  addDependency(file: string): void;
  emitFile(name: string, content: Buffer): void;
}
type Loader = ((this: LoaderContext) => string) & { zipFolder(dir: string): Uint8Array };
const loader = createRequire(import.meta.url)('../scripts/site/folder-zip-loader.cjs') as Loader;

const yamlLoader = createRequire(import.meta.url)('../scripts/site/yaml-loader.cjs') as (source: string) => string;

const fixture = path.join(repo, 'test/fixtures/scenario-folder');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** name → text of each entry of a zip. */
function entries(zip: Uint8Array): Record<string, string> {
  const files = unzipSync(zip);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, new TextDecoder().decode(data)]));
}

/** name → text of the files a reader should get from a folder. */
async function expected(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name);
  const pairs = await Promise.all(
    names.map(async (n) => [`${path.basename(dir)}/${n}`, await readFile(path.join(dir, n), 'utf8')] as const),
  );
  return Object.fromEntries(pairs);
}

describe('the folder zip', () => {
  it('holds the regular files of the folder under its name, without dotfiles or subfolders', async () => {
    const files = entries(loader.zipFolder(fixture));
    expect(Object.keys(files).sort()).toEqual(['scenario-folder/namespace.yaml', 'scenario-folder/values.yaml']);
    expect(files).toEqual(await expected(fixture));
  });

  it('is the same bytes every time', () => {
    expect(Buffer.from(loader.zipFolder(fixture)).equals(Buffer.from(loader.zipFolder(fixture)))).toBe(true);
  });

  it('as a loader: emits downloads/<folder>.zip, watches the folder, exports the URL', () => {
    const emitted: string[] = [];
    const watched: string[] = [];
    const context: LoaderContext = {
      resourcePath: path.join(fixture, '.ghostwire.yaml'),
      addContextDependency: (dir) => watched.push(dir),
      addDependency: (file) => watched.push(file),
      emitFile: (name, content) => emitted.push(`${name} ${unzipSync(content) ? 'zip' : '?'}`),
    };
    const source = loader.call(context);
    expect(emitted).toEqual(['downloads/scenario-folder.zip zip']);
    expect(watched).toContain(fixture);
    expect(source).toBe('export default __webpack_public_path__ + "downloads/scenario-folder.zip";\n');
  });
});

const scenarios = (await readdir(path.join(repo, 'examples'), { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('every scenario in examples/', () => {
  it('there are scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(3));

  it.each(scenarios)('%s: the examples page shows its prerequisites in a Before-you-begin box', async (scenario) => {
    const page = await readFile(path.join(repo, 'docs/integration-examples.mdx'), 'utf8');
    const spec = `'!!../scripts/site/yaml-loader.cjs!../examples/${scenario}/.ghostwire.yaml'`;
    const binding = new RegExp(`^import (\\w+) from ${escapeRegExp(spec)};$`, 'm').exec(page);
    expect(binding, `docs/integration-examples.mdx imports ${spec}`).not.toBeNull();
    expect(page).toContain(`<BeforeYouBegin frontMatter={${binding?.[1]}} installsChart />`);
    const data = yamlLoader(await readFile(path.join(repo, 'examples', scenario, '.ghostwire.yaml'), 'utf8'));
    const declared = pagePrerequisites(JSON.parse(data.replace(/^export default |;\n$/g, '')));
    expect(declared.items.length, 'it declares what the reader creates first').toBeGreaterThan(0);
  });

  it.each(scenarios)('%s: the examples page offers its folder as a download', async (scenario) => {
    const page = await readFile(path.join(repo, 'docs/integration-examples.mdx'), 'utf8');
    const spec = `'!!../scripts/site/folder-zip-loader.cjs!../examples/${scenario}/.ghostwire.yaml'`;
    const binding = new RegExp(`^import (\\w+) from ${escapeRegExp(spec)};$`, 'm').exec(page);
    expect(binding, `docs/integration-examples.mdx imports ${spec}`).not.toBeNull();
    expect(page).toContain(`<a href={${binding?.[1]}} download>`);
    expect(existsSync(path.join(repo, 'examples', scenario, '.ghostwire.yaml'))).toBe(true);
  });

  const buildProblem = siteBuildProblem();
  it.skipIf(buildProblem).each(scenarios)(
    "%s: build/downloads/<scenario>.zip holds the folder's files, the box its " +
      `prerequisites${buildProblem ? ` (skipped: ${buildProblem})` : ''}`,
    async (scenario) => {
      const zip = await readFile(path.join(buildDir, 'downloads', `${scenario}.zip`));
      expect(entries(zip)).toEqual(await expected(path.join(repo, 'examples', scenario)));
      const html = await readFile(path.join(buildDir, 'docs/integration-examples.html'), 'utf8');
      expect(html).toMatch(new RegExp(`<a href=["']?/downloads/${scenario}\\.zip["']?[ >]`));
      const data = yamlLoader(await readFile(path.join(repo, 'examples', scenario, '.ghostwire.yaml'), 'utf8'));
      for (const item of pagePrerequisites(JSON.parse(data.replace(/^export default |;\n$/g, ''))).items)
        expect(html, `the box names ${item.kind} ${item.name}`).toContain(`<code>${item.name}</code>`);
    },
  );
});
