"""A CSPNet-style backbone with asymmetric partial transitions: torch.split(x, [c1, c2], dim=1), a dense partial path, Mish activation, and a classification head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Mish(nn.Module):
    def forward(self, x):
        return x * torch.tanh(F.softplus(x))


class ConvBnAct(nn.Module):
    def __init__(self, in_chs, out_chs, kernel_size=1, stride=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(in_chs, out_chs, kernel_size, stride, kernel_size // 2, bias=False)
        self.bn = nn.BatchNorm2d(out_chs)
        self.act = Mish() if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class ResBottleneck(nn.Module):
    def __init__(self, chs, mid_chs):
        super().__init__()
        self.conv1 = ConvBnAct(chs, mid_chs, 1)
        self.conv2 = ConvBnAct(mid_chs, chs, 3, act=False)
        self.act = Mish()

    def forward(self, x):
        return self.act(x + self.conv2(self.conv1(x)))


class CrossStage(nn.Module):
    def __init__(self, in_chs, out_chs, stride, depth, part_ratio=0.25, exp_ratio=2.0):
        super().__init__()
        exp_chs = int(round(out_chs * exp_ratio))
        self.conv_down = ConvBnAct(in_chs, out_chs, 3, stride=stride)
        self.conv_exp = ConvBnAct(out_chs, exp_chs, 1)
        self.part1 = int(exp_chs * part_ratio)
        self.part2 = exp_chs - self.part1
        self.blocks = nn.Sequential(*[ResBottleneck(self.part2, self.part2 // 2) for _ in range(depth)])
        self.conv_transition_b = ConvBnAct(self.part2, self.part2, 1)
        self.conv_transition = ConvBnAct(exp_chs, out_chs, 1)

    def forward(self, x):
        x = self.conv_down(x)
        x = self.conv_exp(x)
        xs, xb = torch.split(x, [self.part1, self.part2], dim=1)
        xb = self.blocks(xb)
        xb = self.conv_transition_b(xb).contiguous()
        out = self.conv_transition(torch.cat([xs, xb], dim=1))
        return out


# shapelint: input=(2, 3, 48, 48)
class CSPResNetLite(nn.Module):
    def __init__(self, stem_chs=16, out_chs=(32, 64, 96), depths=(1, 2, 1), num_classes=10, drop_rate=0.2):
        super().__init__()
        self.stem = nn.Sequential(ConvBnAct(3, stem_chs, 3, stride=2), nn.MaxPool2d(3, 2, 1))
        stages = []
        prev = stem_chs
        for i, (c, d) in enumerate(zip(out_chs, depths)):
            stages.append(CrossStage(prev, c, stride=1 if i == 0 else 2, depth=d))
            prev = c
        self.stages = nn.Sequential(*stages)
        self.num_features = prev
        self.drop_rate = drop_rate
        self.fc = nn.Linear(self.num_features, num_classes)

    def forward(self, x):
        x = self.stages(self.stem(x))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        if self.drop_rate:
            x = F.dropout(x, p=float(self.drop_rate), training=self.training)
        return self.fc(x)
