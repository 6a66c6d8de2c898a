"""A two-layer GRU forecaster for multivariate sensor windows of shape (batch, seq_len, features)
with an explicit zero initial state and a Linear head on the last time step. Fixed version of
k_bug_gru_missing_batch_first.py: nn.GRU is built with batch_first=True."""
import torch
import torch.nn as nn


# shapelint: input=(2, 30, 6)
class GRUForecaster(nn.Module):
    def __init__(self, input_size=6, hidden_size=64, num_layers=2, output_size=1):
        super(GRUForecaster, self).__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.gru = nn.GRU(input_size, hidden_size, num_layers, batch_first=True, dropout=0.2)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        out, _ = self.gru(x, h0)
        out = self.fc(out[:, -1, :])
        return out
