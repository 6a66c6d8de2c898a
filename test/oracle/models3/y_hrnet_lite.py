"""An HRNetV2-lite segmenter (Wang et al., 2019): stride-4 stem, parallel multi-resolution branches of BasicBlocks, fuse layers mixing 1x1 convs upsampled with F.interpolate(size=...) and chains of strided 3x3 convs, transition to a new branch, and a concatenated all-resolution head."""
import torch
import torch.nn as nn
import torch.nn.functional as F

BN_MOMENTUM = 0.1


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super(BasicBlock, self).__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes, momentum=BN_MOMENTUM)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes, momentum=BN_MOMENTUM)
        self.downsample = downsample

    def forward(self, x):
        residual = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            residual = self.downsample(x)
        out = out + residual
        return self.relu(out)


class HighResolutionModule(nn.Module):
    def __init__(self, num_branches, num_blocks, num_channels):
        super(HighResolutionModule, self).__init__()
        self.num_branches = num_branches
        self.num_inchannels = list(num_channels)
        self.branches = nn.ModuleList([
            nn.Sequential(*[BasicBlock(num_channels[i], num_channels[i]) for _ in range(num_blocks)])
            for i in range(num_branches)
        ])
        self.fuse_layers = self._make_fuse_layers()
        self.relu = nn.ReLU(inplace=False)

    def _make_fuse_layers(self):
        num_branches = self.num_branches
        num_inchannels = self.num_inchannels
        fuse_layers = []
        for i in range(num_branches):
            fuse_layer = []
            for j in range(num_branches):
                if j > i:
                    fuse_layer.append(nn.Sequential(
                        nn.Conv2d(num_inchannels[j], num_inchannels[i], 1, 1, 0, bias=False),
                        nn.BatchNorm2d(num_inchannels[i], momentum=BN_MOMENTUM)))
                elif j == i:
                    fuse_layer.append(None)
                else:
                    conv3x3s = []
                    for k in range(i - j):
                        if k == i - j - 1:
                            num_outchannels_conv3x3 = num_inchannels[i]
                            conv3x3s.append(nn.Sequential(
                                nn.Conv2d(num_inchannels[j], num_outchannels_conv3x3, 3, 2, 1, bias=False),
                                nn.BatchNorm2d(num_outchannels_conv3x3, momentum=BN_MOMENTUM)))
                        else:
                            num_outchannels_conv3x3 = num_inchannels[j]
                            conv3x3s.append(nn.Sequential(
                                nn.Conv2d(num_inchannels[j], num_outchannels_conv3x3, 3, 2, 1, bias=False),
                                nn.BatchNorm2d(num_outchannels_conv3x3, momentum=BN_MOMENTUM),
                                nn.ReLU(inplace=False)))
                    fuse_layer.append(nn.Sequential(*conv3x3s))
            fuse_layers.append(nn.ModuleList(fuse_layer))
        return nn.ModuleList(fuse_layers)

    def forward(self, x):
        for i in range(self.num_branches):
            x[i] = self.branches[i](x[i])

        x_fuse = []
        for i in range(len(self.fuse_layers)):
            y = x[0] if i == 0 else self.fuse_layers[i][0](x[0])
            for j in range(1, self.num_branches):
                if i == j:
                    y = y + x[j]
                elif j > i:
                    width_output = x[i].shape[-1]
                    height_output = x[i].shape[-2]
                    y = y + F.interpolate(
                        self.fuse_layers[i][j](x[j]),
                        size=[height_output, width_output],
                        mode="bilinear", align_corners=False)
                else:
                    y = y + self.fuse_layers[i][j](x[j])
            x_fuse.append(self.relu(y))
        return x_fuse


# shapelint: input=(2, 3, 52, 52)
class HRNetLite(nn.Module):
    def __init__(self, num_classes=6, channels=(16, 32, 64)):
        super(HRNetLite, self).__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 32, kernel_size=3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(32, momentum=BN_MOMENTUM),
            nn.ReLU(inplace=True),
            nn.Conv2d(32, 32, kernel_size=3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(32, momentum=BN_MOMENTUM),
            nn.ReLU(inplace=True),
        )
        self.transition1 = nn.ModuleList([
            nn.Sequential(nn.Conv2d(32, channels[0], 3, 1, 1, bias=False),
                          nn.BatchNorm2d(channels[0], momentum=BN_MOMENTUM), nn.ReLU(inplace=True)),
            nn.Sequential(nn.Conv2d(32, channels[1], 3, 2, 1, bias=False),
                          nn.BatchNorm2d(channels[1], momentum=BN_MOMENTUM), nn.ReLU(inplace=True)),
        ])
        self.stage2 = HighResolutionModule(2, 1, channels[:2])
        self.transition2 = nn.Sequential(
            nn.Conv2d(channels[1], channels[2], 3, 2, 1, bias=False),
            nn.BatchNorm2d(channels[2], momentum=BN_MOMENTUM),
            nn.ReLU(inplace=True),
        )
        self.stage3 = HighResolutionModule(3, 1, channels)

        last_inp_channels = sum(channels)
        self.last_layer = nn.Sequential(
            nn.Conv2d(last_inp_channels, last_inp_channels, kernel_size=1, stride=1, padding=0),
            nn.BatchNorm2d(last_inp_channels, momentum=BN_MOMENTUM),
            nn.ReLU(inplace=True),
            nn.Conv2d(last_inp_channels, num_classes, kernel_size=1, stride=1, padding=0),
        )

    def forward(self, x):
        x = self.stem(x)
        x_list = [trans(x) for trans in self.transition1]
        y_list = self.stage2(x_list)
        x_list = [y_list[0], y_list[1], self.transition2(y_list[-1])]
        x = self.stage3(x_list)

        x0_h, x0_w = x[0].size(2), x[0].size(3)
        x1 = F.interpolate(x[1], size=(x0_h, x0_w), mode="bilinear", align_corners=False)
        x2 = F.interpolate(x[2], size=(x0_h, x0_w), mode="bilinear", align_corners=False)
        x = torch.cat([x[0], x1, x2], 1)
        return self.last_layer(x)
