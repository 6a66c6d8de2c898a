// Opens code-server's workbench in Debian's Chromium (headless, driven by playwright-core),
// and runs an extension-host test suite through the workbench's payload URL the way VS Code's
// own web integration tests do: the runner reports through codeAutomationLog/codeAutomationExit,
// which code-server's workbench calls when started with the smoke-test driver enabled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * A headless Chromium with a fresh profile and HOME. Each newPage() gets a context of its own
 * (own cache, storage and service workers), so one suite's window cannot disturb another's.
 */
export async function launchBrowser(tools) {
  const { chromium } = tools.playwright();
  const home = mkdtempSync(join(tmpdir(), 'shapelint-e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, HOME: home },
  });
  return {
    newPage: async () => (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage(),
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Opens the workbench on folder and waits until the explorer shows it. */
export async function openWorkbench(page, server, folder) {
  await page.goto(`${server.origin}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/**
 * Runs the extension tests at testsIndex (an absolute path) for the extension in extensionDir,
 * in the workbench opened on folder. Resolves to the runner's exit code (or a timeout).
 */
export async function runExtensionHostTests(page, server, { extensionDir, testsIndex, folder, log, timeoutMs = 180_000 }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(testsIndex)],
    ['skipWelcome', 'true'],
  ];
  let finish;
  const exit = new Promise((resolve) => { finish = resolve; });
  await page.exposeFunction('codeAutomationLog', (type, args) => log(`[${type}] ${format(...[].concat(args))}`));
  await page.exposeFunction('codeAutomationExit', (code) => finish({ code, timedOut: false }));
  const timer = setTimeout(() => finish({ code: 1, timedOut: true }), timeoutMs);
  await page.goto(`${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const result = await exit;
  clearTimeout(timer);
  return result;
}
