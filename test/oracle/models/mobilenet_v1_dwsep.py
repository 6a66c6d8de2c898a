"""MobileNetV1 (Howard et al., 2017) with depthwise-separable convolution blocks, width 0.5."""
import torch.nn as nn


class DepthwiseSeparable(nn.Module):
    def __init__(self, in_ch, out_ch, stride=1):
        super().__init__()
        self.depthwise = nn.Conv2d(in_ch, in_ch, 3, stride=stride, padding=1, groups=in_ch, bias=False)
        self.bn1 = nn.BatchNorm2d(in_ch)
        self.pointwise = nn.Conv2d(in_ch, out_ch, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_ch)
        self.relu = nn.ReLU6(inplace=True)

    def forward(self, x):
        x = self.relu(self.bn1(self.depthwise(x)))
        return self.relu(self.bn2(self.pointwise(x)))


# (out_channels, stride) for each depthwise-separable block
CFG = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
       (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]


# shapelint: input=(2, 3, 64, 64)
class MobileNetV1(nn.Module):
    def __init__(self, num_classes=200, width_mult=0.5):
        super().__init__()
        first = int(32 * width_mult)
        self.stem = nn.Sequential(
            nn.Conv2d(3, first, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(first),
            nn.ReLU6(inplace=True),
        )
        channels = [first] + [int(c * width_mult) for c, _ in CFG]
        self.blocks = nn.Sequential(
            *[DepthwiseSeparable(cin, cout, s) for cin, cout, (_, s) in zip(channels[:-1], channels[1:], CFG)]
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(channels[-1], num_classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        x = self.pool(x).flatten(1)
        return self.fc(self.dropout(x))
