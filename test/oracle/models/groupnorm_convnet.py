"""A small-batch friendly CNN using GroupNorm, SiLU, spatial dropout and adaptive max pooling; returns class probabilities."""
import torch.nn as nn


def conv_gn(in_ch, out_ch, groups=8, stride=1):
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=stride, padding=1, bias=False),
        nn.GroupNorm(groups, out_ch),
        nn.SiLU(inplace=True),
    )


# shapelint: input=(2, 3, 48, 48)
class GNConvNet(nn.Module):
    def __init__(self, num_classes=7, widths=[32, 64, 128]):
        super().__init__()
        blocks = []
        prev = 3
        for i, w in enumerate(widths):
            blocks.append(conv_gn(prev, w, stride=1 if i == 0 else 2))
            blocks.append(conv_gn(w, w))
            prev = w
        self.features = nn.Sequential(*blocks, nn.Dropout2d(0.1))
        self.pool = nn.AdaptiveMaxPool2d((2, 2))
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(prev * 4, 64),
            nn.GroupNorm(4, 64),
            nn.SiLU(),
            nn.Linear(64, num_classes),
            nn.Softmax(dim=1),
        )

    def forward(self, x):
        return self.head(self.pool(self.features(x)))
