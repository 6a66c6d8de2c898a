"""A small ShuffleNetV2 (Ma et al., 2018): channel split with chunk, concat, and nn.ChannelShuffle."""
import torch
import torch.nn as nn


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride):
        super().__init__()
        self.stride = stride
        branch_features = oup // 2
        if stride > 1:
            self.branch1 = nn.Sequential(
                nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False),
                nn.BatchNorm2d(inp),
                nn.Conv2d(inp, branch_features, 1, bias=False),
                nn.BatchNorm2d(branch_features),
                nn.ReLU(inplace=True),
            )
        in2 = inp if stride > 1 else branch_features
        self.branch2 = nn.Sequential(
            nn.Conv2d(in2, branch_features, 1, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.ReLU(inplace=True),
            nn.Conv2d(branch_features, branch_features, 3, stride, 1, groups=branch_features, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.Conv2d(branch_features, branch_features, 1, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.ReLU(inplace=True),
        )
        self.shuffle = nn.ChannelShuffle(2)

    def forward(self, x):
        if self.stride == 1:
            x1, x2 = x.chunk(2, dim=1)
            out = torch.cat((x1, self.branch2(x2)), dim=1)
        else:
            out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)
        return self.shuffle(out)


# shapelint: input=(2, 3, 64, 64)
class ShuffleNetV2(nn.Module):
    def __init__(self, stages_repeats=(2, 3, 2), stages_out_channels=(24, 48, 96, 192, 512), num_classes=10):
        super().__init__()
        out_ch = stages_out_channels[0]
        self.conv1 = nn.Sequential(nn.Conv2d(3, out_ch, 3, 2, 1, bias=False), nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True))
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        stages = []
        in_ch = out_ch
        for repeats, out_ch in zip(stages_repeats, stages_out_channels[1:]):
            seq = [InvertedResidual(in_ch, out_ch, 2)]
            for _ in range(repeats - 1):
                seq.append(InvertedResidual(out_ch, out_ch, 1))
            stages.append(nn.Sequential(*seq))
            in_ch = out_ch
        self.stages = nn.Sequential(*stages)
        last = stages_out_channels[-1]
        self.conv5 = nn.Sequential(nn.Conv2d(in_ch, last, 1, bias=False), nn.BatchNorm2d(last), nn.ReLU(inplace=True))
        self.fc = nn.Linear(last, num_classes)

    def forward(self, x):
        x = self.maxpool(self.conv1(x))
        x = self.conv5(self.stages(x))
        x = x.mean([2, 3])
        return self.fc(x)
