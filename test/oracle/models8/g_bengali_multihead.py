"""Bengali.AI Handwritten Grapheme Classification style multi-task model: a torchvision densenet121(weights=None) adapted to the 1-channel 128x128 grapheme images by replacing model.features.conv0 with nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False), then F.relu + F.adaptive_avg_pool2d(., 1) + flatten on model.features as in torchvision's own forward, and three heads for the grapheme root (168 classes), the vowel diacritic (11) and the consonant diacritic (7). The forward returns a tuple of the three logit tensors."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import models


class Head(nn.Module):
    def __init__(self, in_features, n_out, hidden=512, p=0.2):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.bn = nn.BatchNorm1d(hidden)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden, n_out)

    def forward(self, x):
        x = self.drop(F.relu(self.bn(self.fc1(x))))
        return self.fc2(x)


# shapelint: input=(2, 1, 128, 128)
class BengaliDenseNet(nn.Module):
    def __init__(self, n_grapheme=168, n_vowel=11, n_consonant=7):
        super(BengaliDenseNet, self).__init__()
        model = models.densenet121(weights=None)
        model.features.conv0 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.features = model.features
        in_features = model.classifier.in_features
        self.head_grapheme = Head(in_features, n_grapheme)
        self.head_vowel = Head(in_features, n_vowel)
        self.head_consonant = Head(in_features, n_consonant)

    def forward(self, x):
        features = self.features(x)
        out = F.relu(features, inplace=True)
        out = F.adaptive_avg_pool2d(out, (1, 1))
        out = torch.flatten(out, 1)
        grapheme = self.head_grapheme(out)
        vowel = self.head_vowel(out)
        consonant = self.head_consonant(out)
        return grapheme, vowel, consonant
