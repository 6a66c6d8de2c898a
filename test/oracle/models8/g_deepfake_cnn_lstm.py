"""A deepfake video classifier in the style of the popular DFDC / FaceForensics++ GitHub projects: every face crop of a clip goes through a torchvision resnext50_32x4d(pretrained=False) cut with nn.Sequential(*list(model.children())[:-2]), the clip tensor (batch, seq_length, c, h, w) is folded to x.view(batch_size * seq_length, c, h, w) for the CNN, the pooled 2048-d features are unfolded with x.view(batch_size, seq_length, 2048) and fed to an nn.LSTM, and the LSTM outputs are averaged with torch.mean(x_lstm, dim=1) before a Linear(2048, 2). As in the original code, nn.LSTM(latent_dim, hidden_dim, lstm_layers, bidirectional) passes bidirectional=False as the fourth positional argument, which is bias (so the LSTM has no biases), and the LSTM is not batch_first. The forward returns (fmap, logits)."""
import torch
from torch import nn
from torchvision import models


# shapelint: input=(2, 4, 3, 64, 64)
class Model(nn.Module):
    def __init__(self, num_classes=2, latent_dim=2048, lstm_layers=1, hidden_dim=2048, bidirectional=False):
        super(Model, self).__init__()
        model = models.resnext50_32x4d(pretrained=False)
        self.model = nn.Sequential(*list(model.children())[:-2])
        self.lstm = nn.LSTM(latent_dim, hidden_dim, lstm_layers, bidirectional)
        self.relu = nn.LeakyReLU()
        self.dp = nn.Dropout(0.4)
        self.linear1 = nn.Linear(2048, num_classes)
        self.avgpool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        batch_size, seq_length, c, h, w = x.shape
        x = x.view(batch_size * seq_length, c, h, w)
        fmap = self.model(x)
        x = self.avgpool(fmap)
        x = x.view(batch_size, seq_length, 2048)
        x_lstm, _ = self.lstm(x, None)
        return fmap, self.dp(self.linear1(torch.mean(x_lstm, dim=1)))
