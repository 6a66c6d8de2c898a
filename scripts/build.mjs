// Bundles the CLI, the language server and the VS Code client into dist/ with esbuild,
// then writes the CLI's code cache (scripts/code-cache.mjs). `--minify` (used for the
// .vsix) drops source maps and minifies.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const minify = process.argv.includes('--minify');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: !minify, minify, logLevel: 'warning' };
const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
].filter((e) => existsSync(e.entryPoints[0]));
await Promise.all(entries.map((e) => build({ ...common, ...e })));
if (existsSync('dist/cli.js')) execFileSync(process.execPath, ['scripts/code-cache.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
