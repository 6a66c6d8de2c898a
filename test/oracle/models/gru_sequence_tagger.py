"""A two-layer GRU sequence tagger over time-major feature sequences (seq_len, batch, features)."""
import torch.nn as nn


# shapelint: input=(12, 2, 40)
class GRUTagger(nn.Module):
    def __init__(self, input_size=40, hidden_size=64, num_layers=2, num_tags=9):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size, num_layers=num_layers, dropout=0.1)
        self.norm = nn.LayerNorm(hidden_size)
        self.proj = nn.Linear(hidden_size, num_tags)

    def forward(self, x):
        out, h_n = self.gru(x)              # out: (T, B, H)
        out = self.norm(out).transpose(0, 1)
        logits = self.proj(out)
        return logits.log_softmax(dim=-1)


if __name__ == "__main__":
    import torch

    tagger = GRUTagger()
    frames = torch.randn(12, 2, 40)
    print(tagger(frames).shape)
