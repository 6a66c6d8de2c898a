"""A CNN with spatial pyramid pooling (He et al., 2014): adaptive max pools at several grid sizes, flattened and concatenated."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SpatialPyramidPooling(nn.Module):
    def __init__(self, levels=(1, 2, 4)):
        super().__init__()
        self.pools = nn.ModuleList([nn.AdaptiveMaxPool2d(n) for n in levels])

    def forward(self, x):
        n = x.shape[0]
        return torch.cat([pool(x).view(n, -1) for pool in self.pools], dim=1)


# shapelint: input=(2, 3, 40, 56)
class SPPNet(nn.Module):
    def __init__(self, num_classes=20, levels=(1, 2, 4)):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=5, stride=2, padding=2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, dilation=2, padding=2)
        self.conv3 = nn.Conv2d(64, 64, kernel_size=3)
        self.spp = SpatialPyramidPooling(levels)
        self.fc1 = nn.Linear(64 * sum(l * l for l in levels), 256)
        self.fc2 = nn.Linear(256, num_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), kernel_size=3, stride=2, ceil_mode=True)
        x = F.relu(self.conv3(x))
        x = self.spp(x)
        x = F.dropout(F.relu(self.fc1(x)), 0.5, self.training)
        return self.fc2(x)
