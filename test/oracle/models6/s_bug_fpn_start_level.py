"""BUG: an mmdetection-style FPN neck (in_channels list, start_level/end_level, lateral_convs and fpn_convs ModuleLists, top-down F.interpolate(..., size=prev_shape, mode='nearest') added in place, extra levels by F.max_pool2d(outs[-1], 1, stride=2)) on a small four-stage ResNet-like backbone, with start_level=1 so C2 is skipped as in RetinaNet. The lateral convs are built for in_channels[1:] = (64, 128, 256), but the forward loop was written as lateral_conv(inputs[i]) without the + self.start_level offset, so the first lateral conv (in_channels 64) receives C2 with 32 channels and raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvModule(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, act=True):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias=False)
        self.bn = nn.BatchNorm2d(out_channels)
        self.activate = nn.ReLU(inplace=True) if act else nn.Identity()

    def forward(self, x):
        return self.activate(self.bn(self.conv(x)))


class TinyResNet(nn.Module):
    def __init__(self, stem_channels=16, stage_channels=(32, 64, 128, 256)):
        super().__init__()
        self.stem = nn.Sequential(
            ConvModule(3, stem_channels, 3, 2, 1),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
        )
        self.res_layers = nn.ModuleList()
        in_ch = stem_channels
        for i, ch in enumerate(stage_channels):
            stride = 1 if i == 0 else 2
            self.res_layers.append(nn.Sequential(
                ConvModule(in_ch, ch, 3, stride, 1),
                ConvModule(ch, ch, 3, 1, 1),
            ))
            in_ch = ch

    def forward(self, x):
        x = self.stem(x)
        outs = []
        for layer in self.res_layers:
            x = layer(x)
            outs.append(x)
        return tuple(outs)


class FPN(nn.Module):
    def __init__(self, in_channels, out_channels, num_outs, start_level=0, end_level=-1):
        super(FPN, self).__init__()
        assert isinstance(in_channels, (list, tuple))
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.num_ins = len(in_channels)
        self.num_outs = num_outs

        if end_level == -1:
            self.backbone_end_level = self.num_ins
            assert num_outs >= self.num_ins - start_level
        else:
            self.backbone_end_level = end_level
            assert end_level <= len(in_channels)
            assert num_outs == end_level - start_level
        self.start_level = start_level
        self.end_level = end_level

        self.lateral_convs = nn.ModuleList()
        self.fpn_convs = nn.ModuleList()

        for i in range(self.start_level, self.backbone_end_level):
            l_conv = nn.Conv2d(in_channels[i], out_channels, 1)
            fpn_conv = nn.Conv2d(out_channels, out_channels, 3, padding=1)

            self.lateral_convs.append(l_conv)
            self.fpn_convs.append(fpn_conv)

    def forward(self, inputs):
        assert len(inputs) == len(self.in_channels)

        # build laterals
        laterals = [
            lateral_conv(inputs[i])
            for i, lateral_conv in enumerate(self.lateral_convs)
        ]

        # build top-down path
        used_backbone_levels = len(laterals)
        for i in range(used_backbone_levels - 1, 0, -1):
            prev_shape = laterals[i - 1].shape[2:]
            laterals[i - 1] += F.interpolate(laterals[i], size=prev_shape, mode='nearest')

        # build outputs
        outs = [
            self.fpn_convs[i](laterals[i]) for i in range(used_backbone_levels)
        ]
        # add extra levels with max pooling
        if self.num_outs > len(outs):
            for i in range(self.num_outs - used_backbone_levels):
                outs.append(F.max_pool2d(outs[-1], 1, stride=2))
        return tuple(outs)


# shapelint: input=(2, 3, 128, 128)
class RetinaNeck(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = TinyResNet(16, (32, 64, 128, 256))
        self.neck = FPN(in_channels=[32, 64, 128, 256], out_channels=64, num_outs=5, start_level=1)

    def forward(self, img):
        feats = self.backbone(img)
        return self.neck(feats)
