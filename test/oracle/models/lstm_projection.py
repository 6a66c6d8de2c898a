"""A stacked LSTM with projected hidden states (proj_size) and explicit initial states, for regression."""
import torch
from torch import nn


# shapelint: input=(2, 30, 8)
class ProjectedLSTM(nn.Module):
    def __init__(self, n_features=8, hidden_size=96, proj_size=32, num_layers=2, horizon=5):
        super(ProjectedLSTM, self).__init__()
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.proj_size = proj_size
        self.lstm = nn.LSTM(n_features, hidden_size, num_layers, batch_first=True, proj_size=proj_size)
        self.head = nn.Linear(proj_size, horizon)

    def forward(self, x):
        batch_size = x.size(0)
        h0 = torch.zeros(self.num_layers, batch_size, self.proj_size)
        c0 = torch.zeros(self.num_layers, batch_size, self.hidden_size)
        out, (hn, cn) = self.lstm(x, (h0, c0))
        return self.head(out[:, -1, :])


if __name__ == "__main__":
    model = ProjectedLSTM()
    y = model(torch.randn(2, 30, 8))
    print(y.shape)
