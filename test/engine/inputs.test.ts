/**
 * Where a model's input shape comes from (PRODUCT §3), first that applies: the option,
 * the comment above the definition, a call in the file (a forward call or a torchinfo /
 * torchsummary `summary`), a jaxtyping annotation, else symbols fixed by the first layer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from '../../server/src/engine/analyze';
import { parseShapeList } from '../../server/src/engine/inputs';

const model = (prefix: string, forwardArg = 'x', suffix = ''): string => `import torch
import torch.nn as nn

${prefix}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)

    def forward(self, ${forwardArg}):
        return self.conv(x)
${suffix}`;

function input(text: string, inputs?: Map<string, (number | string)[][]>): { shapes: unknown; source: string } {
  const m = analyzeSource(text, { inputs }).models.find((x) => x.name === 'Net')!;
  return { shapes: m.inputs, source: m.inputSource };
}

test('the comment above the class, decorators in between', () => {
  assert.deepEqual(input(model('# shapelint: input=(N, 3, 32, 32)\n')), { shapes: [['N', 3, 32, 32]], source: 'comment' });
  assert.deepEqual(parseShapeList('((N, 10), (N, 20))'), [['N', 10], ['N', 20]]);
});

test('the option wins over the comment', () => {
  const text = model('# shapelint: input=(N, 3, 32, 32)\n');
  assert.deepEqual(input(text, new Map([['Net', [[1, 3, 64, 64]]]])), { shapes: [[1, 3, 64, 64]], source: 'option' });
});

test('a forward call in __main__', () => {
  const text = model('', 'x', '\nif __name__ == "__main__":\n    net = Net()\n    x = torch.randn(4, 3, 28, 28)\n    print(net(x).shape)\n');
  assert.deepEqual(input(text), { shapes: [[4, 3, 28, 28]], source: 'call' });
});

test('torchinfo and torchsummary summary calls', () => {
  const info = model('', 'x', '\nfrom torchinfo import summary\nsummary(Net(), input_size=(1, 3, 40, 40))\n');
  assert.deepEqual(input(info), { shapes: [[1, 3, 40, 40]], source: 'call' });
  const ts = model('', 'x', '\nfrom torchsummary import summary\nsummary(Net(), (3, 40, 40))\n');
  assert.deepEqual(input(ts), { shapes: [['N', 3, 40, 40]], source: 'call' });
});

test('a jaxtyping annotation on forward', () => {
  const text = model('', 'x: Float[Tensor, "B 3 64 64"]');
  assert.deepEqual(input(text), { shapes: [['B', 3, 64, 64]], source: 'annotation' });
});

test('otherwise symbols, with the channels the first layer fixes', () => {
  const analysis = analyzeSource(model(''));
  const net = analysis.models[0]!;
  assert.deepEqual(net.inputs, [['N', 3, 'H', 'W']]);
  assert.equal(net.inputSource, 'symbolic');
  assert.deepEqual(net.output, ['N', 8, 'H − 2', 'W − 2']);
});

test('a class with required arguments is analysed through the instance the file builds', () => {
  const text = `import torch.nn as nn

# shapelint: input=(2, 16)
class Head(nn.Module):
    def __init__(self, features, classes):
        super().__init__()
        self.fc = nn.Linear(features, classes)

    def forward(self, x):
        return self.fc(x)

model = Head(16, 3)
`;
  const head = analyzeSource(text).models.find((m) => m.name === 'Head');
  assert.deepEqual(head?.output, [2, 3]);
});
