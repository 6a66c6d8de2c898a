"""A single Inception block network with a 1x1 reduction before the classifier."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class InceptionBlock(nn.Module):
    def __init__(self, in_ch):
        super().__init__()
        self.b1 = nn.Conv2d(in_ch, 64, kernel_size=1)
        self.b3 = nn.Sequential(nn.Conv2d(in_ch, 96, 1), nn.ReLU(), nn.Conv2d(96, 128, 3, padding=1))
        self.b5 = nn.Sequential(nn.Conv2d(in_ch, 16, 1), nn.ReLU(), nn.Conv2d(16, 32, 5, padding=2))
        self.bp = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), nn.Conv2d(in_ch, 32, 1))

    def forward(self, x):
        return torch.cat([self.b1(x), self.b3(x), self.b5(x), self.bp(x)], dim=1)


# shapelint: input=(2, 3, 32, 32)
class InceptionNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, 192, kernel_size=3, padding=1)
        self.inception = InceptionBlock(192)
        self.reduce = nn.Conv2d(240, 128, kernel_size=1)
        self.fc = nn.Linear(128, num_classes)

    def forward(self, x):
        x = F.relu(self.stem(x))
        x = F.relu(self.inception(x))
        x = F.relu(self.reduce(x))
        x = F.adaptive_avg_pool2d(x, 1)
        return self.fc(torch.flatten(x, 1))
