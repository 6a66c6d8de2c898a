"""A hand-rolled StyleGAN2 synthesis layer (rosinality-style ModulatedConv2d) where the batch is folded into the
channel axis (input.view(1, batch * in_channel, H, W)) and the per-sample weights into the output axis, but the
F.conv2d call forgets groups=batch: the (batch * out, in, k, k) weight expects `in` input channels and receives
batch * in."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class EqualLinear(nn.Module):
    def __init__(self, in_dim, out_dim, bias_init=0.0, lr_mul=1.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim).div_(lr_mul))
        self.bias = nn.Parameter(torch.zeros(out_dim).fill_(bias_init))
        self.scale = (1 / math.sqrt(in_dim)) * lr_mul
        self.lr_mul = lr_mul

    def forward(self, input):
        return F.linear(input, self.weight * self.scale, bias=self.bias * self.lr_mul)


class ModulatedConv2d(nn.Module):
    def __init__(self, in_channel, out_channel, kernel_size, style_dim, demodulate=True):
        super().__init__()
        self.eps = 1e-8
        self.kernel_size = kernel_size
        self.in_channel = in_channel
        self.out_channel = out_channel
        fan_in = in_channel * kernel_size ** 2
        self.scale = 1 / math.sqrt(fan_in)
        self.padding = kernel_size // 2
        self.weight = nn.Parameter(torch.randn(1, out_channel, in_channel, kernel_size, kernel_size))
        self.modulation = EqualLinear(style_dim, in_channel, bias_init=1)
        self.demodulate = demodulate

    def forward(self, input, style):
        batch, in_channel, height, width = input.shape
        style = self.modulation(style).view(batch, 1, in_channel, 1, 1)
        weight = self.scale * self.weight * style
        if self.demodulate:
            demod = torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8)
            weight = weight * demod.view(batch, self.out_channel, 1, 1, 1)
        weight = weight.view(batch * self.out_channel, in_channel, self.kernel_size, self.kernel_size)
        input = input.view(1, batch * in_channel, height, width)
        out = F.conv2d(input, weight, padding=self.padding)
        _, _, height, width = out.shape
        out = out.view(batch, self.out_channel, height, width)
        return out


class StyledConv(nn.Module):
    def __init__(self, in_channel, out_channel, kernel_size, style_dim):
        super().__init__()
        self.conv = ModulatedConv2d(in_channel, out_channel, kernel_size, style_dim)
        self.noise_weight = nn.Parameter(torch.zeros(1))
        self.bias = nn.Parameter(torch.zeros(1, out_channel, 1, 1))

    def forward(self, input, style):
        out = self.conv(input, style)
        batch, _, height, width = out.shape
        noise = out.new_empty(batch, 1, height, width).normal_()
        out = out + self.noise_weight * noise
        return F.leaky_relu(out + self.bias, 0.2) * math.sqrt(2)


# shapelint: input=((2, 32, 8, 8), (2, 64))
class SynthesisBlock(nn.Module):
    def __init__(self, in_channel=32, out_channel=16, style_dim=64):
        super().__init__()
        self.conv1 = StyledConv(in_channel, out_channel, 3, style_dim)
        self.conv2 = StyledConv(out_channel, out_channel, 3, style_dim)
        self.to_rgb = ModulatedConv2d(out_channel, 3, 1, style_dim, demodulate=False)

    def forward(self, x, w):
        x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        x = self.conv1(x, w)
        x = self.conv2(x, w)
        return self.to_rgb(x, w)
