"""A G2Net Gravitational Wave Detection style 1D CNN on the raw whitened strain of the three detectors (LIGO Hanford, LIGO Livingston, Virgo), shape (batch, 3, 4096): a wide front-end nn.Conv1d(3, 32, kernel_size=64, padding=32) (the even kernel with padding 32 makes the sequence one sample longer, 4096 -> 4097), BatchNorm1d + SiLU + MaxPool1d(8), then residual blocks with two Conv1d-BN layers, a squeeze-and-excitation gate and a 1x1 Conv1d projection on the shortcut whenever the stride or width changes, a hand-written 1D GeM pooling (F.avg_pool1d(x.clamp(min=eps).pow(p), x.size(-1)).pow(1. / p)) and a single-logit head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class GeM1d(nn.Module):
    def __init__(self, p=3, eps=1e-6):
        super().__init__()
        self.p = nn.Parameter(torch.ones(1) * p)
        self.eps = eps

    def forward(self, x):
        return F.avg_pool1d(x.clamp(min=self.eps).pow(self.p), x.size(-1)).pow(1. / self.p)


class SE1d(nn.Module):
    def __init__(self, channels, reduction=8):
        super().__init__()
        self.fc1 = nn.Conv1d(channels, channels // reduction, 1)
        self.fc2 = nn.Conv1d(channels // reduction, channels, 1)

    def forward(self, x):
        s = x.mean(dim=-1, keepdim=True)
        s = torch.sigmoid(self.fc2(F.silu(self.fc1(s))))
        return x * s


class ResBlock1d(nn.Module):
    def __init__(self, in_ch, out_ch, kernel_size=31, stride=1):
        super().__init__()
        self.conv1 = nn.Conv1d(in_ch, out_ch, kernel_size, stride=stride, padding=kernel_size // 2, bias=False)
        self.bn1 = nn.BatchNorm1d(out_ch)
        self.conv2 = nn.Conv1d(out_ch, out_ch, kernel_size, padding=kernel_size // 2, bias=False)
        self.bn2 = nn.BatchNorm1d(out_ch)
        self.se = SE1d(out_ch)
        if stride != 1 or in_ch != out_ch:
            self.shortcut = nn.Sequential(
                nn.Conv1d(in_ch, out_ch, 1, stride=stride, bias=False),
                nn.BatchNorm1d(out_ch),
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        out = F.silu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = self.se(out)
        return F.silu(out + self.shortcut(x))


# shapelint: input=(2, 3, 4096)
class G2Net1D(nn.Module):
    def __init__(self, in_channels=3, widths=(32, 64, 128, 256)):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv1d(in_channels, widths[0], kernel_size=64, padding=32, bias=False),
            nn.BatchNorm1d(widths[0]),
            nn.SiLU(),
            nn.MaxPool1d(8),
        )
        layers = []
        in_ch = widths[0]
        for i, w in enumerate(widths):
            stride = 1 if i == 0 else 2
            layers.append(ResBlock1d(in_ch, w, kernel_size=31 if i < 2 else 15, stride=stride))
            layers.append(ResBlock1d(w, w, kernel_size=31 if i < 2 else 15))
            in_ch = w
        self.blocks = nn.Sequential(*layers)
        self.pool = GeM1d()
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(0.25),
            nn.Linear(widths[-1], 64),
            nn.SiLU(),
            nn.Linear(64, 1),
        )

    def forward(self, x):
        x = self.stem(x)
        x = self.blocks(x)
        x = self.pool(x)
        return self.head(x)
