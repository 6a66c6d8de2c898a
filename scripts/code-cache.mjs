// Writes dist/cli.codecache: V8's compiled code for the CLI bundle, after a run over the
// bundled examples so that the functions an analysis calls are in it (V8 compiles each
// function on its first call). Run by the build with its output discarded.
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync(new URL('../dist/cli.codecache', import.meta.url), { force: true });
const cli = require('../bin/loadCli.js').loadCli();
const examples = readdirSync('examples').filter((f) => f.endsWith('.py')).map((f) => `examples/${f}`);
for (const format of ['text', 'json']) cli.main(['--format', format, ...examples]);
cli.saveCodeCache();
