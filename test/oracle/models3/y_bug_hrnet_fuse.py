"""An HRNet-lite classifier in the original layout: two stride-2 stem convs, a transition to a half-resolution branch, fuse layers that upsample coarser branches after a 1x1 conv and downsample finer ones with strided 3x3 convs, and an incremental classification head."""
import torch.nn as nn

BN_MOMENTUM = 0.1


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super(BasicBlock, self).__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes, momentum=BN_MOMENTUM)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes, momentum=BN_MOMENTUM)
        self.downsample = downsample

    def forward(self, x):
        residual = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            residual = self.downsample(x)
        out += residual
        return self.relu(out)


class HighResolutionModule(nn.Module):
    def __init__(self, num_branches, num_blocks, num_inchannels):
        super(HighResolutionModule, self).__init__()
        self.num_branches = num_branches
        self.num_inchannels = num_inchannels
        self.branches = nn.ModuleList([
            nn.Sequential(*[BasicBlock(num_inchannels[i], num_inchannels[i]) for _ in range(num_blocks)])
            for i in range(num_branches)
        ])
        self.fuse_layers = self._make_fuse_layers()
        self.relu = nn.ReLU(False)

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
                        nn.BatchNorm2d(num_inchannels[i]),
                        nn.Upsample(scale_factor=2 ** (j - i), mode="nearest")))
                elif j == i:
                    fuse_layer.append(None)
                else:
                    conv3x3s = []
                    for k in range(i - j):
                        if k == i - j - 1:
                            conv3x3s.append(nn.Sequential(
                                nn.Conv2d(num_inchannels[j], num_inchannels[i], 3, 2, 1, bias=False),
                                nn.BatchNorm2d(num_inchannels[i])))
                        else:
                            conv3x3s.append(nn.Sequential(
                                nn.Conv2d(num_inchannels[j], num_inchannels[j], 3, 2, 1, bias=False),
                                nn.BatchNorm2d(num_inchannels[j]),
                                nn.ReLU(False)))
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
                else:
                    y = y + self.fuse_layers[i][j](x[j])
            x_fuse.append(self.relu(y))
        return x_fuse


# shapelint: input=(2, 3, 100, 100)
class HRNetClassifier(nn.Module):
    def __init__(self, num_classes=10, channels=(16, 32)):
        super(HRNetClassifier, self).__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32, momentum=BN_MOMENTUM)
        self.conv2 = nn.Conv2d(32, 32, kernel_size=3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(32, momentum=BN_MOMENTUM)
        self.relu = nn.ReLU(inplace=True)

        self.transition1 = nn.ModuleList([
            nn.Sequential(conv3x3(32, channels[0]), nn.BatchNorm2d(channels[0]), nn.ReLU(inplace=True)),
            nn.Sequential(conv3x3(32, channels[1], stride=2), nn.BatchNorm2d(channels[1]), nn.ReLU(inplace=True)),
        ])
        self.stage2 = HighResolutionModule(2, 2, list(channels))

        self.incre_modules = nn.ModuleList([
            nn.Sequential(nn.Conv2d(c, 64, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True))
            for c in channels
        ])
        self.downsamp_modules = nn.Sequential(
            nn.Conv2d(64, 64, 3, 2, 1), nn.BatchNorm2d(64), nn.ReLU(inplace=True))
        self.final_layer = nn.Sequential(
            nn.Conv2d(64, 128, 1), nn.BatchNorm2d(128), nn.ReLU(inplace=True))
        self.classifier = nn.Linear(128, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.relu(self.bn2(self.conv2(x)))

        x_list = [trans(x) for trans in self.transition1]
        y_list = self.stage2(x_list)

        y = self.incre_modules[0](y_list[0])
        y = self.incre_modules[1](y_list[1]) + self.downsamp_modules(y)
        y = self.final_layer(y)

        y = y.flatten(2).mean(dim=2)
        return self.classifier(y)
