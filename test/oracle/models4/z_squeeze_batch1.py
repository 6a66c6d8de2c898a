"""A single-image CNN scorer that relies on torch.squeeze and a start_dim-less torch.flatten for batch size 1."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(1, 3, 32, 32)
class SingleImageScorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 4)
        self.proj = nn.Linear(16 * 8 * 8, 4)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        feat = F.relu(self.conv2(x))
        pooled = torch.squeeze(self.pool(feat))
        logits = self.fc(pooled)
        flat = torch.flatten(feat)
        aux = self.proj(flat)
        return torch.stack([logits, aux])
