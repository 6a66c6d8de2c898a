"""A GRU text classifier with additive attention pooling computed by batched matrix products."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 20)
class AttentionGRU(nn.Module):
    def __init__(self, vocab_size=300, embed_dim=32, hidden=64, num_classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden, batch_first=True)
        self.attn = nn.Linear(hidden, 1)
        self.fc = nn.Linear(hidden, num_classes)

    def forward(self, x):
        h, _ = self.gru(self.embedding(x))
        weights = F.softmax(self.attn(torch.tanh(h)), dim=1).squeeze()
        context = torch.bmm(h.transpose(1, 2), weights).squeeze(2)
        return self.fc(context)
