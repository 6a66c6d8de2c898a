"""BUG: "RuntimeError: The size of tensor a (64) must match the size of tensor b (32) at
non-singleton dimension 1" -- a 1D ResNet for single-lead ECG beats (360 samples). The residual
block was copied from a version where every block kept its width; the poster then widened the
second stage to 64 channels (ResBlock1d(32, 64)) but the block still adds the raw input,
out = out + identity, with no 1x1 Conv1d projection on the shortcut. The stride is 1, so the
lengths agree and only the channel dimension differs; the add in the first 32 -> 64 block raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResBlock1d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size=7):
        super().__init__()
        padding = kernel_size // 2
        self.conv1 = nn.Conv1d(in_channels, out_channels, kernel_size, padding=padding, bias=False)
        self.bn1 = nn.BatchNorm1d(out_channels)
        self.conv2 = nn.Conv1d(out_channels, out_channels, kernel_size, padding=padding, bias=False)
        self.bn2 = nn.BatchNorm1d(out_channels)

    def forward(self, x):
        identity = x
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = out + identity
        return F.relu(out)


# shapelint: input=(2, 1, 360)
class ECGResNet(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv1d(1, 32, kernel_size=15, padding=7, bias=False),
            nn.BatchNorm1d(32),
            nn.ReLU(inplace=True),
            nn.MaxPool1d(2),
        )
        self.stage1 = nn.Sequential(ResBlock1d(32, 32), ResBlock1d(32, 32))
        self.pool1 = nn.MaxPool1d(2)
        self.stage2 = nn.Sequential(ResBlock1d(32, 64), ResBlock1d(64, 64))
        self.gap = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.pool1(self.stage1(x))
        x = self.stage2(x)
        x = self.gap(x).squeeze(-1)
        return self.fc(x)
