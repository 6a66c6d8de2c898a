"""A hybrid ViT that turns patch tokens back into a feature map for a convolutional segmentation head."""
import math

import torch
import torch.nn as nn


class TransformerStem(nn.Module):
    def __init__(self, in_chans=3, dim=64, patch=4, depth=2, heads=4):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, patch, stride=patch)
        layer = nn.TransformerEncoderLayer(dim, heads, dim * 2, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth)

    def forward(self, x):
        x = self.proj(x).flatten(2).transpose(1, 2)
        return self.encoder(x)


# shapelint: input=(2, 3, 32, 24)
class HybridSegNet(nn.Module):
    def __init__(self, num_classes=3, dim=64, patch=4):
        super().__init__()
        self.stem = TransformerStem(dim=dim, patch=patch)
        self.head = nn.Sequential(
            nn.Conv2d(dim, 32, 3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(inplace=True),
            nn.Upsample(scale_factor=patch, mode='bilinear', align_corners=False),
            nn.Conv2d(32, num_classes, 1),
        )

    def forward(self, x):
        tokens = self.stem(x)
        b, n, c = tokens.shape
        h = w = int(math.sqrt(n))
        feat = tokens.transpose(1, 2).contiguous().view(b, -1, h, w)
        return self.head(feat)
