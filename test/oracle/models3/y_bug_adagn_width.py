"""A slim diffusion denoiser with adaptive group norm: channel widths scaled by a width multiplier, F.group_norm followed by a timestep scale/shift, and a down/up path with concatenated skips."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SinusoidalPosEmb(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        half_dim = self.dim // 2
        emb = math.log(10000) / (half_dim - 1)
        emb = torch.exp(torch.arange(half_dim, device=x.device) * -emb)
        emb = x[:, None] * emb[None, :]
        emb = torch.cat((emb.sin(), emb.cos()), dim=-1)
        return emb


class AdaGroupNorm(nn.Module):
    def __init__(self, emb_dim, channels, num_groups=32, eps=1e-5):
        super().__init__()
        self.num_groups = num_groups
        self.eps = eps
        self.linear = nn.Linear(emb_dim, channels * 2)

    def forward(self, x, emb):
        emb = self.linear(F.silu(emb))
        emb = emb[:, :, None, None]
        scale, shift = emb.chunk(2, dim=1)
        x = F.group_norm(x, self.num_groups, eps=self.eps)
        return x * (1 + scale) + shift


class ResnetBlock(nn.Module):
    def __init__(self, in_channels, out_channels, emb_dim, groups):
        super().__init__()
        self.norm1 = AdaGroupNorm(emb_dim, in_channels, groups)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.norm2 = AdaGroupNorm(emb_dim, out_channels, groups)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.shortcut = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x, emb)))
        h = self.conv2(F.silu(self.norm2(h, emb)))
        return h + self.shortcut(x)


# shapelint: input=((2, 3, 16, 16), (2,))
class SlimDenoiser(nn.Module):
    def __init__(self, in_channels=3, base_channels=64, width_mult=0.75, channel_mult=(1, 2), groups=32):
        super().__init__()
        chans = [int(base_channels * width_mult * m) for m in channel_mult]
        emb_dim = base_channels * 4
        self.time_embed = nn.Sequential(
            SinusoidalPosEmb(base_channels),
            nn.Linear(base_channels, emb_dim),
            nn.SiLU(),
            nn.Linear(emb_dim, emb_dim),
        )
        self.conv_in = nn.Conv2d(in_channels, chans[0], 3, padding=1)
        self.down1 = ResnetBlock(chans[0], chans[0], emb_dim, groups)
        self.downsample = nn.Conv2d(chans[0], chans[0], 3, stride=2, padding=1)
        self.down2 = ResnetBlock(chans[0], chans[1], emb_dim, groups)
        self.mid = ResnetBlock(chans[1], chans[1], emb_dim, groups)
        self.up2 = ResnetBlock(chans[1] * 2, chans[1], emb_dim, groups)
        self.upsample = nn.Upsample(scale_factor=2, mode="nearest")
        self.up1 = ResnetBlock(chans[1] + chans[0], chans[0], emb_dim, groups)
        self.conv_out = nn.Conv2d(chans[0], in_channels, 3, padding=1)

    def forward(self, x, time):
        emb = self.time_embed(time)
        x = self.conv_in(x)
        h1 = self.down1(x, emb)
        h2 = self.down2(self.downsample(h1), emb)
        h = self.mid(h2, emb)
        h = self.up2(torch.cat([h, h2], dim=1), emb)
        h = self.upsample(h)
        h = self.up1(torch.cat([h, h1], dim=1), emb)
        return self.conv_out(h)
