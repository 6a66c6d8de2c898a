"""A token classifier that normalizes batch-first embeddings with BatchNorm1d before a BiLSTM."""
import torch
import torch.nn as nn


# shapelint: input=(2, 12)
class TokenTagger(nn.Module):
    def __init__(self, vocab_size=500, embed_dim=32, hidden=48, num_tags=9):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.norm = nn.BatchNorm1d(embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, num_tags)

    def forward(self, tokens):
        x = self.embedding(tokens)
        x = self.norm(x)
        out, _ = self.lstm(x)
        return self.fc(out)
