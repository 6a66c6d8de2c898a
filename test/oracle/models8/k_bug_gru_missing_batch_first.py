"""BUG: "RuntimeError: Expected hidden size (2, 30, 64), got [2, 2, 64]" -- a GRU forecaster for
multivariate sensor windows. The DataLoader yields (batch, seq_len, features) = (2, 30, 6) and the
initial state is built as torch.zeros(num_layers, x.size(0), hidden_size), but nn.GRU was created
without batch_first=True, so it reads the input as (seq_len=2, batch=30, features=6) and expects a
hidden state for 30 sequences. self.gru raises on the h0 check."""
import torch
import torch.nn as nn


# shapelint: input=(2, 30, 6)
class GRUForecaster(nn.Module):
    def __init__(self, input_size=6, hidden_size=64, num_layers=2, output_size=1):
        super(GRUForecaster, self).__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.gru = nn.GRU(input_size, hidden_size, num_layers, dropout=0.2)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        out, _ = self.gru(x, h0)
        out = self.fc(out[:, -1, :])
        return out
