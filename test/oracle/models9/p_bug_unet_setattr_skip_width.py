"""BUG: a configurable U-Net in the style of segmentation repositories that build their encoder and decoder in loops with setattr(self, f'down{i}', ...) / setattr(self, f'up{i}', ...) and fetch the stages back with getattr(self, f'down{i}') in forward, with the block type picked from a BLOCKS table by name ('double' or 'residual'), the activation from getattr(nn, act)(inplace=True), the upsampling mode ('bilinear' -> nn.Upsample, 'transpose' -> ConvTranspose2d keeping the width) chosen by string, norm layers passed as functools.partial(nn.GroupNorm, 8), @property depth derived from the widths list, and a @classmethod from_config. The decoder stage up{i} concatenates the upsampled deeper map (widths[i] channels) with the skip from level i - 1 (widths[i - 1] channels), but it is built as Up(widths[i] + widths[i], widths[i - 1]) - the skip width is taken one level too deep. With widths (16, 32, 64, 128, 128) the deepest stage up4 still works by accident (widths[3] == widths[4], so 128 + 128 = 256 is what it expects); the next stage up3 gets its 128-channel input plus the 64-channel skip = 192 channels where the first conv of its residual DoubleConv body expects 128 + 128 = 256, and forward raises in that conv."""
import functools

import torch
import torch.nn as nn


class DoubleConv(nn.Sequential):
    def __init__(self, in_channels, out_channels, norm_layer=nn.BatchNorm2d, act='ReLU'):
        super().__init__(
            nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),
            norm_layer(out_channels),
            getattr(nn, act)(inplace=True),
            nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False),
            norm_layer(out_channels),
            getattr(nn, act)(inplace=True),
        )


class ResidualConv(nn.Module):
    def __init__(self, in_channels, out_channels, norm_layer=nn.BatchNorm2d, act='ReLU'):
        super().__init__()
        self.body = DoubleConv(in_channels, out_channels, norm_layer, act)
        self.skip = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()

    def forward(self, x):
        return self.body(x) + self.skip(x)


BLOCKS = {'double': DoubleConv, 'residual': ResidualConv}


class Down(nn.Module):
    def __init__(self, in_channels, out_channels, block='double', **block_kwargs):
        super().__init__()
        self.pool = nn.MaxPool2d(2)
        self.conv = BLOCKS[block](in_channels, out_channels, **block_kwargs)

    def forward(self, x):
        return self.conv(self.pool(x))


class Up(nn.Module):
    def __init__(self, in_channels, out_channels, up_channels, mode='bilinear', block='double', **block_kwargs):
        super().__init__()
        if mode == 'bilinear':
            self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
        elif mode == 'transpose':
            self.up = nn.ConvTranspose2d(up_channels, up_channels, kernel_size=2, stride=2)
        else:
            raise ValueError(mode)
        self.conv = BLOCKS[block](in_channels, out_channels, **block_kwargs)

    def forward(self, x, skip):
        x = self.up(x)
        return self.conv(torch.cat([skip, x], dim=1))


class UNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=2, widths=(16, 32, 64, 128, 128), block='double', act='ReLU',
                 up_mode='bilinear', norm_layer=nn.BatchNorm2d):
        super().__init__()
        self.widths = tuple(widths)
        block_kwargs = dict(block=block, norm_layer=norm_layer, act=act)
        self.inc = BLOCKS[block](in_channels, widths[0], norm_layer=norm_layer, act=act)
        for i in range(1, self.depth + 1):
            setattr(self, f'down{i}', Down(widths[i - 1], widths[i], **block_kwargs))
            setattr(self, f'up{i}', Up(widths[i] + widths[i], widths[i - 1], widths[i], up_mode, **block_kwargs))
        self.outc = nn.Conv2d(widths[0], num_classes, kernel_size=1)

    @property
    def depth(self):
        return len(self.widths) - 1

    @classmethod
    def from_config(cls, cfg):
        cfg = dict(cfg)
        norm = cfg.pop('norm', 'BN')
        if norm == 'GN':
            cfg['norm_layer'] = functools.partial(nn.GroupNorm, 8)
        return cls(**cfg)

    def forward(self, x):
        feats = [self.inc(x)]
        for i in range(1, self.depth + 1):
            feats.append(getattr(self, f'down{i}')(feats[-1]))
        x = feats[-1]
        for i in range(self.depth, 0, -1):
            x = getattr(self, f'up{i}')(x, feats[i - 1])
        return self.outc(x)


# shapelint: input=(2, 3, 64, 64)
def unet_gn_residual():
    return UNet.from_config(dict(in_channels=3, num_classes=4, widths=(16, 32, 64, 128, 128), block='residual',
                                 act='SiLU', up_mode='transpose', norm='GN'))
