"""A small CNN with a squeeze-and-excitation block."""
import torch.nn as nn


class SEBlock(nn.Module):
    def __init__(self, channels, reduction=4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Linear(channels, channels // reduction)
        self.fc2 = nn.Linear(channels // reduction, channels)
        self.relu = nn.ReLU(inplace=True)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        b, c, h, w = x.shape
        s = self.pool(x).view(b, c)
        s = self.sigmoid(self.fc2(self.relu(self.fc1(s))))
        return x * s


# shapelint: input=(2, 3, 32, 32)
class SENet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, padding=1)
        self.se1 = SEBlock(64)
        self.conv2 = nn.Conv2d(64, 64, 3, stride=2, padding=1)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.se1(self.conv1(x))
        x = self.conv2(x).mean((2, 3))
        return self.fc(x)
