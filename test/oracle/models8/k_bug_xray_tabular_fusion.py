"""BUG: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x544 and 522x256)" -- a two-input
model for chest X-rays plus patient metadata: a torchvision resnet18 (weights=None, fc replaced by
nn.Identity, 512 features) and a small MLP over the 10 tabular columns (age, sex, vitals ...) that
outputs 32 features, concatenated with torch.cat((img_feat, tab_feat), dim=1). The fusion head was
sized with the raw number of tabular columns, nn.Linear(512 + num_tabular, 256) = 522 inputs,
instead of the MLP's output width, so the 544 concatenated features make self.head's first Linear
raise."""
import torch
import torch.nn as nn
from torchvision import models


# shapelint: input=((2, 3, 224, 224), (2, 10))
class XrayTabularNet(nn.Module):
    def __init__(self, num_tabular=10, num_classes=3):
        super().__init__()
        self.cnn = models.resnet18(weights=None)
        num_ftrs = self.cnn.fc.in_features
        self.cnn.fc = nn.Identity()
        self.tabular = nn.Sequential(
            nn.Linear(num_tabular, 64),
            nn.BatchNorm1d(64),
            nn.ReLU(),
            nn.Linear(64, 32),
            nn.ReLU(),
        )
        self.head = nn.Sequential(
            nn.Linear(num_ftrs + num_tabular, 256),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(256, num_classes),
        )

    def forward(self, image, tabular):
        img_feat = self.cnn(image)
        tab_feat = self.tabular(tabular)
        x = torch.cat((img_feat, tab_feat), dim=1)
        return self.head(x)
