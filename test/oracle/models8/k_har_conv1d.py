"""A 1D CNN for the UCI-HAR activity recognition data set, on windows of shape
(batch, 128 timesteps, 9 sensor channels). Fixed version of k_bug_har_conv1d_nlc.py: the windows
are transposed to (batch, channels, length) before the nn.Conv1d stack."""
import torch
import torch.nn as nn


# shapelint: input=(2, 128, 9)
class HARConvNet(nn.Module):
    def __init__(self, n_channels=9, n_classes=6):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(n_channels, 64, kernel_size=5),
            nn.BatchNorm1d(64),
            nn.ReLU(),
            nn.Conv1d(64, 64, kernel_size=5),
            nn.BatchNorm1d(64),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.MaxPool1d(2),
        )
        # 128 -> 124 -> 120 -> 60
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(64 * 60, 100),
            nn.ReLU(),
            nn.Linear(100, n_classes),
        )

    def forward(self, x):
        x = x.transpose(1, 2)  # (N, L, C) -> (N, C, L)
        x = self.features(x)
        return self.classifier(x)
