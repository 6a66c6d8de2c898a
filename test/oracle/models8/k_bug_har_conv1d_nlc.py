"""BUG: "RuntimeError: Given groups=1, weight of size [64, 9, 5], expected input[2, 128, 9] to have
9 channels, but got 128 channels instead" -- a 1D CNN for the UCI-HAR activity recognition data set.
The windows come out of the Dataset as (batch, 128 timesteps, 9 sensor channels), the layout the
Keras Conv1D examples use, and were passed straight to nn.Conv1d(9, 64, 5), which wants
(batch, channels, length). The first conv layer raises; the fix is x = x.transpose(1, 2) (or
permute(0, 2, 1)) at the top of forward."""
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
        x = self.features(x)
        return self.classifier(x)
