"""An image + sequence classifier that fuses a CNN embedding with a GRU summary before an MLP head."""
import torch
import torch.nn as nn


class ImageEncoder(nn.Module):
    def __init__(self, out_dim=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(32, out_dim, 3, padding=1), nn.BatchNorm2d(out_dim), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d(1),
        )

    def forward(self, x):
        return self.net(x).flatten(1)


class SequenceEncoder(nn.Module):
    def __init__(self, in_dim=16, hidden=48):
        super().__init__()
        self.gru = nn.GRU(in_dim, hidden, batch_first=True, bidirectional=True)

    def forward(self, x):
        _, h = self.gru(x)
        return torch.cat([h[-2], h[-1]], dim=-1)


# shapelint: input=((2, 3, 32, 32), (2, 12, 16))
class FusionNet(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.image_encoder = ImageEncoder(64)
        self.seq_encoder = SequenceEncoder(16, 48)
        self.head = nn.Sequential(nn.Linear(64 + 96, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, num_classes))

    def forward(self, image, seq):
        img_feat = self.image_encoder(image)
        seq_feat = self.seq_encoder(seq)
        fused = torch.cat((img_feat, seq_feat))
        return self.head(fused)
