/**
 * Python's control flow as model code uses it to compute sizes: `return` from inside
 * loops and branches, `break`/`continue`, loop `else`, `try`/`finally`. Each helper's
 * result becomes a Linear's width, so the model's output shape shows what it returned
 * (values as CPython computes them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from '../../server/src/engine/analyze';

function widthOf(helper: string): unknown {
  const source = `import torch.nn as nn

${helper}

# shapelint: input=(2, 4)
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, width())

    def forward(self, x):
        return self.fc(x)
`;
  const output = analyzeSource(source).models[0]?.output;
  return Array.isArray(output) ? output[1] : output;
}

test('return from inside a loop and a branch', () => {
  assert.equal(widthOf('def width():\n    for i in range(10):\n        if i * i > 20:\n            return i\n    return -1'), 5);
});

test('break skips the loop else, continue does not', () => {
  assert.equal(widthOf('def width():\n    n = 0\n    for i in range(10):\n        if i % 2:\n            continue\n        n += i\n    else:\n        n += 100\n    return n'), 120);
  assert.equal(widthOf('def width():\n    for i in range(10):\n        if i == 3:\n            break\n    else:\n        return 100\n    return i'), 3);
});

test('while with break and else', () => {
  assert.equal(widthOf('def width():\n    n = 1\n    while n < 50:\n        n *= 2\n    else:\n        n += 1\n    return n'), 65);
  assert.equal(widthOf('def width():\n    n = 1\n    while True:\n        n *= 3\n        if n > 20:\n            break\n    return n'), 27);
});

test('a return in finally wins; a handled raise follows the handler', () => {
  assert.equal(widthOf('def width():\n    try:\n        return 1\n    finally:\n        return 2'), 2);
  assert.equal(widthOf('def width():\n    try:\n        raise ValueError()\n    except ValueError:\n        return 7\n    return 8'), 7);
});

test('return inside nested loops leaves both', () => {
  assert.equal(widthOf('def width():\n    for a in range(5):\n        for b in range(5):\n            if a * b == 6:\n                return a * 10 + b\n    return 0'), 23);
});

test('not binds tighter than and/or, looser than comparisons (the parser nests it the other way)', () => {
  // CPython gives 4, 5, 7 and 10.
  assert.equal(widthOf("def width():\n    d = {}\n    return 3 if not False and 'a' in d else 4"), 4);
  assert.equal(widthOf("def width():\n    d = {}\n    return 5 if not (False and 'a' in d) else 6"), 5);
  assert.equal(widthOf('def width():\n    return 7 if not 1 == 2 and True else 8'), 7);
  assert.equal(widthOf('def width():\n    return 9 if not (1 or 0) and 4 else 10'), 10);
});

test('a model built through an undecidable branch reports no errors in its forward', () => {
  // The engine follows the first branch (BatchNorm2d(3)); the real program may take the
  // other one. Its shapes still show, but a mismatch there would only be a guess.
  const source = `import os
import torch.nn as nn

# shapelint: input=(2, 3, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3)
        if os.environ.get("NORM_BEFORE_CONV"):
            self.bn = nn.BatchNorm2d(3)
        else:
            self.bn = nn.BatchNorm2d(16)

    def forward(self, x):
        return self.bn(self.conv(x))
`;
  const { diagnostics, models } = analyzeSource(source);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(models[0]?.output, [2, 16, 6, 6]);
});
