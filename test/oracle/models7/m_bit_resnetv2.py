"""Big Transfer (BiT, Kolesnikov et al., 2020) ResNet-V2 in the layout of google-research/big_transfer (bit_pytorch/models.py): StdConv2d(nn.Conv2d) overriding forward to weight-standardize with torch.var_mean(w, dim=[1, 2, 3], keepdim=True, unbiased=False) and call F.conv2d(x, w, self.bias, self.stride, self.padding, self.dilation, self.groups), conv3x3/conv1x1 helpers, the pre-activation PreActBottleneck with GroupNorm(32, C) whose projection shortcut is applied to the pre-activated input, the OrderedDict root (StdConv2d 7x7, ConstantPad2d(1, 0), MaxPool2d(3, 2)) and body of block/unit Sequentials, and the head GroupNorm -> ReLU -> AdaptiveAvgPool2d -> 1x1 Conv2d whose [..., 0, 0] is returned after an assert; the per-stage widths are halved (a base of 32 instead of 64) so GroupNorm(32, C) still divides."""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


class StdConv2d(nn.Conv2d):

    def forward(self, x):
        w = self.weight
        v, m = torch.var_mean(w, dim=[1, 2, 3], keepdim=True, unbiased=False)
        w = (w - m) / torch.sqrt(v + 1e-10)
        return F.conv2d(x, w, self.bias, self.stride, self.padding,
                        self.dilation, self.groups)


def conv3x3(cin, cout, stride=1, groups=1, bias=False):
    return StdConv2d(cin, cout, kernel_size=3, stride=stride,
                     padding=1, bias=bias, groups=groups)


def conv1x1(cin, cout, stride=1, bias=False):
    return StdConv2d(cin, cout, kernel_size=1, stride=stride,
                     padding=0, bias=bias)


def tf2th(conv_weights):
    """Possibly convert HWIO to OIHW."""
    if conv_weights.ndim == 4:
        conv_weights = conv_weights.transpose([3, 2, 0, 1])
    return torch.from_numpy(conv_weights)


class PreActBottleneck(nn.Module):
    """Pre-activation (v2) bottleneck block.

    Follows the implementation of "Identity Mappings in Deep Residual Networks":
    https://github.com/KaimingHe/resnet-1k-layers/blob/master/resnet-pre-act.lua

    Except it puts the stride on 3x3 conv when available.
    """

    def __init__(self, cin, cout=None, cmid=None, stride=1):
        super().__init__()
        cout = cout or cin
        cmid = cmid or cout//4

        self.gn1 = nn.GroupNorm(32, cin)
        self.conv1 = conv1x1(cin, cmid)
        self.gn2 = nn.GroupNorm(32, cmid)
        self.conv2 = conv3x3(cmid, cmid, stride)  # Original code has it on conv1!!
        self.gn3 = nn.GroupNorm(32, cmid)
        self.conv3 = conv1x1(cmid, cout)
        self.relu = nn.ReLU(inplace=True)

        if (stride != 1 or cin != cout):
            # Projection also with pre-activation according to paper.
            self.downsample = conv1x1(cin, cout, stride)

    def forward(self, x):
        out = self.relu(self.gn1(x))

        # Residual branch
        residual = x
        if hasattr(self, 'downsample'):
            residual = self.downsample(out)

        # Unit's branch
        out = self.conv1(out)
        out = self.conv2(self.relu(self.gn2(out)))
        out = self.conv3(self.relu(self.gn3(out)))

        return out + residual


class ResNetV2(nn.Module):
    """Implementation of Pre-activation (v2) ResNet mode."""

    def __init__(self, block_units, width_factor, head_size=21843, zero_head=False, base=64):
        super().__init__()
        wf = width_factor  # shortcut 'cause we'll use it a lot.

        # The following will be unreadable if we split lines.
        # pylint: disable=line-too-long
        self.root = nn.Sequential(OrderedDict([
            ('conv', StdConv2d(3, base*wf, kernel_size=7, stride=2, padding=3, bias=False)),
            ('pad', nn.ConstantPad2d(1, 0)),
            ('pool', nn.MaxPool2d(kernel_size=3, stride=2, padding=0)),
            # The following is subtly not the same!
            # ('pool', nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
        ]))

        self.body = nn.Sequential(OrderedDict([
            ('block1', nn.Sequential(OrderedDict(
                [('unit01', PreActBottleneck(cin=base*wf, cout=base*4*wf, cmid=base*wf))] +
                [(f'unit{i:02d}', PreActBottleneck(cin=base*4*wf, cout=base*4*wf, cmid=base*wf)) for i in range(2, block_units[0] + 1)],
            ))),
            ('block2', nn.Sequential(OrderedDict(
                [('unit01', PreActBottleneck(cin=base*4*wf, cout=base*8*wf, cmid=base*2*wf, stride=2))] +
                [(f'unit{i:02d}', PreActBottleneck(cin=base*8*wf, cout=base*8*wf, cmid=base*2*wf)) for i in range(2, block_units[1] + 1)],
            ))),
            ('block3', nn.Sequential(OrderedDict(
                [('unit01', PreActBottleneck(cin=base*8*wf, cout=base*16*wf, cmid=base*4*wf, stride=2))] +
                [(f'unit{i:02d}', PreActBottleneck(cin=base*16*wf, cout=base*16*wf, cmid=base*4*wf)) for i in range(2, block_units[2] + 1)],
            ))),
            ('block4', nn.Sequential(OrderedDict(
                [('unit01', PreActBottleneck(cin=base*16*wf, cout=base*32*wf, cmid=base*8*wf, stride=2))] +
                [(f'unit{i:02d}', PreActBottleneck(cin=base*32*wf, cout=base*32*wf, cmid=base*8*wf)) for i in range(2, block_units[3] + 1)],
            ))),
        ]))
        # pylint: enable=line-too-long

        self.zero_head = zero_head
        self.head = nn.Sequential(OrderedDict([
            ('gn', nn.GroupNorm(32, base*32*wf)),
            ('relu', nn.ReLU(inplace=True)),
            ('avg', nn.AdaptiveAvgPool2d(output_size=1)),
            ('conv', nn.Conv2d(base*32*wf, head_size, kernel_size=1, bias=True)),
        ]))

    def forward(self, x):
        x = self.head(self.body(self.root(x)))
        assert x.shape[-2:] == (1, 1)  # We should have no spatial shape left.
        return x[..., 0, 0]


# shapelint: input=(2, 3, 64, 64)
def bit_m_r26x1_half():
    return ResNetV2([2, 2, 2, 2], 1, head_size=10, zero_head=True, base=32)


# shapelint: input=(2, 3, 96, 128)
def bit_m_r14x2_quarter():
    # width factor 2 on a base of 16 (stage widths 32 .. 1024)
    return ResNetV2([1, 1, 1, 1], 2, head_size=100, base=16)
