"""A keyword-spotting model on MFCC frames: Conv1d front end followed by a batch-first LSTM and the last step's output."""
import torch
import torch.nn as nn


# shapelint: input=(2, 50, 13)
class ConvLSTMKWS(nn.Module):
    def __init__(self, n_mfcc=13, channels=64, hidden=48, num_classes=12):
        super().__init__()
        self.frontend = nn.Sequential(
            nn.Conv1d(n_mfcc, channels, kernel_size=5, padding=2),
            nn.BatchNorm1d(channels),
            nn.ReLU(),
            nn.Conv1d(channels, channels, kernel_size=3, padding=1),
            nn.BatchNorm1d(channels),
            nn.ReLU(),
        )
        self.lstm = nn.LSTM(channels, hidden, num_layers=1, batch_first=True)
        self.classifier = nn.Linear(hidden, num_classes)

    def forward(self, x):
        feats = self.frontend(x.transpose(1, 2))
        out, _ = self.lstm(feats)
        return self.classifier(out[:, -1])
