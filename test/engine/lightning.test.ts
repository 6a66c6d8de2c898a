/**
 * PyTorch Lightning modules are nn.Modules with training hooks. Lightning is not packaged
 * by Debian, so CI cannot run it: the expected counts are the Linear formula
 * (in × out + out), as PyTorch's docs give it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from '../../server/src/engine/analyze';

test('LightningModule subclasses, however imported, are analysed as models', () => {
  const source = `import torch
import torch.nn as nn
import pytorch_lightning as pl
from lightning.pytorch import LightningModule


# shapelint: input=(2, 1, 28, 28)
class LitMNIST(pl.LightningModule):
    def __init__(self, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.l1 = nn.Linear(28 * 28, 64)
        self.l2 = nn.Linear(64, 10)

    def forward(self, x):
        return self.l2(torch.relu(self.l1(x.view(x.size(0), -1))))

    def training_step(self, batch, batch_idx):
        x, y = batch
        return nn.functional.cross_entropy(self(x), y)


# shapelint: input=(2, 16)
class Head(LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))

    def forward(self, x):
        return self.net(x)
`;
  const { models, diagnostics } = analyzeSource(source);
  assert.deepEqual(models.map((m) => [m.name, m.output, m.params]), [
    ['LitMNIST', [2, 10], 784 * 64 + 64 + 64 * 10 + 10],
    ['Head', [2, 1], 16 * 8 + 8 + 8 * 1 + 1],
  ]);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
});
