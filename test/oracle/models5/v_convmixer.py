"""ConvMixer ('Patches Are All You Need?', Trockman & Kolter): the paper's one-function nn.Sequential with a Residual wrapper and padding="same" depthwise convs, a CIFAR factory, and a class version with an explicit patch stem, ModuleList of mixer layers and k//2 padding."""
import torch
import torch.nn as nn


class Residual(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x) + x


def ConvMixer(dim, depth, kernel_size=9, patch_size=7, n_classes=1000):
    return nn.Sequential(
        nn.Conv2d(3, dim, kernel_size=patch_size, stride=patch_size),
        nn.GELU(),
        nn.BatchNorm2d(dim),
        *[nn.Sequential(
                Residual(nn.Sequential(
                    nn.Conv2d(dim, dim, kernel_size, groups=dim, padding="same"),
                    nn.GELU(),
                    nn.BatchNorm2d(dim)
                )),
                nn.Conv2d(dim, dim, kernel_size=1),
                nn.GELU(),
                nn.BatchNorm2d(dim)
        ) for i in range(depth)],
        nn.AdaptiveAvgPool2d((1,1)),
        nn.Flatten(),
        nn.Linear(dim, n_classes)
    )


# shapelint: input=(2, 3, 32, 32)
def convmixer_256_8_cifar():
    return ConvMixer(256, 8, kernel_size=5, patch_size=2, n_classes=10)


class MixerLayer(nn.Module):
    def __init__(self, dim, kernel_size):
        super().__init__()
        self.depthwise = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size, groups=dim, padding=kernel_size // 2),
            nn.GELU(),
            nn.BatchNorm2d(dim),
        )
        self.pointwise = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size=1),
            nn.GELU(),
            nn.BatchNorm2d(dim),
        )

    def forward(self, x):
        x = x + self.depthwise(x)
        x = self.pointwise(x)
        return x


# shapelint: input=(2, 3, 64, 64)
class ConvMixerNet(nn.Module):
    def __init__(self, dim=192, depth=6, kernel_size=7, patch_size=4, in_chans=3, num_classes=100):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_chans, dim, kernel_size=patch_size, stride=patch_size),
            nn.GELU(),
            nn.BatchNorm2d(dim),
        )
        self.layers = nn.ModuleList([MixerLayer(dim, kernel_size) for _ in range(depth)])
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.stem(x)
        for layer in self.layers:
            x = layer(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.head(x)
