"""ECA-Net (Wang et al., 2020) in the layout of BangguWu/ECANet (models/eca_module.py and models/eca_resnet.py): eca_layer with AdaptiveAvgPool2d(1), a Conv1d(1, 1, k_size, padding=(k_size - 1) // 2) applied to y.squeeze(-1).transpose(-1, -2) and turned back with .transpose(-1, -2).unsqueeze(-1), then x * y.expand_as(x); ECABasicBlock / ECABottleneck with the eca layer before the residual add, and a ResNet taking a per-stage k_size list (its AvgPool2d(7, stride=1) head shrunk to AvgPool2d(2, stride=1) for 64x64 inputs). A second factory uses the adaptive kernel size of the paper (t = int(abs((log2(C) + b) / gamma)), k = t if t % 2 else t + 1) as in timm's EcaModule. Widths scaled down."""
import math

import torch
import torch.nn as nn


class eca_layer(nn.Module):
    """Constructs a ECA module.

    Args:
        channel: Number of channels of the input feature map
        k_size: Adaptive selection of kernel size
    """
    def __init__(self, channel, k_size=3):
        super(eca_layer, self).__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.conv = nn.Conv1d(1, 1, kernel_size=k_size, padding=(k_size - 1) // 2, bias=False)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        # feature descriptor on the global spatial information
        y = self.avg_pool(x)

        # Two different branches of ECA module
        y = self.conv(y.squeeze(-1).transpose(-1, -2)).transpose(-1, -2).unsqueeze(-1)

        # Multi-scale information fusion
        y = self.sigmoid(y)

        return x * y.expand_as(x)


def adaptive_k(channels, gamma=2, b=1):
    t = int(abs((math.log(channels, 2) + b) / gamma))
    return t if t % 2 else t + 1


def conv3x3(in_planes, out_planes, stride=1):
    """3x3 convolution with padding"""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride,
                     padding=1, bias=False)


class ECABasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, k_size=3):
        super(ECABasicBlock, self).__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes, 1)
        self.bn2 = nn.BatchNorm2d(planes)
        self.eca = eca_layer(planes, k_size)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        residual = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)
        out = self.eca(out)

        if self.downsample is not None:
            residual = self.downsample(x)

        out += residual
        out = self.relu(out)

        return out


class ECABottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, k_size=3):
        super(ECABottleneck, self).__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=stride,
                               padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.eca = eca_layer(planes * 4, k_size)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        residual = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)
        out = self.relu(out)

        out = self.conv3(out)
        out = self.bn3(out)
        out = self.eca(out)

        if self.downsample is not None:
            residual = self.downsample(x)

        out += residual
        out = self.relu(out)

        return out


class ResNet(nn.Module):

    def __init__(self, block, layers, num_classes=1000, k_size=[3, 3, 3, 3], base_width=64):
        self.inplanes = base_width
        super(ResNet, self).__init__()
        self.conv1 = nn.Conv2d(3, base_width, kernel_size=7, stride=2, padding=3,
                               bias=False)
        self.bn1 = nn.BatchNorm2d(base_width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, base_width, layers[0], int(k_size[0]))
        self.layer2 = self._make_layer(block, base_width * 2, layers[1], int(k_size[1]), stride=2)
        self.layer3 = self._make_layer(block, base_width * 4, layers[2], int(k_size[2]), stride=2)
        self.layer4 = self._make_layer(block, base_width * 8, layers[3], int(k_size[3]), stride=2)
        self.avgpool = nn.AvgPool2d(2, stride=1)
        self.fc = nn.Linear(base_width * 8 * block.expansion, num_classes)

        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                n = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
                m.weight.data.normal_(0, math.sqrt(2. / n))
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.data.fill_(1)
                m.bias.data.zero_()

    def _make_layer(self, block, planes, blocks, k_size, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * block.expansion,
                          kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * block.expansion),
            )

        layers = []
        layers.append(block(self.inplanes, planes, stride, downsample, k_size))
        self.inplanes = planes * block.expansion
        for i in range(1, blocks):
            layers.append(block(self.inplanes, planes, k_size=k_size))

        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)

        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)

        x = self.avgpool(x)
        x = x.view(x.size(0), -1)
        x = self.fc(x)

        return x


# shapelint: input=(2, 3, 64, 64)
def eca_resnet18_tiny(k_size=[3, 3, 3, 3], num_classes=10):
    """Constructs a ResNet-18 model (base width 16, the fixed AvgPool2d head swapped for AdaptiveAvgPool2d(1)).
    """
    model = ResNet(ECABasicBlock, [2, 2, 2, 2], num_classes=num_classes, k_size=k_size, base_width=16)
    model.avgpool = nn.AdaptiveAvgPool2d(1)
    return model


# shapelint: input=(2, 3, 64, 64)
def eca_resnet50_adaptive_k(num_classes=10):
    """ResNet-50 layout with the kernel size of each stage chosen from its output channel count."""
    base_width = 16
    k_size = [adaptive_k(base_width * (2 ** i) * ECABottleneck.expansion) for i in range(4)]
    model = ResNet(ECABottleneck, [1, 2, 2, 1], num_classes=num_classes, k_size=k_size, base_width=base_width)
    return model
