"""Octave convolution (d-li14/octconv.pytorch style): OctaveConv splits channels by alpha into
high/low frequency parts, each layer takes and returns a (x_h, x_l) tuple, uses nn.AvgPool2d and
nn.Upsample inside, first/last layers signalled by alpha_in == 0 / alpha_out == 0 returning None
for the empty branch; Conv_BN_ACT wraps it applying BN per branch with `if x_l is not None`.
OctResNet bottlenecks thread tuples through nn.Sequential."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class OctaveConv(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, alpha_in=0.5, alpha_out=0.5, stride=1, padding=0,
                 dilation=1, groups=1, bias=False):
        super().__init__()
        self.downsample = nn.AvgPool2d(kernel_size=(2, 2), stride=2)
        self.upsample = nn.Upsample(scale_factor=2, mode='nearest')
        assert stride == 1 or stride == 2, "Stride should be 1 or 2."
        self.stride = stride
        self.is_dw = groups == in_channels
        assert 0 <= alpha_in <= 1 and 0 <= alpha_out <= 1, "Alphas should be in the interval from 0 to 1."
        self.alpha_in, self.alpha_out = alpha_in, alpha_out
        self.conv_l2l = None if alpha_in == 0 or alpha_out == 0 else \
            nn.Conv2d(int(alpha_in * in_channels), int(alpha_out * out_channels), kernel_size, 1, padding, dilation,
                      math.ceil(alpha_in * groups), bias)
        self.conv_l2h = None if alpha_in == 0 or alpha_out == 1 or self.is_dw else \
            nn.Conv2d(int(alpha_in * in_channels), out_channels - int(alpha_out * out_channels), kernel_size, 1,
                      padding, dilation, groups, bias)
        self.conv_h2l = None if alpha_in == 1 or alpha_out == 0 or self.is_dw else \
            nn.Conv2d(in_channels - int(alpha_in * in_channels), int(alpha_out * out_channels), kernel_size, 1,
                      padding, dilation, groups, bias)
        self.conv_h2h = None if alpha_in == 1 or alpha_out == 1 else \
            nn.Conv2d(in_channels - int(alpha_in * in_channels), out_channels - int(alpha_out * out_channels),
                      kernel_size, 1, padding, dilation, groups - int(alpha_in * groups) if self.is_dw else groups, bias)

    def forward(self, x):
        x_h, x_l = x if type(x) is tuple else (x, None)
        x_h = self.downsample(x_h) if self.stride == 2 else x_h
        x_h2h = self.conv_h2h(x_h)
        x_h2l = self.conv_h2l(self.downsample(x_h)) if self.alpha_out > 0 and not self.is_dw else None
        if x_l is not None:
            x_l2l = self.downsample(x_l) if self.stride == 2 else x_l
            x_l2l = self.conv_l2l(x_l2l) if self.alpha_out > 0 else None
            if self.is_dw:
                return x_h2h, x_l2l
            else:
                x_l2h = self.conv_l2h(x_l)
                x_l2h = self.upsample(x_l2h) if self.stride == 1 else x_l2h
                x_h = x_l2h + x_h2h
                x_l = x_h2l + x_l2l if x_h2l is not None and x_l2l is not None else None
                return x_h, x_l
        else:
            return x_h2h, x_h2l


class Conv_BN(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, alpha_in=0.5, alpha_out=0.5, stride=1, padding=0,
                 dilation=1, groups=1, bias=False, norm_layer=nn.BatchNorm2d):
        super().__init__()
        self.conv = OctaveConv(in_channels, out_channels, kernel_size, alpha_in, alpha_out, stride, padding,
                               dilation, groups, bias)
        self.bn_h = None if alpha_out == 1 else norm_layer(int(out_channels * (1 - alpha_out)))
        self.bn_l = None if alpha_out == 0 else norm_layer(int(out_channels * alpha_out))

    def forward(self, x):
        x_h, x_l = self.conv(x)
        x_h = self.bn_h(x_h)
        x_l = self.bn_l(x_l) if x_l is not None else None
        return x_h, x_l


class Conv_BN_ACT(Conv_BN):
    def __init__(self, *args, activation_layer=nn.ReLU, **kwargs):
        super().__init__(*args, **kwargs)
        self.act = activation_layer(inplace=True)

    def forward(self, x):
        x_h, x_l = super().forward(x)
        x_h = self.act(x_h)
        x_l = self.act(x_l) if x_l is not None else None
        return x_h, x_l


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64, alpha_in=0.5,
                 alpha_out=0.5, output=False):
        super().__init__()
        width = int(planes * (base_width / 64.)) * groups
        self.conv1 = Conv_BN_ACT(inplanes, width, kernel_size=1, alpha_in=alpha_in, alpha_out=alpha_out)
        self.conv2 = Conv_BN_ACT(width, width, kernel_size=3, stride=stride, padding=1, groups=groups,
                                 alpha_in=0 if output else 0.5, alpha_out=0 if output else 0.5)
        self.conv3 = Conv_BN(width, planes * self.expansion, kernel_size=1, alpha_in=0 if output else 0.5,
                             alpha_out=0 if output else 0.5)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity_h = x[0] if type(x) is tuple else x
        identity_l = x[1] if type(x) is tuple else None
        x_h, x_l = self.conv1(x)
        x_h, x_l = self.conv2((x_h, x_l))
        x_h, x_l = self.conv3((x_h, x_l))
        if self.downsample is not None:
            identity_h, identity_l = self.downsample(x)
        x_h += identity_h
        x_l = x_l + identity_l if identity_l is not None else None
        x_h = self.relu(x_h)
        x_l = self.relu(x_l) if x_l is not None else None
        return x_h, x_l


# shapelint: input=(2, 3, 64, 64)
class OctResNet(nn.Module):
    def __init__(self, block=Bottleneck, layers=(1, 1, 1, 1), num_classes=10, width=8):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, width, layers[0], alpha_in=0)
        self.layer2 = self._make_layer(block, width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(block, width * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(block, width * 8, layers[3], stride=2, alpha_out=0, output=True)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(width * 8 * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1, alpha_in=0.5, alpha_out=0.5, output=False):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                Conv_BN(self.inplanes, planes * block.expansion, kernel_size=1, stride=stride,
                        alpha_in=alpha_in, alpha_out=alpha_out))
        layers = [block(self.inplanes, planes, stride, downsample, alpha_in=alpha_in, alpha_out=alpha_out,
                        output=output)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, alpha_in=0 if output else 0.5,
                                alpha_out=0 if output else 0.5, output=output))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x_h, x_l = self.layer1(x)
        x_h, x_l = self.layer2((x_h, x_l))
        x_h, x_l = self.layer3((x_h, x_l))
        x_h, x_l = self.layer4((x_h, x_l))
        x = self.avgpool(x_h)
        x = x.view(x.size(0), -1)
        return self.fc(x)
