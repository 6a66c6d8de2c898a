"""Transfer-learning heads on torchvision backbones, the way tutorials and Kaggle notebooks write them."""
import torch
import torch.nn as nn
import torchvision
import torchvision.models as models
from torchvision.models import resnet50, mobilenet_v2


# shapelint: input=(2, 3, 224, 224)
class ResNetClassifier(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.backbone = models.resnet18(pretrained=False)
        num_ftrs = self.backbone.fc.in_features
        self.backbone.fc = nn.Linear(num_ftrs, num_classes)

    def forward(self, x):
        return self.backbone(x)


# shapelint: input=(2, 3, 224, 224)
class FeatureExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        resnet = resnet50(weights=None)
        modules = list(resnet.children())[:-1]
        self.features = nn.Sequential(*modules)
        self.embed = nn.Linear(resnet.fc.in_features, 256)
        self.bn = nn.BatchNorm1d(256)

    def forward(self, images):
        x = self.features(images)
        x = x.view(x.size(0), -1)
        return self.bn(self.embed(x))


# shapelint: input=(2, 3, 224, 224)
class VGGHead(nn.Module):
    def __init__(self):
        super().__init__()
        vgg = torchvision.models.vgg16_bn()
        vgg.classifier[6] = nn.Linear(4096, 5)
        self.model = vgg

    def forward(self, x):
        return self.model(x)


# shapelint: input=(2, 3, 128, 128)
class MobileSegHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = mobilenet_v2().features
        self.head = nn.Conv2d(1280, 3, 1)

    def forward(self, x):
        f = self.encoder(x)
        return nn.functional.interpolate(self.head(f), scale_factor=32, mode="bilinear", align_corners=False)


# shapelint: input=(2, 3, 224, 224)
class Stages(nn.Module):
    def __init__(self):
        super().__init__()
        r = models.resnext50_32x4d()
        self.stem = nn.Sequential(r.conv1, r.bn1, r.relu, r.maxpool)
        self.layer1, self.layer2 = r.layer1, r.layer2
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, 7)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


# shapelint: input=(2, 3, 224, 224)
def squeeze_alex():
    m = models.squeezenet1_1()
    m.classifier[1] = nn.Conv2d(512, 4, kernel_size=1)
    return nn.Sequential(m, nn.Softmax(dim=1))


# shapelint: input=(2, 3, 224, 224)
class AlexFeatures(nn.Module):
    def __init__(self):
        super().__init__()
        self.alex = models.alexnet()
        self.alex.classifier = nn.Sequential(*list(self.alex.classifier.children())[:-1])
        self.out = nn.Linear(4096, 2)

    def forward(self, x):
        return self.out(self.alex(x))
