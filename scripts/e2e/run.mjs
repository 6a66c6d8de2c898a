// `npm run test:e2e`: the extension in a real VS Code workbench (code-server + Chromium).
// 1. installs code-server, Node 24 and playwright-core into .tools/e2e once (tools.mjs);
// 2. builds the extension, and packages the .vsix when it is missing or older than its inputs;
// 3. starts one clean code-server (codeServer.mjs) with the .vsix installed, and Chromium;
// 4. extension-host suite: test/e2e/suite through the workbench's payload URL (workbench.mjs);
// 5. UI suite: test/e2e/ui through the DOM, in a second workspace, refreshing docs/images/;
// 6. prints `N passed, N failed`; a failure leaves a screenshot and the logs in test-results/e2e/.
// code-server is stopped with its whole process group on success, failure or interrupt.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks as uiChecks } from '../../test/e2e/ui/shapelint.ui.mjs';
import { installExtension, makeProfile, startCodeServer } from './codeServer.mjs';
import { ensureTools } from './tools.mjs';
import { launchBrowser, openWorkbench, runExtensionHostTests } from './workbench.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const artifacts = join(root, 'test-results', 'e2e');
const images = join(root, 'docs', 'images');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const totals = { passed: 0, failed: 0 };

function npmRun(script) {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status})`);
}

/** The newest modification time among the files the extension is built and packaged from. */
function newestInput() {
  const inputs = ['package.json', 'README.md', 'LICENSE', 'icon.png', '.vscodeignore', 'scripts/build.mjs', 'client/src', 'server/src', 'syntaxes'];
  let newest = 0;
  for (const input of inputs.map((f) => join(root, f)).filter(existsSync)) {
    const files = statSync(input).isDirectory() ? readdirSync(input, { recursive: true }).map((f) => join(input, f)) : [input];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

const olderThan = (file, time) => !existsSync(file) || statSync(file).mtimeMs < time;

/**
 * Brings dist/ and the .vsix up to date with the sources (`npm run package` builds too).
 * Returns the .vsix, or undefined while package.json has no package script.
 */
function prepareExtension() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const newest = newestInput();
  const bundles = ['extension.js', 'server.js'].map((f) => join(root, 'dist', f));
  if (!pkg.scripts?.package) {
    if (bundles.some((f) => olderThan(f, newest))) npmRun('build');
    return undefined;
  }
  const vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
  if ([vsix, ...bundles].some((f) => olderThan(f, newest))) npmRun('package');
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${relative(root, vsix)}`);
  return vsix;
}

/** A temporary workspace holding a copy of examples/, so the tests may edit it. */
function makeWorkspace(profile, name) {
  const folder = join(profile.base, name);
  cpSync(join(root, 'examples'), folder, { recursive: true });
  return folder;
}

function record(name, error, ms) {
  const time = ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`;
  if (error) {
    totals.failed += 1;
    console.log(`  ✘ ${name}${time}\n      ${String(error.message ?? error).split('\n').join('\n      ')}`);
  } else {
    totals.passed += 1;
    console.log(`  ✔ ${name}${time}`);
  }
}

/** Keeps a screenshot of the page and the workbench's logs of a failed suite, and says where. */
async function keepArtifacts(name, page, profile, consoleLines) {
  const dir = join(artifacts, name);
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const shot = join(dir, 'failure.png');
  await page.screenshot({ path: shot }).catch((e) => console.log(`e2e: no screenshot: ${e.message}`));
  if (existsSync(join(profile.userData, 'logs'))) cpSync(join(profile.userData, 'logs'), join(logs, 'workbench'), { recursive: true });
  if (existsSync(profile.log)) cpSync(profile.log, join(logs, 'code-server.log'));
  writeFileSync(join(logs, 'browser-console.log'), consoleLines.join('\n'));
  for (const path of [shot, logs].filter(existsSync)) console.log(`e2e: failure artifact: ${relative(root, path)}`);
}

/** The extension-host suite: the extension from this folder, in development mode. */
async function extensionHostSuite({ browser, server, profile, resultsFile }) {
  console.log(`\nExtension-host suite (mocha in VS Code's extension host), at ${elapsed()}`);
  const folder = makeWorkspace(profile, 'exthost');
  const page = await browser.newPage();
  const consoleLines = [];
  try {
    const run = await runExtensionHostTests(page, server, {
      extensionDir: root,
      testsIndex: join(root, 'test', 'e2e', 'suite', 'index.js'),
      folder,
      log: (line) => consoleLines.push(line),
    });
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { tests: [] };
    for (const test of results.tests) record(test.title, test.error, test.ms);
    if (run.timedOut) record('the extension-host suite finishes', 'it did not finish in time');
    else if (run.code !== 0 && !results.tests.some((t) => t.error)) record('the extension-host suite runs', `the runner exited with ${run.code}`);
    if (run.code !== 0 || run.timedOut) await keepArtifacts('extension-host', page, profile, consoleLines);
  } finally {
    await page.context().close();
  }
}

/** Opens the UI suite's window early: the workbench loads while the extension-host suite runs. */
async function openUiWindow({ browser, server, profile }) {
  const page = await browser.newPage();
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  const opening = openWorkbench(page, server, makeWorkspace(profile, 'ui')).then(() => undefined, (error) => error);
  return { page, consoleLines, opening };
}

/** The UI suite: the installed .vsix, as a person uses it. */
async function uiSuite({ profile }, { page, consoleLines, opening }) {
  console.log(`\nUI suite (the packaged extension, through the workbench's DOM), at ${elapsed()}`);
  mkdirSync(images, { recursive: true });
  const steps = [{ name: 'the workbench opens on the examples', run: async () => { const error = await opening; if (error) throw error; } }, ...uiChecks];
  try {
    for (const [i, step] of steps.entries()) {
      const stepStarted = Date.now();
      try {
        await step.run({ page, images });
        if (i > 0) record(step.name, undefined, Date.now() - stepStarted);
      } catch (error) {
        record(step.name, error, Date.now() - stepStarted);
        await keepArtifacts(`ui-${i}`, page, profile, consoleLines);
        // Later checks build on this one's state: count them as failed rather than wait on each.
        for (const rest of uiChecks.slice(i)) record(rest.name, 'not run: an earlier UI step failed');
        break;
      }
    }
  } finally {
    await page.context().close();
  }
}

async function main() {
  rmSync(artifacts, { recursive: true, force: true });
  const tools = ensureTools(root);
  const vsix = prepareExtension();
  const hasBundle = existsSync(join(root, 'dist', 'extension.js'));
  if (!hasBundle && !vsix) throw new Error('nothing to test: dist/extension.js was not built and there is no package script');
  console.log(`e2e: tools and extension ready (${elapsed()})`);
  // One clean code-server serves both suites, each in a workspace folder and browser context of
  // its own. In the extension-host suite the development copy overrides the installed .vsix.
  const profile = makeProfile('run');
  const resultsFile = join(profile.base, 'results.json');
  const browserStarting = launchBrowser(tools);
  let server;
  let browser;
  try {
    if (vsix) await installExtension(tools, profile, vsix);
    server = await startCodeServer(tools, profile, profile.base, { SHAPELINT_E2E_RESULTS: resultsFile });
    browser = await browserStarting;
    const setup = { browser, server, profile, resultsFile };
    const uiWindow = vsix ? await openUiWindow(setup) : undefined;
    if (hasBundle) await extensionHostSuite(setup);
    else console.log('e2e: extension-host suite skipped: dist/extension.js was not built');
    if (uiWindow) await uiSuite(setup, uiWindow);
    else console.log('e2e: UI suite skipped: package.json has no "package" script to build the .vsix');
  } finally {
    await (browser ?? (await browserStarting.catch(() => undefined)))?.close();
    await server?.stop();
    profile.remove();
  }
  console.log(`\ne2e: done in ${elapsed()}`);
}

try {
  await main();
} catch (error) {
  record('the end-to-end run completes', error);
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
