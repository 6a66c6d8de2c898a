"""A hierarchical vision transformer: global-attention blocks per stage with Swin-style patch merging between stages."""
from functools import partial

import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim, num_heads, mlp_ratio=2.0, norm_layer=nn.LayerNorm):
        super().__init__()
        self.norm1 = norm_layer(dim)
        self.attn = nn.MultiheadAttention(dim, num_heads, batch_first=True)
        self.norm2 = norm_layer(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, int(dim * mlp_ratio)), nn.GELU(), nn.Linear(int(dim * mlp_ratio), dim))

    def forward(self, x):
        y = self.norm1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        x = x + self.mlp(self.norm2(x))
        return x


class PatchMerging(nn.Module):
    def __init__(self, dim, out_dim=None, norm_layer=nn.LayerNorm):
        super().__init__()
        self.dim = dim
        self.out_dim = out_dim or 2 * dim
        self.norm = norm_layer(2 * dim)
        self.reduction = nn.Linear(4 * dim, self.out_dim, bias=False)

    def forward(self, x, H, W):
        B, L, C = x.shape
        x = x.view(B, H, W, C)
        x0 = x[:, 0::2, 0::2, :]
        x1 = x[:, 1::2, 0::2, :]
        x2 = x[:, 0::2, 1::2, :]
        x3 = x[:, 1::2, 1::2, :]
        x = torch.cat([x0, x1, x2, x3], -1).view(B, -1, 4 * C)
        x = self.norm(x)
        x = self.reduction(x)
        return x


# shapelint: input=(2, 3, 32, 32)
class HierViT(nn.Module):
    def __init__(self, in_chans=3, num_classes=10, embed_dims=(32, 64, 128), depths=(1, 1, 1),
                 num_heads=(2, 4, 8), patch_size=4):
        super().__init__()
        norm_layer = partial(nn.LayerNorm, eps=1e-6)
        self.patch_embed = nn.Conv2d(in_chans, embed_dims[0], patch_size, stride=patch_size)
        self.stages = nn.ModuleList()
        self.merges = nn.ModuleList()
        for i, dim in enumerate(embed_dims):
            self.stages.append(nn.Sequential(*[Block(dim, num_heads[i], norm_layer=norm_layer) for _ in range(depths[i])]))
            if i < len(embed_dims) - 1:
                self.merges.append(PatchMerging(dim, embed_dims[i + 1], norm_layer=norm_layer))
        self.norm = norm_layer(embed_dims[-1])
        self.head = nn.Linear(embed_dims[-1], num_classes)

    def forward(self, x):
        x = self.patch_embed(x)
        H, W = x.shape[-2:]
        x = x.flatten(2).transpose(1, 2)
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i < len(self.merges):
                x = self.merges[i](x, H, W)
                H, W = H // 2, W // 2
        x = self.norm(x).mean(1)
        return self.head(x)
