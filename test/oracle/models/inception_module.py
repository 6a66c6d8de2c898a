"""A GoogLeNet-style network with Inception modules (Szegedy et al., 2015) and ceil-mode pooling."""
from collections import OrderedDict

import torch
import torch.nn as nn


def conv_bn(in_ch, out_ch, **kwargs):
    return nn.Sequential(OrderedDict([
        ("conv", nn.Conv2d(in_ch, out_ch, bias=False, **kwargs)),
        ("bn", nn.BatchNorm2d(out_ch, eps=0.001)),
        ("relu", nn.ReLU(inplace=True)),
    ]))


class Inception(nn.Module):
    def __init__(self, in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj):
        super().__init__()
        self.branch1 = conv_bn(in_channels, ch1x1, kernel_size=1)
        self.branch2 = nn.Sequential(conv_bn(in_channels, ch3x3red, kernel_size=1),
                                     conv_bn(ch3x3red, ch3x3, kernel_size=3, padding=1))
        self.branch3 = nn.Sequential(conv_bn(in_channels, ch5x5red, kernel_size=1),
                                     conv_bn(ch5x5red, ch5x5, kernel_size=5, padding=2))
        self.branch4 = nn.Sequential(nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),
                                     conv_bn(in_channels, pool_proj, kernel_size=1))

    def forward(self, x):
        outputs = [self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)]
        return torch.cat(outputs, 1)


# shapelint: input=(2, 3, 32, 32)
class MiniGoogLeNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.pre_layers = conv_bn(3, 64, kernel_size=3, padding=1)
        self.a3 = Inception(64, 32, 48, 64, 8, 16, 16)
        self.b3 = Inception(128, 64, 64, 96, 16, 48, 32)
        self.maxpool = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.a4 = Inception(240, 96, 48, 104, 8, 24, 32)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.dropout = nn.Dropout(0.4)
        self.fc = nn.Linear(256, num_classes)

    def forward(self, x):
        out = self.pre_layers(x)
        out = self.maxpool(self.b3(self.a3(out)))
        out = self.a4(out)
        out = self.avgpool(out)
        out = torch.flatten(out, 1)
        return self.fc(self.dropout(out))
