"""A small WaveNet-style stack (van den Oord et al., 2016): dilated causal Conv1d with gated activations and skips."""
import torch
import torch.nn as nn


class ResidualLayer(nn.Module):
    def __init__(self, residual_channels, skip_channels, dilation):
        super().__init__()
        self.dilation = dilation
        self.filter_conv = nn.Conv1d(residual_channels, residual_channels, 2, dilation=dilation, padding=dilation)
        self.gate_conv = nn.Conv1d(residual_channels, residual_channels, 2, dilation=dilation, padding=dilation)
        self.residual_conv = nn.Conv1d(residual_channels, residual_channels, 1)
        self.skip_conv = nn.Conv1d(residual_channels, skip_channels, 1)

    def forward(self, x):
        # causal: drop the look-ahead samples introduced by symmetric padding
        f = self.filter_conv(x)[:, :, : -self.dilation]
        g = self.gate_conv(x)[:, :, : -self.dilation]
        z = torch.tanh(f) * torch.sigmoid(g)
        return x + self.residual_conv(z), self.skip_conv(z)


# shapelint: input=(2, 1, 256)
class WaveNet(nn.Module):
    def __init__(self, in_channels=1, residual_channels=32, skip_channels=64, n_classes=256,
                 layers_per_stack=6, stacks=2):
        super().__init__()
        self.causal = nn.Conv1d(in_channels, residual_channels, kernel_size=3, padding="same")
        dilations = [2 ** i for i in range(layers_per_stack)] * stacks
        self.layers = nn.ModuleList(ResidualLayer(residual_channels, skip_channels, d) for d in dilations)
        self.post = nn.Sequential(
            nn.ReLU(), nn.Conv1d(skip_channels, skip_channels, 1),
            nn.ReLU(), nn.Conv1d(skip_channels, n_classes, 1),
        )

    def forward(self, x):
        x = self.causal(x)
        skip_sum = 0
        for layer in self.layers:
            x, skip = layer(x)
            skip_sum = skip_sum + skip
        return self.post(skip_sum)
