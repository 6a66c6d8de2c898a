/**
 * Bad input never crashes or hangs the engine: every prefix of a real model file
 * (half-typed code), syntax errors, deep nesting, endless loops, huge files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../server/src/engine/analyze';
import { parsePython } from '../../server/src/syntax/lower';
import { repoRoot } from '../oracle/compare';

const alexnet = readFileSync(join(repoRoot, 'examples', 'alexnet.py'), 'utf8');

test('every prefix of a model file analyzes without throwing or false errors', () => {
  for (let end = 0; end <= alexnet.length; end += 7) {
    const analysis = analyzeSource(alexnet.slice(0, end));
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((e) => e.message), [], `prefix of ${end} characters`);
  }
});

test('hostile inputs end with an honest answer', () => {
  const cases = [
    'while True:\n    pass\n',
    'def f():\n    return f()\nf()\n',
    `x = ${'('.repeat(500)}1${')'.repeat(500)}\n`,
    'import torch.nn as nn\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.Sequential(*[nn.Linear(4, 4) for _ in range(100000)])\n    def forward(self, x):\n        return self.l(x)\n',
    'class A(B):\n  def forward(self, x): return self.missing(x)\n',
    '\u0000\uffff garbage ]]]] ((((\n',
  ];
  for (const text of cases) assert.doesNotThrow(() => analyzeSource(text, { maxSteps: 200_000 }), text.slice(0, 40));
});

test('unknown layers become an explicit unknown, not an error', () => {
  const text = 'import torch.nn as nn\nfrom mylib import FancyLayer\n\n# shapelint: input=(2, 8)\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = FancyLayer(8)\n        self.b = nn.Linear(3, 4)\n    def forward(self, x):\n        return self.b(self.a(x))\n';
  const analysis = analyzeSource(text);
  assert.equal(analysis.diagnostics.filter((d) => d.severity === 'error').length, 0);
  assert.ok(analysis.diagnostics.some((d) => d.code === 'shape-unknown'));
});

test('an incremental reparse lowers to the same module as a fresh parse', () => {
  let previous = parsePython(alexnet).state;
  let text = alexnet;
  const edits: [number, number, string][] = [
    [text.indexOf('4096'), 4, '2048'], [text.indexOf('nn.ReLU'), 0, 'nn.Identity(),\n            '],
    [text.indexOf('def forward'), 0, '0.\n'], [text.lastIndexOf('return x'), 8, 'return x['], [10, 0, '(((('],
  ];
  for (const [at, removed, inserted] of edits) {
    text = text.slice(0, at) + inserted + text.slice(at + removed);
    const incremental = parsePython(text, previous);
    assert.deepEqual(incremental.module, parsePython(text).module);
    previous = incremental.state;
  }
});

test('what could not be followed never lets stale shapes through', () => {
  const cases = [
    // A container holding an unknown layer: the layers after it must not see the old shape.
    'import torch.nn as nn\nfrom lib import Mystery\n\n# shapelint: input=(2, 8)\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Linear(8, 16), Mystery(16, 32))\n        self.head = nn.Linear(32, 4)\n    def forward(self, x):\n        return self.head(self.body(x))\n',
    // A loop over an unknown list that appends layers: the ModuleList is not "empty".
    'import torch.nn as nn\nfrom lib import widths\n\n# shapelint: input=(2, 8)\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.layers = nn.ModuleList()\n        prev = 8\n        for w in widths():\n            self.layers += [nn.Linear(prev, w)]\n            prev = w\n        self.head = nn.Linear(64, 4)\n    def forward(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return self.head(x)\n',
  ];
  for (const text of cases) {
    const errors = analyzeSource(text).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((e) => e.message), []);
  }
});
