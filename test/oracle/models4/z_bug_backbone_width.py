"""A frozen ResNet-18 feature extractor with a new head, whose width was copied from a ResNet-50 example: resnet18 ends in 512 features, not 2048."""
import torch
import torch.nn as nn
from torchvision import models


# shapelint: input=(2, 3, 224, 224)
class FrozenBackbone(nn.Module):
    def __init__(self, num_classes=4):
        super().__init__()
        backbone = models.resnet18()
        for p in backbone.parameters():
            p.requires_grad = False
        self.body = nn.Sequential(*list(backbone.children())[:-1])
        self.head = nn.Linear(2048, num_classes)

    def forward(self, x):
        x = torch.flatten(self.body(x), 1)
        return self.head(x)
