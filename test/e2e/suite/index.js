// Entry point of the extension-host suite, loaded by VS Code itself (extensionTestsPath) under
// either launcher: code-server through the workbench's payload URL (scripts/e2e/run.mjs), or
// @vscode/test-electron (test/e2e/electron.mjs). It runs every *.test.js beside it with mocha.
// When SHAPELINT_E2E_RESULTS names a file, each test's title and error go there as JSON, for
// the launcher's summary (code-server's extension host has no terminal of its own).
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = async function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const tests = [];
  const failures = await new Promise((resolve) => {
    mocha
      .run(resolve)
      .on('pass', (test) => tests.push({ title: test.fullTitle(), ms: test.duration }))
      .on('fail', (test, error) => tests.push({ title: test.fullTitle(), ms: test.duration, error: error.message || String(error) }));
  });
  if (process.env.SHAPELINT_E2E_RESULTS) fs.writeFileSync(process.env.SHAPELINT_E2E_RESULTS, JSON.stringify({ tests }));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
};
