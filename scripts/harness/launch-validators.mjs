// The launcher's third output (see launch.mjs): kubernetes-models' precompiled validators in one
// minified CommonJS script, which validator-modules.ts loads instead of some 200 modules one by one.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * kubernetes-models' validators in one minified script (validator-modules.ts loads them from
 * it): every schema module of kubernetes-models and @kubernetes-models/apimachinery behind a
 * lazy loader keyed by its path in node_modules, and the format table they share.
 */
export async function buildValidators(build, root) {
  const req = createRequire(path.join(root, 'package.json'));
  const keys = [];
  for (const pkg of ['kubernetes-models', '@kubernetes-models/apimachinery']) {
    const dir = path.join(path.dirname(req.resolve(`${pkg}/package.json`)), '_schemas');
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.js')) keys.push(`${pkg}/_schemas/${f.slice(0, -3)}`);
  }
  const contents =
    "export { formats } from '@kubernetes-models/validate';\nexport const schemas = {\n" +
    keys.map((k) => `  ${JSON.stringify(k)}: () => import(${JSON.stringify(k)}),\n`).join('') +
    '};\n';
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'validators-entry.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    // A classic script like the CLI's, run with a code cache by launch-script.mjs.
    format: 'cjs',
    target: 'node20',
    metafile: true,
    write: false,
    logLevel: 'silent',
    outfile: 'validators.cjs',
  });
  // Some 1,000 files, all from npm packages: their package.json files stand for them (npm
  // rewrites them on every install), which keeps the freshness check at start-up cheap.
  const inputs = new Set();
  for (const f of Object.keys(result.metafile.inputs)) {
    const parts = path.relative(root, path.resolve(f)).split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const name = parts[at + 1]?.startsWith('@') ? 2 : 1;
    inputs.add([...parts.slice(0, at + 1 + name), 'package.json'].join('/'));
  }
  return { contents: result.outputFiles[0].contents, inputs: [...inputs].sort() };
}
