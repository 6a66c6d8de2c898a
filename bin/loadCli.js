'use strict';
/**
 * Loads the bundled CLI (dist/cli.js) with V8's code cache when the build left one beside
 * it (dist/cli.codecache, written by scripts/code-cache.mjs): the functions it holds start
 * compiled instead of being compiled on first call, a few percent of a cold run. V8 rejects
 * a cache made by another Node version or for another bundle, and the bundle then compiles
 * as usual.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { Module } = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
const cacheFile = path.join(__dirname, '..', 'dist', 'cli.codecache');

function readCache() {
  try { return fs.readFileSync(cacheFile); } catch { return undefined; }
}

/** The CLI module's exports, and `saveCodeCache()` to write what has been compiled so far. */
function loadCli() {
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readCache() });
  const cjs = { exports: {} };
  script.runInThisContext()(cjs.exports, require, cjs, bundle, path.dirname(bundle));
  return { ...cjs.exports, saveCodeCache: () => fs.writeFileSync(cacheFile, script.createCachedData()) };
}

module.exports = { loadCli };
