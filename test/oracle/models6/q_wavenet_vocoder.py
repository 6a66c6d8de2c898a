"""A WaveNet vocoder in the style of r9y9/wavenet_vocoder and the many WaveNet re-implementations on GitHub: a CausalConv1d subclass that left-pads with F.pad(x, (pad, 0)) instead of padding and trimming, gated tanh * sigmoid units whose dilated conv output is split in two with .split(dim=1), local conditioning from a mel spectrogram upsampled by ConvTranspose1d to the sample rate, residual outputs scaled by sqrt(0.5), and skip connections summed over the layers. Two inputs: the waveform (B, 1, T) and the mel frames (B, n_mels, T / hop)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalConv1d(nn.Conv1d):
    def __init__(self, in_channels, out_channels, kernel_size, dilation=1, bias=True):
        super(CausalConv1d, self).__init__(in_channels, out_channels, kernel_size,
                                           padding=0, dilation=dilation, bias=bias)
        self.left_padding = (kernel_size - 1) * dilation

    def forward(self, x):
        x = F.pad(x, (self.left_padding, 0))
        return super(CausalConv1d, self).forward(x)


class ResidualConv1dGLU(nn.Module):
    def __init__(self, residual_channels, gate_channels, kernel_size, skip_out_channels, cin_channels, dilation):
        super(ResidualConv1dGLU, self).__init__()
        self.conv = CausalConv1d(residual_channels, gate_channels, kernel_size, dilation=dilation)
        self.conv1x1c = nn.Conv1d(cin_channels, gate_channels, kernel_size=1, bias=False)
        gate_out_channels = gate_channels // 2
        self.conv1x1_out = nn.Conv1d(gate_out_channels, residual_channels, kernel_size=1)
        self.conv1x1_skip = nn.Conv1d(gate_out_channels, skip_out_channels, kernel_size=1)

    def forward(self, x, c):
        residual = x
        x = self.conv(x)
        splitdim = 1
        a, b = x.split(x.size(splitdim) // 2, dim=splitdim)

        # local conditioning
        c = self.conv1x1c(c)
        ca, cb = c.split(c.size(splitdim) // 2, dim=splitdim)
        a, b = a + ca, b + cb

        x = torch.tanh(a) * torch.sigmoid(b)

        s = self.conv1x1_skip(x)
        x = self.conv1x1_out(x)
        x = (x + residual) * math.sqrt(0.5)
        return x, s


# shapelint: input=((2, 1, 512), (2, 20, 32))
class WaveNet(nn.Module):
    def __init__(self, out_channels=256, layers=12, stacks=2, residual_channels=64, gate_channels=128,
                 skip_out_channels=64, kernel_size=2, cin_channels=20, hop_size=16):
        super(WaveNet, self).__init__()
        assert layers % stacks == 0
        layers_per_stack = layers // stacks
        self.first_conv = nn.Conv1d(1, residual_channels, kernel_size=1)
        self.conv_layers = nn.ModuleList()
        for layer in range(layers):
            dilation = 2 ** (layer % layers_per_stack)
            conv = ResidualConv1dGLU(residual_channels, gate_channels, kernel_size=kernel_size,
                                     skip_out_channels=skip_out_channels, cin_channels=cin_channels,
                                     dilation=dilation)
            self.conv_layers.append(conv)
        self.last_conv_layers = nn.ModuleList([
            nn.ReLU(inplace=True),
            nn.Conv1d(skip_out_channels, skip_out_channels, kernel_size=1),
            nn.ReLU(inplace=True),
            nn.Conv1d(skip_out_channels, out_channels, kernel_size=1),
        ])
        # (T_mel - 1) * hop - 2 * (hop // 2) + 2 * hop = T_mel * hop
        self.upsample_conv = nn.ConvTranspose1d(cin_channels, cin_channels, kernel_size=2 * hop_size,
                                                stride=hop_size, padding=hop_size // 2)

    def forward(self, x, c):
        B, _, T = x.size()
        c = F.leaky_relu(self.upsample_conv(c), 0.4)
        assert c.size(-1) == x.size(-1)

        x = self.first_conv(x)
        skips = 0
        for f in self.conv_layers:
            x, h = f(x, c)
            skips += h
        skips *= math.sqrt(1.0 / len(self.conv_layers))

        x = skips
        for f in self.last_conv_layers:
            x = f(x)
        x = F.log_softmax(x, dim=1)  # (B, out_channels, T)
        return x
