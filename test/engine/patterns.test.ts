/**
 * einops patterns. einops is not packaged by Debian, so CI cannot run it: these
 * expectations are the examples of einops' documentation (images of 32×30×40×3), whose
 * outputs were checked against real einops 0.8 with PyTorch tensors when written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from '../../server/src/engine/analyze';

function shapeOf(call: string, input: string): unknown {
  const model = `import torch\nimport torch.nn as nn\nfrom einops import rearrange, reduce, repeat\n\n# shapelint: input=(${input})\nclass M(nn.Module):\n    def forward(self, x):\n        return ${call}\n`;
  return analyzeSource(model).models[0]!.output;
}

test('rearrange, reduce and repeat follow the einops docs', () => {
  assert.deepEqual(shapeOf("rearrange(x, 'b h w c -> b (h w) c')", '32, 30, 40, 3'), [32, 1200, 3]);
  assert.deepEqual(shapeOf("rearrange(x, 'b (h1 h) (w1 w) c -> (b h1 w1) h w c', h1=2, w1=2)", '32, 30, 40, 3'), [128, 15, 20, 3]);
  assert.deepEqual(shapeOf("reduce(x, 'b h w c -> h w c', 'mean')", '32, 30, 40, 3'), [30, 40, 3]);
  assert.deepEqual(shapeOf("repeat(x, 'h w -> h w c', c=3)", '30, 40'), [30, 40, 3]);
  assert.deepEqual(shapeOf("rearrange(x, 'b h w c -> b c h w')", '32, 30, 40, 3'), [32, 3, 30, 40]);
  assert.deepEqual(shapeOf("rearrange(x, 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=4, p2=4)", '2, 3, 16, 16'), [2, 16, 48]);
  assert.deepEqual(shapeOf("rearrange(x, 'b ... d -> b d ...')", '2, 5, 6, 7'), [2, 7, 5, 6]);
});

test('a pattern that does not fit the input is an error on the op', () => {
  const model = "import torch.nn as nn\nfrom einops import rearrange\n\n# shapelint: input=(2, 3, 15, 16)\nclass M(nn.Module):\n    def forward(self, x):\n        return rearrange(x, 'b c (h p) (w q) -> b (h w) (p q c)', p=4, q=4)\n";
  const errors = analyzeSource(model).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => e.code), ['not-divisible']);
});
