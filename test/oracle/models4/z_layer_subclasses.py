"""User subclasses of library layers (no forward, super().forward in a wrapper, only __init__): PyTorch records the functional op each library forward calls, at the call in the file."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MyConv(nn.Conv2d):
    pass


class LN2d(nn.LayerNorm):
    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = super().forward(x)
        return x.permute(0, 3, 1, 2)


class Lin(nn.Linear):
    def __init__(self, a, b):
        super().__init__(a, b)


# shapelint: input=(2, 3, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = MyConv(3, 4, 3)
        self.norm = LN2d(4)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = Lin(4, 2)

    def forward(self, x):
        x = self.norm(self.conv(x))
        x = self.pool(x).flatten(1)
        return self.fc(x)
