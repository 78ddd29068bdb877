// A webpack/Rspack loader that turns an example folder into a download: importing
// any file of examples/<scenario>/ through it emits downloads/<scenario>.zip (every
// file of the folder except dotfiles such as .ghostwire.yaml, under <scenario>/)
// and returns its URL. The zip is made at site build time from the files the
// harness checks, so it cannot drift from them.
//
//   import zip from '!!../scripts/site/folder-zip-loader.cjs!../examples/air-gapped/.ghostwire.yaml';
//
// CommonJS because the bundler loads loaders with require().
const fs = require('node:fs');
const path = require('node:path');
const { zipSync } = require('fflate');

/** The files a reader gets: regular, not hidden, sorted. */
function folderFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

/** The zip of a folder: entries `<folder name>/<file>`, a fixed time stamp, so equal input gives equal bytes. */
function zipFolder(dir) {
  const name = path.basename(dir);
  const entries = {};
  for (const file of folderFiles(dir)) {
    entries[`${name}/${file}`] = [new Uint8Array(fs.readFileSync(path.join(dir, file))), {}];
  }
  return zipSync(entries, { level: 9, mtime: new Date(2000, 0, 1) });
}

function folderZipLoader() {
  const dir = path.dirname(this.resourcePath);
  const name = path.basename(dir);
  // Rebuild when a file is added to or removed from the folder, not only when this one changes.
  this.addContextDependency(dir);
  for (const file of folderFiles(dir)) this.addDependency(path.join(dir, file));
  const url = `downloads/${name}.zip`;
  this.emitFile(url, Buffer.from(zipFolder(dir)));
  return `export default __webpack_public_path__ + ${JSON.stringify(url)};\n`;
}

module.exports = folderZipLoader;
module.exports.zipFolder = zipFolder;
module.exports.folderFiles = folderFiles;
