"""RedNet with involution (Li et al., CVPR 2021) in the layout of d-li14/involution (cls/mmcls/models/utils/involution_naive.py and backbones/rednet.py): an mmcv-like ConvModule (conv + BN + optional ReLU), involution with reduction_ratio=4 and group_channels=16, an AvgPool2d(stride, stride) on the kernel-generating path when strided, nn.Unfold(kernel_size, 1, (kernel_size - 1) // 2, stride), the generated weight viewed as (b, groups, K*K, h, w).unsqueeze(2), the unfolded input viewed as (b, groups, group_channels, K*K, h, w), (weight * out).sum(dim=3) and a final view back to (b, channels, h, w); the RedNet stem (3x3 stride-2 conv, a 3x3 involution, BN, ReLU, 3x3 conv, then max-pool), Bottleneck blocks whose 3x3 conv is a 7x7 involution, and a ResLayer-style stage builder with an AvgPool2d shortcut (avg_down). Widths scaled down from RedNet-26 (mid channels 16/32/64/128)."""
import torch
import torch.nn as nn


class ConvModule(nn.Module):
    """Conv2d + BatchNorm2d + (optional) ReLU, the subset of mmcv's ConvModule that RedNet uses."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 bias=False, norm=True, act=True):
        super(ConvModule, self).__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias=bias)
        self.bn = nn.BatchNorm2d(out_channels) if norm else nn.Identity()
        self.activate = nn.ReLU(inplace=True) if act else nn.Identity()

    def forward(self, x):
        return self.activate(self.bn(self.conv(x)))


class involution(nn.Module):

    def __init__(self,
                 channels,
                 kernel_size,
                 stride):
        super(involution, self).__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.channels = channels
        reduction_ratio = 4
        self.group_channels = 16
        self.groups = self.channels // self.group_channels
        self.conv1 = ConvModule(
            in_channels=channels,
            out_channels=channels // reduction_ratio,
            kernel_size=1)
        self.conv2 = ConvModule(
            in_channels=channels // reduction_ratio,
            out_channels=kernel_size**2 * self.groups,
            kernel_size=1,
            stride=1,
            bias=True,
            norm=False,
            act=False)
        if stride > 1:
            self.avgpool = nn.AvgPool2d(stride, stride)
        self.unfold = nn.Unfold(kernel_size, 1, (kernel_size-1)//2, stride)

    def forward(self, x):
        weight = self.conv2(self.conv1(x if self.stride == 1 else self.avgpool(x)))
        b, c, h, w = weight.shape
        weight = weight.view(b, self.groups, self.kernel_size**2, h, w).unsqueeze(2)
        out = self.unfold(x).view(b, self.groups, self.group_channels, self.kernel_size**2, h, w)
        out = (weight * out).sum(dim=3).view(b, self.channels, h, w)
        return out


class Bottleneck(nn.Module):
    """Bottleneck block for RedNet: the 3x3 conv of ResNet replaced by a 7x7 involution."""
    expansion = 4

    def __init__(self, in_channels, out_channels, expansion=4, stride=1, downsample=None):
        super(Bottleneck, self).__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.expansion = expansion
        assert out_channels % expansion == 0
        self.mid_channels = out_channels // expansion
        self.stride = stride

        self.conv1 = nn.Conv2d(in_channels, self.mid_channels, kernel_size=1, stride=1, bias=False)
        self.norm1 = nn.BatchNorm2d(self.mid_channels)
        self.conv2 = involution(self.mid_channels, 7, self.stride)
        self.norm2 = nn.BatchNorm2d(self.mid_channels)
        self.conv3 = nn.Conv2d(self.mid_channels, out_channels, kernel_size=1, bias=False)
        self.norm3 = nn.BatchNorm2d(out_channels)

        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x

        out = self.conv1(x)
        out = self.norm1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.norm2(out)
        out = self.relu(out)

        out = self.conv3(out)
        out = self.norm3(out)

        if self.downsample is not None:
            identity = self.downsample(x)

        out += identity
        out = self.relu(out)

        return out


class ResLayer(nn.Sequential):
    """ResLayer to build RedNet style backbone (avg_down shortcut as in mmcls)."""

    def __init__(self, block, num_blocks, in_channels, out_channels, expansion=4, stride=1,
                 avg_down=True):
        self.block = block
        self.expansion = expansion

        downsample = None
        if stride != 1 or in_channels != out_channels:
            downsample = []
            conv_stride = stride
            if avg_down and stride != 1:
                conv_stride = 1
                downsample.append(
                    nn.AvgPool2d(
                        kernel_size=stride,
                        stride=stride,
                        ceil_mode=True,
                        count_include_pad=False))
            downsample.extend([
                nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=conv_stride, bias=False),
                nn.BatchNorm2d(out_channels)
            ])
            downsample = nn.Sequential(*downsample)

        layers = []
        layers.append(
            block(
                in_channels=in_channels,
                out_channels=out_channels,
                expansion=self.expansion,
                stride=stride,
                downsample=downsample))
        in_channels = out_channels
        for i in range(1, num_blocks):
            layers.append(
                block(
                    in_channels=in_channels,
                    out_channels=out_channels,
                    expansion=self.expansion,
                    stride=1))
        super(ResLayer, self).__init__(*layers)


class RedNet(nn.Module):
    """RedNet backbone + linear classifier.

    Args:
        depth (int): Network depth, from {26, 38, 50, 101, 152}.
    """

    arch_settings = {
        26: (Bottleneck, (1, 2, 4, 1)),
        38: (Bottleneck, (2, 3, 5, 2)),
        50: (Bottleneck, (3, 4, 6, 3)),
        101: (Bottleneck, (3, 4, 23, 3)),
        152: (Bottleneck, (3, 8, 36, 3))
    }

    def __init__(self, depth, in_channels=3, stem_channels=64, base_channels=64,
                 strides=(1, 2, 2, 2), expansion=4, avg_down=True, num_classes=1000):
        super(RedNet, self).__init__()
        self.block, stage_blocks = self.arch_settings[depth]
        self.expansion = expansion
        self._make_stem_layer(in_channels, stem_channels)

        self.res_layers = []
        _in_channels = stem_channels
        _out_channels = base_channels * self.expansion
        for i, num_blocks in enumerate(stage_blocks):
            res_layer = ResLayer(
                block=self.block,
                num_blocks=num_blocks,
                in_channels=_in_channels,
                out_channels=_out_channels,
                expansion=self.expansion,
                stride=strides[i],
                avg_down=avg_down)
            _in_channels = _out_channels
            _out_channels *= 2
            layer_name = f'layer{i + 1}'
            self.add_module(layer_name, res_layer)
            self.res_layers.append(layer_name)

        self.feat_dim = _in_channels
        self.gap = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(self.feat_dim, num_classes)

    def _make_stem_layer(self, in_channels, stem_channels):
        self.stem = nn.Sequential(
            ConvModule(
                in_channels=in_channels,
                out_channels=stem_channels // 2,
                kernel_size=3,
                stride=2,
                padding=1),
            involution(stem_channels // 2, 3, 1),
            nn.BatchNorm2d(stem_channels // 2),
            nn.ReLU(inplace=True),
            ConvModule(
                in_channels=stem_channels // 2,
                out_channels=stem_channels,
                kernel_size=3,
                stride=1,
                padding=1))
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def forward(self, x):
        x = self.stem(x)
        x = self.maxpool(x)
        for i, layer_name in enumerate(self.res_layers):
            res_layer = getattr(self, layer_name)
            x = res_layer(x)
        x = self.gap(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


# shapelint: input=(2, 3, 64, 64)
def rednet26_tiny():
    return RedNet(26, stem_channels=32, base_channels=16, num_classes=10)


# shapelint: input=(2, 3, 96, 64)
def rednet38_tiny():
    return RedNet(38, stem_channels=32, base_channels=16, num_classes=10)
