"""Advanced indexing as PyTorch broadcasts it: index tensors side by side replace their dims in place, separated by a slice they go first; lists of ints index like tensors."""
import torch
import torch.nn as nn


# shapelint: input=(2, 3, 4, 5)
class Idx(nn.Module):
    def forward(self, x):
        i = torch.arange(3)
        j = torch.zeros(3, dtype=torch.long)
        k = torch.zeros(2, 1, dtype=torch.long)
        a = x[:, i, j]
        b = x[k, :, j]
        c = x[0, i, :, j]
        d = x[[0, 1]]
        e = x[..., [0, 2]]
        f = x[k, i]
        return a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + len(bin(8))
