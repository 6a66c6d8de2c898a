"""Single-head scaled dot-product self-attention."""
import math

import torch
import torch.nn as nn


# shapelint: input=(2, 10, 32)
class SelfAttention(nn.Module):
    def __init__(self, embed_dim=32):
        super().__init__()
        self.query = nn.Linear(embed_dim, embed_dim)
        self.key = nn.Linear(embed_dim, embed_dim)
        self.value = nn.Linear(embed_dim, embed_dim)
        self.scale = 1.0 / math.sqrt(embed_dim)

    def forward(self, x):
        q = self.query(x)
        k = self.key(x)
        v = self.value(x)
        scores = torch.matmul(q, k) * self.scale
        weights = torch.softmax(scores, dim=-1)
        return torch.matmul(weights, v)
