// Starts and stops a clean code-server: a fresh profile, extensions folder and HOME in a
// temporary folder, listening on loopback only. It runs as the leader of its own session
// (Node's `detached` calls setsid), because its file watchers and extension hosts outlive
// the main process: stopping kills the whole process group, and so does process exit.
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'editor.hover.delay': 100,
  'editor.inlayHints.enabled': 'on',
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

// Built-in extensions that activate at startup or on JSON files and only slow the tests down.
const SKIPPED_BUILTINS = [
  'GitHub.copilot-chat', 'vscode.git', 'vscode.git-base', 'vscode.github', 'vscode.github-authentication',
  'vscode.microsoft-authentication', 'vscode.merge-conflict', 'vscode.debug-auto-launch', 'vscode.emmet', 'vscode.npm',
  'vscode.typescript-language-features', 'vscode.json-language-features', 'vscode.configuration-editing',
  'vscode.extension-editing', 'ms-vscode.js-debug', 'ms-vscode.js-debug-companion', 'vscode.terminal-suggest',
];

const running = new Set();
process.on('exit', () => { for (const pgid of running) killGroup(pgid, 'SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130));
}

/** A temporary folder with a settings file, an extensions folder and a HOME for one run. */
export function makeProfile(label) {
  const base = mkdtempSync(join(tmpdir(), `shapelint-e2e-${label}-`));
  const profile = {
    base,
    home: join(base, 'home'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    log: join(base, 'code-server.log'),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
  for (const dir of [profile.home, join(profile.userData, 'User'), profile.extensions]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(profile.userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  return profile;
}

function baseArgs(tools, profile) {
  return [tools.codeServer, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
}

function env(profile, extra) {
  return {
    ...process.env,
    HOME: profile.home,
    XDG_CONFIG_HOME: join(profile.home, '.config'),
    XDG_DATA_HOME: join(profile.home, '.local', 'share'),
    VSCODE_SKIP_BUILTIN_EXTENSIONS: SKIPPED_BUILTINS.join(','),
    ...extra,
  };
}

/** Installs a packaged .vsix into the profile's extensions folder. */
export async function installExtension(tools, profile, vsix) {
  try {
    await run(tools.node, [...baseArgs(tools, profile), '--install-extension', vsix], { env: env(profile) });
  } catch (error) {
    throw new Error(`code-server --install-extension failed:\n${error.stdout}${error.stderr}`);
  }
}

/** Starts code-server on a free loopback port and waits until it answers /healthz. */
export async function startCodeServer(tools, profile, folder, extraEnv = {}) {
  const port = await freePort();
  const args = [
    ...baseArgs(tools, profile),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver', '--vscode-option', 'reconnection-grace-time=5',
    folder,
  ];
  const log = openSync(profile.log, 'a');
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', log, log], env: env(profile, extraEnv) });
  closeSync(log);
  running.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const server = {
    port,
    origin: `http://127.0.0.1:${port}`,
    log: profile.log,
    async stop() {
      if (!running.delete(child.pid)) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      killGroup(child.pid, 'SIGKILL'); // children that ignored SIGTERM
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${server.origin}/healthz`)).ok) return server;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      const tail = readFileSync(profile.log, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`code-server did not start (exit code ${child.exitCode}); its log ends:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function killGroup(pgid, signal) {
  try { process.kill(-pgid, signal); } catch { /* already gone */ }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}
