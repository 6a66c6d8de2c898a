// `npm run test:electron`: the same extension-host suite as `npm run test:e2e` (test/e2e/suite),
// under the standard launcher, @vscode/test-electron, which downloads VS Code desktop on first
// use (so it needs a machine that can reach VS Code's download servers; CI here cannot).
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const base = mkdtempSync(join(tmpdir(), 'shapelint-electron-'));
const workspace = join(base, 'workspace');
const resultsFile = join(base, 'results.json');
cpSync(join(root, 'examples'), workspace, { recursive: true });

let exitCode = 1;
try {
  exitCode = await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    cachePath: join(root, '.tools', 'vscode-test'), // gitignored, beside the code-server tools
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'e2e', 'suite', 'index.js'),
    extensionTestsEnv: { SHAPELINT_E2E_RESULTS: resultsFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${join(base, 'user-data')}`],
  });
} catch (error) {
  console.error(`test:electron: ${error.message ?? error}`);
}
const tests = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).tests : [];
const failed = tests.filter((t) => t.error).length + (exitCode !== 0 && !tests.some((t) => t.error) ? 1 : 0);
rmSync(base, { recursive: true, force: true });
console.log(`${tests.length - tests.filter((t) => t.error).length} passed, ${failed} failed`);
process.exit(failed === 0 && tests.length > 0 ? 0 : 1);
