"""A residual feed-forward token encoder with mean pooling and a classification head."""
import torch.nn as nn


# shapelint: input=(2, 20, 64)
class FeedForwardEncoder(nn.Module):
    def __init__(self, d_model=64, d_ff=256, num_classes=3):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))
        self.norm2 = nn.LayerNorm(d_ff)
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, x):
        x = x + self.ff(self.norm1(x))
        x = self.norm2(x)
        return self.head(x.mean(dim=1))
