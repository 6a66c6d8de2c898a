"""TextCNN (Kim, 2014): parallel Conv1d filters of several widths over word embeddings, max-over-time pooling."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 20)
class TextCNN(nn.Module):
    def __init__(self, vocab_size=10000, embed_dim=128, num_filters=100, kernel_sizes=(3, 4, 5), num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes])
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(num_filters * len(kernel_sizes), num_classes)

    def forward(self, x):
        x = self.embedding(x)            # (B, L, E)
        x = x.permute(0, 2, 1)           # (B, E, L)
        pooled = []
        for conv in self.convs:
            h = F.relu(conv(x))
            pooled.append(h.amax(dim=2))
        x = torch.cat(pooled, dim=1)
        x = F.dropout(x, p=0.5, training=self.training)
        return self.fc(x)
