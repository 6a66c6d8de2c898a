"""A feature extractor whose classifier head is swapped for nn.Identity, followed by a new head ending in Softmax."""
import math

import torch
import torch.nn as nn


class SmallBackbone(nn.Module):
    def __init__(self, num_classes=1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))
        self.fc = nn.Linear(math.prod((64, 2, 2)), num_classes)

    def forward(self, x):
        x = self.avgpool(self.features(x))
        x = torch.flatten(x, 1)
        return self.fc(x)


# shapelint: input=(2, 3, 32, 32)
class FineTuned(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.backbone = SmallBackbone()
        num_ftrs = self.backbone.fc.in_features
        self.backbone.fc = nn.Identity()
        self.head = nn.Sequential(
            nn.Dropout(0.2),
            nn.Linear(num_ftrs, num_classes),
            nn.Softmax(dim=-1),
        )

    def forward(self, x):
        return self.head(self.backbone(x))
