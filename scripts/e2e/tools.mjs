// Installs the tools the end-to-end tests need but the project does not depend on:
// code-server (a real VS Code workbench served to a browser), the Node 24 it requires,
// and playwright-core to drive Debian's Chromium. They live in .tools/e2e/ (gitignored),
// outside node_modules so the project itself stays on its own Node, and are installed once:
// a stamp file records the versions, and a half-finished install is never reused because
// each folder is built under a temporary name and renamed only when complete.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export const VERSIONS = { node: '24.21.0', codeServer: '4.139.1', playwrightCore: '1.65.1' };
export const CHROMIUM = '/usr/bin/chromium';
const APT = 'apt-get install -y --no-install-recommends';

/**
 * Returns paths to the Node 24 binary, code-server's entry script and playwright-core.
 * SHAPELINT_E2E_TOOLS may name another folder, e.g. one that outlives CI's fresh clones.
 */
export function ensureTools(root) {
  const dir = process.env.SHAPELINT_E2E_TOOLS || join(root, '.tools', 'e2e');
  const nodeDist = join(dir, 'node', 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  const tools = {
    dir,
    node: join(nodeDist, 'bin', 'node'),
    codeServer: join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
    playwright: () => createRequire(join(dir, 'code-server', 'package.json'))('playwright-core'),
  };
  if (!existsSync(CHROMIUM)) throw new Error(`e2e: needs Debian's Chromium: ${APT} chromium`);
  const stampFile = join(dir, 'stamp.json');
  const stamp = JSON.stringify(VERSIONS);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(tools.node) && existsSync(tools.codeServer)) {
    return tools;
  }
  // Native addons of VS Code include Kerberos support, which builds against these headers.
  if (!existsSync('/usr/include/gssapi/gssapi.h')) throw new Error(`e2e: needs Debian's libkrb5-dev: ${APT} libkrb5-dev`);
  const started = Date.now();
  console.log(`e2e: installing Node ${VERSIONS.node}, code-server ${VERSIONS.codeServer} and playwright-core into ${dir} (once; a few minutes)`);
  mkdirSync(dir, { recursive: true });
  rmSync(stampFile, { force: true });
  installInto(join(dir, 'node'), [`node@${VERSIONS.node}`], {});
  // code-server's postinstall runs `npm install` in its bundled VS Code and builds native
  // addons; it checks that npm itself runs on Node 24, so Node 24 goes first on PATH, and
  // node-gyp compiles against that Node's headers rather than the machine's.
  installInto(join(dir, 'code-server'), [`code-server@${VERSIONS.codeServer}`, `playwright-core@${VERSIONS.playwrightCore}`], {
    PATH: join(nodeDist, 'bin') + delimiter + process.env.PATH,
    npm_config_nodedir: nodeDist,
    JOBS: 'max',
  });
  writeFileSync(stampFile, stamp);
  console.log(`e2e: tools installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return tools;
}

function installInto(target, packages, env) {
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), '{ "private": true }\n');
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
    cwd: staging,
    stdio: 'inherit',
    env: { ...outsideNpmRun(process.env), ...env },
  });
  if (result.status !== 0) throw new Error(`e2e: npm install ${packages.join(' ')} failed (exit ${result.status})`);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

/**
 * The environment without what `npm run` adds for its scripts: under `npm run test:e2e` the
 * inner npm would otherwise take the outer one's user agent (naming Node 20), which is what
 * code-server's postinstall reads to check the Node version.
 */
function outsideNpmRun(env) {
  const added = new Set(['npm_config_user_agent', 'npm_node_execpath', 'npm_execpath', 'npm_command', 'NODE']);
  return Object.fromEntries(Object.entries(env).filter(([key]) => !added.has(key) && !/^npm_(lifecycle|package)_/.test(key)));
}
