"""BUG: the bilinear-upsampling U-Net from usuyama/pytorch-unet (pytorch_unet.py: double_conv helper, dconv_down1..4, one shared nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True), torch.cat([x, convN], dim=1), dconv_up3..1 sized as "upsampled + skip" channels), widths divided by four. nn.Upsample keeps all channels, so after upsampling the 64-channel output of dconv_up3 and concatenating conv2 (32 channels) the map has 64 + 32 = 96 channels; dconv_up2 was written as double_conv(32 + 32, 32) as if the upsampling halved the channels like a ConvTranspose2d would, and its first Conv2d (built in double_conv) raises on the 96-channel input."""
import torch
import torch.nn as nn


def double_conv(in_channels, out_channels):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(out_channels, out_channels, 3, padding=1),
        nn.ReLU(inplace=True)
    )


# shapelint: input=(2, 3, 96, 96)
class UNet(nn.Module):

    def __init__(self, n_class=6):
        super().__init__()

        self.dconv_down1 = double_conv(3, 16)
        self.dconv_down2 = double_conv(16, 32)
        self.dconv_down3 = double_conv(32, 64)
        self.dconv_down4 = double_conv(64, 128)

        self.maxpool = nn.MaxPool2d(2)
        self.upsample = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)

        self.dconv_up3 = double_conv(64 + 128, 64)
        self.dconv_up2 = double_conv(32 + 32, 32)
        self.dconv_up1 = double_conv(32 + 16, 16)

        self.conv_last = nn.Conv2d(16, n_class, 1)

    def forward(self, x):
        conv1 = self.dconv_down1(x)
        x = self.maxpool(conv1)

        conv2 = self.dconv_down2(x)
        x = self.maxpool(conv2)

        conv3 = self.dconv_down3(x)
        x = self.maxpool(conv3)

        x = self.dconv_down4(x)

        x = self.upsample(x)
        x = torch.cat([x, conv3], dim=1)

        x = self.dconv_up3(x)
        x = self.upsample(x)
        x = torch.cat([x, conv2], dim=1)

        x = self.dconv_up2(x)
        x = self.upsample(x)
        x = torch.cat([x, conv1], dim=1)

        x = self.dconv_up1(x)

        out = self.conv_last(x)

        return out
