"""A CNN written with torch.nn.functional only, holding its weights as nn.Parameters and sharing class-level config."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 3, 32, 32)
class FunctionalCNN(nn.Module):
    channels = [3, 16, 32]
    kernel_size = 3
    num_classes = 10

    def __init__(self):
        super().__init__()
        k = self.kernel_size
        self.w1 = nn.Parameter(torch.randn(self.channels[1], self.channels[0], k, k) * 0.1)
        self.b1 = nn.Parameter(torch.zeros(self.channels[1]))
        self.w2 = nn.Parameter(torch.randn(self.channels[2], self.channels[1], k, k) * 0.1)
        self.b2 = nn.Parameter(torch.zeros(self.channels[2]))
        fan_in = self.channels[2] * 8 * 8
        self.fc_w = nn.Parameter(torch.randn(self.num_classes, fan_in) / math.sqrt(fan_in))
        self.fc_b = nn.Parameter(torch.zeros(self.num_classes))

    def forward(self, x):
        x = F.relu(F.conv2d(x, self.w1, self.b1, padding=1))
        x = F.max_pool2d(x, 2)
        x = F.relu(F.conv2d(x, self.w2, self.b2, stride=1, padding=1))
        x = F.max_pool2d(x, 2)
        x = x.view(x.size(0), -1)
        return F.linear(x, self.fc_w, self.fc_b)
