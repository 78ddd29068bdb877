// A webpack/Rspack loader that turns a YAML file into its data at build time, so a
// page can show what an example folder's .ghostwire.yaml declares without shipping
// a YAML parser to the browser:
//
//   import context from '!!../scripts/site/yaml-loader.cjs!../examples/air-gapped/.ghostwire.yaml';
//
// CommonJS because the bundler loads loaders with require().
const { parse } = require('yaml');

function yamlLoader(source) {
  return `export default ${JSON.stringify(parse(source) ?? null)};\n`;
}

module.exports = yamlLoader;
