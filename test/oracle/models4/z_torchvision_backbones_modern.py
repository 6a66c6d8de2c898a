"""Transfer-learning heads on the newer torchvision backbones (DenseNet, MobileNetV3, EfficientNet, ConvNeXt, ViT), built in user code and with their classifiers replaced the way notebooks do it."""
import torch
import torch.nn as nn
import torchvision
from torchvision import models
from torchvision.models import efficientnet_b0, EfficientNet_B0_Weights


# shapelint: input=(2, 3, 64, 64)
class DenseHead(nn.Module):
    def __init__(self, n=5):
        super().__init__()
        self.net = models.densenet121(weights=None)
        self.net.classifier = nn.Linear(self.net.classifier.in_features, n)

    def forward(self, x):
        return self.net(x)


# shapelint: input=(2, 3, 64, 64)
class EffHead(nn.Module):
    def __init__(self, n=7):
        super().__init__()
        self.backbone = efficientnet_b0(weights=EfficientNet_B0_Weights.DEFAULT if False else None)
        in_f = self.backbone.classifier[1].in_features
        self.backbone.classifier[1] = nn.Linear(in_f, n)

    def forward(self, x):
        return self.backbone(x)


# shapelint: input=(2, 3, 64, 64)
def mobilenet_v3_head():
    m = torchvision.models.mobilenet_v3_small(pretrained=False)
    m.classifier[3] = nn.Linear(m.classifier[3].in_features, 3)
    return m


# shapelint: input=(2, 3, 64, 64)
class ConvNeXtFeatures(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = models.convnext_tiny().features
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(768, 4)

    def forward(self, x):
        return self.head(torch.flatten(self.pool(self.features(x)), 1))


# shapelint: input=(2, 3, 64, 64)
def vit_head():
    m = models.vit_b_16(image_size=64)
    m.heads.head = nn.Linear(m.heads.head.in_features, 10)
    return m


# shapelint: input=(2, 3, 64, 64)
def effv2_head():
    m = models.efficientnet_v2_s()
    m.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 2))
    return m
