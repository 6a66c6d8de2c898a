"""A two-level U-Net with unpadded convolutions and center-cropped skip connections."""
import torch
import torch.nn as nn


def center_crop(t, size):
    _, _, h, w = t.shape
    dy, dx = (h - size[0]) // 2, (w - size[1]) // 2
    return t[:, :, dy:dy + size[0], dx:dx + size[1]]


def double_conv(in_ch, out_ch):
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, 3),
        nn.ReLU(inplace=True),
        nn.Conv2d(out_ch, out_ch, 3),
        nn.ReLU(inplace=True),
    )


# shapelint: input=(2, 1, 64, 64)
class UNetValid(nn.Module):
    def __init__(self, n_classes=2):
        super().__init__()
        self.down1 = double_conv(1, 16)
        self.down2 = double_conv(16, 32)
        self.pool = nn.MaxPool2d(2)
        self.bottom = double_conv(32, 64)
        self.up2 = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.conv_up2 = double_conv(64, 32)
        self.up1 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.conv_up1 = double_conv(32, 16)
        self.out = nn.Conv2d(16, n_classes, 1)

    def forward(self, x):
        c1 = self.down1(x)
        c2 = self.down2(self.pool(c1))
        b = self.bottom(self.pool(c2))
        u2 = self.up2(b)
        u2 = self.conv_up2(torch.cat([center_crop(c2, u2.shape[-2:]), u2], dim=1))
        u1 = self.up1(u2)
        u1 = self.conv_up1(torch.cat([c1, u1], dim=1))
        return self.out(u1)
