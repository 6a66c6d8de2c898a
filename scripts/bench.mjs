// Benchmarks (medians over repeated runs, machine noise in mind):
//  1. warm analysis time per torchvision model file (target ≤ 20 ms),
//  2. a generated 10,000-line model file,
//  3. the cold CLI over all 20 torchvision files in one process start (target ≤ 1.5 s),
//  4. the language server, when its bench exists: keystroke → diagnostics, hover.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { analyzeSource } = require('../out/server/src/engine/analyze.js');
const TV = '/usr/lib/python3/dist-packages/torchvision/models';
const FILES = ['alexnet', 'vgg', 'resnet', 'squeezenet', 'densenet', 'googlenet', 'inception', 'mobilenetv2', 'mobilenetv3', 'shufflenetv2', 'mnasnet', 'efficientnet', 'regnet', 'convnext', 'vision_transformer', 'swin_transformer'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const time = (fn) => { const t = performance.now(); fn(); return performance.now() - t; };

if (existsSync(TV)) {
  console.log('warm analysis per torchvision file (median of 15 after 3 warm-ups):');
  const all = [];
  for (const name of FILES) {
    const text = readFileSync(join(TV, `${name}.py`), 'utf8');
    for (let i = 0; i < 3; i++) analyzeSource(text);
    const runs = Array.from({ length: 15 }, () => time(() => analyzeSource(text)));
    all.push(median(runs));
    console.log(`  ${name.padEnd(20)} ${median(runs).toFixed(1).padStart(7)} ms  (p95 ${p95(runs).toFixed(1)} ms)`);
  }
  console.log(`  median over files: ${median(all).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
}

// A 10,000-line file: many small models, each a conv stack.
const lines = ['import torch', 'import torch.nn as nn', ''];
for (let m = 0; lines.length < 10_000; m++) {
  lines.push(`class Net${m}(nn.Module):`, '    def __init__(self):', '        super().__init__()');
  for (let l = 0; l < 8; l++) lines.push(`        self.conv${l} = nn.Conv2d(${l === 0 ? 3 : 16}, 16, 3, padding=1)`);
  lines.push('        self.fc = nn.Linear(16 * 32 * 32, 10)', '', '    def forward(self, x):');
  for (let l = 0; l < 8; l++) lines.push(`        x = torch.relu(self.conv${l}(x))`);
  lines.push('        x = torch.flatten(x, 1)', '        return self.fc(x)', '', `# shapelint: input=(N, 3, 32, 32)`);
}
const big = lines.join('\n');
const bigRuns = Array.from({ length: 5 }, () => time(() => analyzeSource(big)));
console.log(`\n10,000-line generated file: median ${median(bigRuns).toFixed(0)} ms over 5 runs`);

if (existsSync(TV)) {
  const dir = mkdtempSync(join(tmpdir(), 'shapelint-bench-'));
  const list = ['alexnet', 'vgg', 'resnet', 'squeezenet', 'densenet', 'googlenet', 'inception', 'mobilenetv2', 'mobilenetv3', 'shufflenetv2', 'mnasnet', 'efficientnet', 'regnet', 'convnext', 'vision_transformer', 'swin_transformer'].map((n) => join(TV, `${n}.py`));
  writeFileSync(join(dir, 'files.txt'), list.join('\n'));
  const cold = Array.from({ length: 5 }, () => time(() => {
    try { execFileSync(process.execPath, ['bin/shapelint.js', '--format', 'json', ...list], { stdio: 'ignore' }); } catch { /* exit 1 is fine */ }
  }));
  console.log(`cold CLI over the torchvision model files (all factories): median ${median(cold).toFixed(0)} ms over 5 runs`);
}

if (existsSync('scripts/bench-lsp.mjs')) await import('./bench-lsp.mjs');
