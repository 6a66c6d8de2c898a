#!/usr/bin/env node
'use strict';
// The shapelint language server. Speaks LSP over stdio by default; `--node-ipc` and
// `--socket=PORT` are understood too (the VS Code extension uses IPC).
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
const args = process.argv.slice(2);
if (args.includes('--version')) {
  console.log(require('../package.json').version);
} else if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: shapelint-language-server [--stdio | --node-ipc | --socket=PORT]\n\nLanguage server for shapelint (LSP over stdio by default).');
} else {
  if (!args.some((a) => transports.some((t) => a === t || a.startsWith(`${t}=`)))) process.argv.push('--stdio');
  require('../dist/server.js');
}
