"""An SNGAN-style discriminator with nn.utils.spectral_norm convolutions and mean/max pooled features."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm


# shapelint: input=(2, 3, 32, 32)
class SNDiscriminator(nn.Module):
    def __init__(self, ch=32):
        super().__init__()
        self.conv1 = spectral_norm(nn.Conv2d(3, ch, 3, 1, 1))
        self.conv2 = nn.utils.spectral_norm(nn.Conv2d(ch, ch * 2, 4, 2, 1))
        self.conv3 = nn.utils.spectral_norm(nn.Conv2d(ch * 2, ch * 4, 4, 2, 1))
        self.conv4 = nn.utils.spectral_norm(nn.Conv2d(ch * 4, ch * 4, 4, 2, 1))
        self.linear = spectral_norm(nn.Linear(ch * 4 * 2, 1))

    def forward(self, x):
        h = F.leaky_relu(self.conv1(x), 0.1)
        h = F.leaky_relu(self.conv2(h), 0.1)
        h = F.leaky_relu(self.conv3(h), 0.1)
        h = F.leaky_relu(self.conv4(h), 0.1)
        h = h.flatten(2)
        feats = torch.cat([h.mean(-1), h.max(-1).values], dim=1)
        return self.linear(feats)
