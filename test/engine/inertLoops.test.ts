/**
 * Which loops the interpreter may skip outside a forward: weight initialisation only, and
 * nothing that builds or changes what the engine tracks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../../server/src/syntax/lower';
import { inertLoopNames } from '../../server/src/engine/inertLoops';
import { analyzeSource } from '../../server/src/engine/analyze';

function namesOf(loop: string): readonly string[] | undefined {
  const stmt = parsePython(loop).module.body[0];
  assert.equal(stmt?.k, 'for');
  return inertLoopNames(stmt as Extract<typeof stmt, { k: 'for' }>);
}

test('weight-initialisation loops are inert', () => {
  assert.deepEqual(namesOf(`
for m in self.modules():
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
        nn.init.constant_(m.weight, 1)
        nn.init.constant_(m.bias, 0)
`.trim()), ['m']);
  assert.deepEqual(namesOf(`
for m in self.modules():
    if isinstance(m, nn.Conv2d):
        fan_out = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
        fan_out //= m.groups
        m.weight.data.normal_(0, math.sqrt(2.0 / fan_out))
    elif isinstance(m, nn.Linear) and m.bias is not None:
        with torch.no_grad():
            m.bias.zero_()
`.trim()), ['m', 'fan_out']);
  assert.deepEqual(namesOf(`
for name, p in self.named_parameters():
    if 'weight' in name and p.dim() > 1:
        trunc_normal_(p, std=.02)
`.trim()), ['name', 'p']);
});

test('loops that build, change or call into user code are not inert', () => {
  const notInert = [
    // builds layers
    'for v in cfg:\n    layers += [nn.Conv2d(c, v, 3), nn.ReLU(inplace=True)]\n    nn.init.zeros_(w)',
    'for i in range(n):\n    layer = nn.Linear(d, d)\n    nn.init.xavier_uniform_(layer.weight)\n    self.layers.append(layer)',
    // sets attributes
    'for p in self.parameters():\n    p.requires_grad = False\n    p.zero_()',
    // calls user code
    'for m in self.modules():\n    self._init_module(m)',
    'for m in self.modules():\n    if self.wants(m):\n        nn.init.zeros_(m.bias)',
    // an in-place op that changes a shape
    'for t in self.buffers_list:\n    t.unsqueeze_(0)',
    // initialises nothing: an ordinary loop
    'for m in self.modules():\n    pass',
  ];
  for (const loop of notInert) assert.equal(namesOf(loop), undefined, loop);
});

test('a skipped init loop leaves shapes and counts exact', () => {
  const source = `
import math
import torch
import torch.nn as nn

# shapelint: input=(2, 3, 16, 16)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                n = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
                m.weight.data.normal_(0, math.sqrt(2. / n))

    def forward(self, x):
        x = self.conv(x).mean((2, 3))
        return self.fc(x)
`;
  const [model] = analyzeSource(source).models;
  assert.deepEqual(model?.output, [2, 10]);
  // Conv2d(3, 8, 3) + Linear(8, 10), as torch counts them.
  assert.equal(model?.params, 3 * 8 * 9 + 8 + 8 * 10 + 10);
});
