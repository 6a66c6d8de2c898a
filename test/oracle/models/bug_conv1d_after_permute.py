"""A temporal CNN for multivariate time-series regression."""
import torch.nn as nn

WINDOW = 50
N_FEATURES = 8


# shapelint: input=(2, 50, 8)
class TemporalCNN(nn.Module):
    def __init__(self, window=WINDOW, n_features=N_FEATURES, n_outputs=1):
        super().__init__()
        self.conv1 = nn.Conv1d(window, 32, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(32, 64, kernel_size=3, padding=1)
        self.relu = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(64, n_outputs)

    def forward(self, x):
        x = x.permute(0, 2, 1)
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.pool(x).squeeze(-1)
        return self.fc(x)
