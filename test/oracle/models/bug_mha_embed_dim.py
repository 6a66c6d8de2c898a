"""A set encoder: per-item projection, multi-head self-attention, mean pooling."""
import torch.nn as nn


# shapelint: input=(2, 12, 16)
class SetAttentionEncoder(nn.Module):
    def __init__(self, in_dim=16, hidden_dim=128, num_heads=4, out_dim=8):
        super().__init__()
        self.proj = nn.Linear(in_dim, hidden_dim)
        self.mha = nn.MultiheadAttention(embed_dim=64, num_heads=num_heads, batch_first=True)
        self.out = nn.Linear(hidden_dim, out_dim)

    def forward(self, x):
        h = self.proj(x)
        attn_out, _ = self.mha(h, h, h)
        return self.out(attn_out.mean(dim=1))
