"""A RealNVP (Dinh et al., 2017) scale block: checkerboard couplings with masks kept as buffers, a space-to-depth squeeze, channel-wise couplings on x.chunk(2, 1), and the summed log-determinant."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def checkerboard_mask(height, width, reverse=False):
    checkerboard = [[((i % 2) + j) % 2 for j in range(width)] for i in range(height)]
    mask = torch.tensor(checkerboard, dtype=torch.float32)
    if reverse:
        mask = 1 - mask
    return mask.view(1, 1, height, width)


def squeeze_2x2(x):
    b, c, h, w = x.size()
    x = x.view(b, c, h // 2, 2, w // 2, 2)
    x = x.permute(0, 1, 3, 5, 2, 4).contiguous()
    return x.view(b, c * 4, h // 2, w // 2)


class ResidualBlock(nn.Module):
    def __init__(self, channels):
        super(ResidualBlock, self).__init__()
        self.in_norm = nn.BatchNorm2d(channels)
        self.in_conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)
        self.out_norm = nn.BatchNorm2d(channels)
        self.out_conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=True)

    def forward(self, x):
        skip = x
        x = self.in_conv(F.relu(self.in_norm(x)))
        x = self.out_conv(F.relu(self.out_norm(x)))
        return x + skip


class STNet(nn.Module):
    def __init__(self, in_channels, mid_channels, out_channels, num_blocks):
        super(STNet, self).__init__()
        self.in_conv = nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1)
        self.blocks = nn.ModuleList([ResidualBlock(mid_channels) for _ in range(num_blocks)])
        self.out_norm = nn.BatchNorm2d(mid_channels)
        self.out_conv = nn.Conv2d(mid_channels, out_channels, kernel_size=1)

    def forward(self, x):
        x = self.in_conv(x)
        for block in self.blocks:
            x = block(x)
        return self.out_conv(F.relu(self.out_norm(x)))


class CheckerboardCoupling(nn.Module):
    def __init__(self, in_channels, mid_channels, size, reverse_mask):
        super(CheckerboardCoupling, self).__init__()
        self.st_net = STNet(in_channels, mid_channels, 2 * in_channels, num_blocks=1)
        self.scale = nn.Parameter(torch.ones(1, in_channels, 1, 1))
        self.register_buffer("mask", checkerboard_mask(size, size, reverse_mask))

    def forward(self, x, sldj):
        b = self.mask
        x_b = x * b
        st = self.st_net(x_b)
        s, t = st.chunk(2, dim=1)
        s = self.scale * torch.tanh(s)
        s = s * (1 - b)
        t = t * (1 - b)

        exp_s = s.exp()
        x = x_b + (1 - b) * (x * exp_s + t)
        sldj = sldj + s.reshape(s.size(0), -1).sum(-1)
        return x, sldj


class ChannelCoupling(nn.Module):
    def __init__(self, in_channels, mid_channels, reverse_mask):
        super(ChannelCoupling, self).__init__()
        self.reverse_mask = reverse_mask
        self.st_net = STNet(in_channels // 2, mid_channels, in_channels, num_blocks=1)
        self.scale = nn.Parameter(torch.ones(1, in_channels // 2, 1, 1))

    def forward(self, x, sldj):
        if self.reverse_mask:
            x_id, x_change = x.chunk(2, dim=1)
        else:
            x_change, x_id = x.chunk(2, dim=1)

        st = self.st_net(x_id)
        s, t = st[:, 0::2, ...], st[:, 1::2, ...]
        s = self.scale * torch.tanh(s)

        x_change = torch.exp(s) * x_change + t
        sldj = sldj + s.flatten(1).sum(-1)

        if self.reverse_mask:
            x = torch.cat((x_id, x_change), dim=1)
        else:
            x = torch.cat((x_change, x_id), dim=1)
        return x, sldj


# shapelint: input=(2, 3, 16, 16)
class RealNVPScale(nn.Module):
    def __init__(self, in_channels=3, mid_channels=32, size=16):
        super(RealNVPScale, self).__init__()
        self.in_couplings = nn.ModuleList([
            CheckerboardCoupling(in_channels, mid_channels, size, reverse_mask=False),
            CheckerboardCoupling(in_channels, mid_channels, size, reverse_mask=True),
            CheckerboardCoupling(in_channels, mid_channels, size, reverse_mask=False),
        ])
        self.out_couplings = nn.ModuleList([
            ChannelCoupling(4 * in_channels, 2 * mid_channels, reverse_mask=False),
            ChannelCoupling(4 * in_channels, 2 * mid_channels, reverse_mask=True),
            ChannelCoupling(4 * in_channels, 2 * mid_channels, reverse_mask=False),
        ])

    def forward(self, x):
        # dequantize and move to logit space
        y = (x.sigmoid() * 255. + 0.5) / 256.
        y = (2 * y - 1) * 0.9
        y = (y + 1) / 2
        z = y.log() - (1. - y).log()
        sldj = torch.zeros(x.size(0), device=x.device)

        for coupling in self.in_couplings:
            z, sldj = coupling(z, sldj)
        z = squeeze_2x2(z)
        for coupling in self.out_couplings:
            z, sldj = coupling(z, sldj)

        prior_ll = -0.5 * (z ** 2 + torch.log(torch.tensor(2 * 3.141592653589793)))
        prior_ll = prior_ll.flatten(1).sum(-1)
        return z, prior_ll + sldj
