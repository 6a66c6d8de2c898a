"""A gated convolutional language model (Dauphin et al., 2017): token embeddings as (b, c, t), causal left padding F.pad(x, (k - 1, 0)) before each Conv1d, GLU halving the doubled channels, bottleneck residual blocks, and a vocabulary projection."""
import torch.nn as nn
import torch.nn.functional as F


class GatedConv(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, dropout=0.1):
        super().__init__()
        self.kernel_size = kernel_size
        self.conv = nn.utils.weight_norm(nn.Conv1d(in_channels, out_channels * 2, kernel_size))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        x = F.pad(x, (self.kernel_size - 1, 0))
        x = self.conv(x)
        x = F.glu(x, dim=1)
        return self.dropout(x)


class ResidualBlock(nn.Module):
    def __init__(self, channels, bottleneck, kernel_size):
        super().__init__()
        self.layers = nn.Sequential(
            GatedConv(channels, bottleneck, 1),
            GatedConv(bottleneck, bottleneck, kernel_size),
            GatedConv(bottleneck, channels, 1),
        )

    def forward(self, x):
        return x + self.layers(x)


# shapelint: input=(2, 24)
class GatedCNNLM(nn.Module):
    def __init__(self, vocab_size=300, embed_dim=48, channels=64, bottleneck=32, kernel_size=4, n_blocks=3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.input_conv = GatedConv(embed_dim, channels, kernel_size)
        self.blocks = nn.ModuleList([ResidualBlock(channels, bottleneck, kernel_size) for _ in range(n_blocks)])
        self.proj = nn.Linear(channels, embed_dim)
        self.out = nn.Linear(embed_dim, vocab_size)

    def forward(self, tokens):
        x = self.embedding(tokens)
        x = x.transpose(1, 2)
        x = self.input_conv(x)
        for block in self.blocks:
            x = block(x)
        x = x.transpose(1, 2)
        x = self.proj(x)
        logits = self.out(x)
        return F.log_softmax(logits, dim=-1)
