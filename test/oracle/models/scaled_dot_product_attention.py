"""Multi-head self-attention written out by hand: split heads with view/permute, scores with matmul, softmax."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 16, 96)
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, embed_dim=96, num_heads=6, attn_drop=0.1):
        super().__init__()
        assert embed_dim % num_heads == 0
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.qkv = nn.Linear(embed_dim, embed_dim * 3)
        self.attn_drop = nn.Dropout(attn_drop)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]                         # (B, H, N, D)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        attn = self.attn_drop(F.softmax(scores, dim=-1))
        out = attn @ v                                           # (B, H, N, D)
        out = out.transpose(1, 2).contiguous().view(B, N, C)
        return self.out_proj(out)
