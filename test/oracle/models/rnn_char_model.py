"""A character-level language model with a vanilla tanh RNN and a tied-size decoder."""
import torch.nn as nn


# shapelint: input=(2, 24)
class CharRNN(nn.Module):
    def __init__(self, n_chars=65, embed_size=32, hidden_size=128, n_layers=1):
        super().__init__()
        self.encoder = nn.Embedding(n_chars, embed_size)
        self.rnn = nn.RNN(embed_size, hidden_size, n_layers, nonlinearity="tanh", batch_first=True)
        self.decoder = nn.Linear(hidden_size, n_chars)

    def forward(self, x):
        emb = self.encoder(x)
        out, hidden = self.rnn(emb)
        out = out.reshape(-1, out.shape[2])
        logits = self.decoder(out)
        return logits.view(x.size(0), x.size(1), -1)
