"""A two-stage conv encoder with GroupNorm and GELU."""
import torch.nn as nn


# shapelint: input=(2, 3, 32, 32)
class GNEncoder(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.gn1 = nn.GroupNorm(8, 32)
        self.conv2 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.gn2 = nn.GroupNorm(8, 32)
        self.act = nn.GELU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.act(self.gn1(self.conv1(x)))
        x = self.act(self.gn2(self.conv2(x)))
        return self.fc(self.pool(x).flatten(1))
