"""A small CNN built from nested nn.Sequential blocks, with submodules reached by chained indexing."""
import functools
import operator

import torch
import torch.nn as nn

FEATURE_SHAPE = (32, 4, 4)


# shapelint: input=(2, 3, 32, 32)
class NestedNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.net = nn.Sequential(
            nn.Sequential(
                nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU()),
                nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU()),
                nn.MaxPool2d(2),
            ),
            nn.Sequential(
                nn.Sequential(nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU()),
                nn.MaxPool2d(2),
                nn.AdaptiveAvgPool2d(FEATURE_SHAPE[1:]),
            ),
            nn.Sequential(
                nn.Flatten(),
                nn.Linear(functools.reduce(operator.mul, FEATURE_SHAPE), 64),
                nn.ReLU(),
                nn.Linear(64, num_classes),
            ),
        )

    def forward(self, x):
        stem = self.net[0][0](x)
        x = self.net[0][1](stem) + stem
        x = self.net[0][2](x)
        x = self.net[1](x)
        return self.net[2](x)
