"""A question/answer relevance scorer using a bilinear interaction."""
import torch
import torch.nn as nn


# shapelint: input=((2, 300), (2, 300))
class QAScorer(nn.Module):
    def __init__(self, emb_dim=300, q_dim=128, a_dim=96):
        super().__init__()
        self.q_enc = nn.Sequential(nn.Linear(emb_dim, q_dim), nn.Tanh())
        self.a_enc = nn.Sequential(nn.Linear(emb_dim, a_dim), nn.Tanh())
        self.bilinear = nn.Bilinear(q_dim, q_dim, 1)

    def forward(self, question, answer):
        q = self.q_enc(question)
        a = self.a_enc(answer)
        return torch.sigmoid(self.bilinear(q, a)).squeeze(1)
