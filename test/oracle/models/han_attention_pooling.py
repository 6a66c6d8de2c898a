"""Word-level attention of a Hierarchical Attention Network (Yang et al., 2016): BiGRU states pooled by learned attention weights."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttentionPool(nn.Module):
    def __init__(self, hidden_dim, attn_dim):
        super().__init__()
        self.proj = nn.Linear(hidden_dim, attn_dim)
        self.context = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, h):
        u = torch.tanh(self.proj(h))                  # (B, T, A)
        alpha = F.softmax(self.context(u), dim=1)     # (B, T, 1)
        return (alpha * h).sum(dim=1), alpha.squeeze(-1)


# shapelint: input=(2, 30)
class WordAttentionNet(nn.Module):
    def __init__(self, vocab_size=15000, embed_dim=100, gru_hidden=50, attn_dim=100, num_classes=5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, gru_hidden, batch_first=True, bidirectional=True)
        self.attention = AttentionPool(2 * gru_hidden, attn_dim)
        self.norm = nn.LayerNorm(2 * gru_hidden)
        self.fc = nn.Linear(2 * gru_hidden, num_classes)

    def forward(self, tokens):
        h, _ = self.gru(self.embedding(tokens))
        assert h.shape[1] == tokens.size(1)
        doc, weights = self.attention(h)
        logits = self.fc(self.norm(doc))
        return logits, weights
