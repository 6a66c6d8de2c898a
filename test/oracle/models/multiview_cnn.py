"""A multi-view CNN (Su et al., 2015): a shared CNN per view, view features stacked and max-pooled across views."""
import torch
import torch.nn as nn


# shapelint: input=(2, 4, 3, 32, 32)
class MVCNN(nn.Module):
    def __init__(self, num_views=4, num_classes=40, feat_dim=128):
        super().__init__()
        self.num_views = num_views
        self.cnn = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, feat_dim, 3, padding=1), nn.BatchNorm2d(feat_dim), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.classifier = nn.Sequential(nn.Linear(feat_dim, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, num_classes))

    def forward(self, x):
        view_feats = torch.stack([self.cnn(x[:, v]) for v in range(self.num_views)], dim=1)   # (B, V, F)
        pooled, _ = view_feats.max(dim=1)
        return self.classifier(pooled)
