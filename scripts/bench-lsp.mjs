// Language-server latency over real LSP (stdio JSON-RPC to dist/server.js), on a generated
// ~1,000-line model file:
//  - keystroke → diagnostics: one-character edits in the middle of the file, each sent after
//    the previous diagnostics arrived and a typing pause, timed from didChange to the
//    publishDiagnostics of that version (target ≤ 50 ms);
//  - a burst of keystrokes 30 ms apart: time from the last one to its diagnostics;
//  - hover on layers across the file (target ≤ 10 ms).
// Run alone with `node scripts/bench-lsp.mjs` after `npm run build`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { StreamMessageReader, StreamMessageWriter, createMessageConnection } = require('vscode-languageserver/node');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EDITS = 30;
const PAUSE_MS = 200;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function modelFile(minLines) {
  const block = (i) => `

# shapelint: input=(N, 3, 64, 64)
class Net${i}(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, kernel_size=3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, kernel_size=3, padding=1),
            nn.BatchNorm2d(64),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Linear(64 * 16 * 16, 256),
            nn.ReLU(inplace=True),
            nn.Linear(256, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)
`;
  let text = 'import torch\nimport torch.nn as nn\n';
  for (let i = 0; text.split('\n').length < minLines; i++) text += block(i);
  return text;
}

const text = modelFile(1000);
const lines = text.split('\n');
const uri = 'untitled:bench_model.py';

const child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (p) => {
  const w = waiting.get(p.version);
  if (w) { waiting.delete(p.version); w(performance.now()); }
});
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await connection.sendNotification('initialized', {});

const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
let version = 1;
let opened = published(1);
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
await opened;

// Keystrokes: type and delete a digit in the middle model's Linear out_features.
const target = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('nn.Linear(64 * 16 * 16, 256)'));
const column = lines[target].indexOf('256)') + 3;
let typed = false;
const keystroke = async () => {
  version++;
  const change = typed
    ? { range: { start: { line: target, character: column }, end: { line: target, character: column + 1 } }, text: '' }
    : { range: { start: { line: target, character: column }, end: { line: target, character: column } }, text: '1' };
  typed = !typed;
  const at = performance.now();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  return at;
};

for (let i = 0; i < 5; i++) { const done = published(version + 1); await keystroke(); await done; await sleep(PAUSE_MS); }
const keystrokes = [];
for (let i = 0; i < EDITS; i++) {
  const done = published(version + 1);
  const at = await keystroke();
  keystrokes.push((await done) - at);
  await sleep(PAUSE_MS);
}

const bursts = [];
for (let b = 0; b < 5; b++) {
  let at = 0;
  for (let i = 0; i < 8; i++) { at = await keystroke(); if (i < 7) await sleep(30); }
  const done = published(version);
  bursts.push((await done) - at);
  await sleep(PAUSE_MS);
}

const hoverLines = lines.map((l, i) => [l, i]).filter(([l]) => /nn\.(Conv2d|Linear|MaxPool2d)\(/.test(l)).map(([l, i]) => ({ line: i, character: l.indexOf('nn.') + 4 }));
const hovers = [];
for (let i = 0; i < 60; i++) {
  const position = hoverLines[(i * 7) % hoverLines.length];
  const t = performance.now();
  const h = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  if (!h) throw new Error(`no hover at ${JSON.stringify(position)}`);
  if (i >= 10) hovers.push(performance.now() - t);
}

await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();

// The engine alone on the same text, in this process, to tell analysis from LSP overhead.
let engine;
try {
  const { analyzeSource } = require('../out/server/src/engine/analyze.js');
  for (let i = 0; i < 5; i++) analyzeSource(text);
  engine = Array.from({ length: 15 }, () => { const t = performance.now(); analyzeSource(text); return performance.now() - t; });
} catch {
  engine = undefined; // out/ not compiled: `npm run bench` compiles it
}

const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`\nlanguage server over stdio, ${lines.length.toLocaleString('en-US')}-line model file:`);
console.log(`  keystroke → diagnostics (${EDITS} edits, ${PAUSE_MS} ms apart): median ${ms(median(keystrokes))}, p95 ${ms(p95(keystrokes))}  (target ≤ 50 ms)`);
console.log(`  burst of 8 keystrokes 30 ms apart, last → diagnostics: median ${ms(median(bursts))}, p95 ${ms(p95(bursts))}`);
if (engine) console.log(`  of which analysis (engine alone, same text): median ${ms(median(engine))}, p95 ${ms(p95(engine))}`);
console.log(`  hover (${hovers.length} requests): median ${ms(median(hovers))}, p95 ${ms(p95(hovers))}  (target ≤ 10 ms)`);
