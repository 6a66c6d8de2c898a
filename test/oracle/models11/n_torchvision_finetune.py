"""Transfer-learning recipes as they appear in the PyTorch fine-tuning tutorial, course notebooks and Kaggle kernels:
freeze the backbone (`for param in model.parameters(): param.requires_grad = False`), then replace the head with
`model.fc = nn.Linear(model.fc.in_features, n)`, `model.classifier[1] = nn.Linear(model.last_channel, n)`,
`model.classifier[6] = ...` on VGG, `model.classifier = nn.Linear(model.classifier.in_features, n)` on DenseNet,
a Sequential head on EfficientNet's classifier[1].in_features, a feature extractor made from
nn.Sequential(*list(model.children())[:-1]), and torchvision segmentation models with a swapped DeepLabHead / FCNHead
(returning an OrderedDict with 'out' and 'aux')."""
import torch
import torch.nn as nn
import torchvision
from torchvision import models
from torchvision.models.segmentation.deeplabv3 import DeepLabHead
from torchvision.models.segmentation.fcn import FCNHead


def set_parameter_requires_grad(model, feature_extracting):
    if feature_extracting:
        for param in model.parameters():
            param.requires_grad = False


# shapelint: input=(2, 3, 64, 64)
def resnet18_finetune():
    model_ft = models.resnet18(weights=None)
    set_parameter_requires_grad(model_ft, True)
    num_ftrs = model_ft.fc.in_features
    # Here the size of each output sample is set to 2.
    model_ft.fc = nn.Linear(num_ftrs, 2)
    return model_ft


# shapelint: input=(2, 3, 64, 64)
def mobilenet_v2_finetune():
    model = torchvision.models.mobilenet_v2(weights=None)
    model.classifier[1] = nn.Linear(model.last_channel, 10)
    return model


# shapelint: input=(2, 3, 32, 32)
def vgg11_bn_finetune():
    model = models.vgg11_bn(weights=None)
    num_ftrs = model.classifier[6].in_features
    model.classifier[6] = nn.Linear(num_ftrs, 7)
    return model


# shapelint: input=(2, 3, 64, 64)
def densenet121_finetune():
    model = models.densenet121(weights=None)
    for param in model.features.parameters():
        param.requires_grad = False
    model.classifier = nn.Linear(model.classifier.in_features, 14)  # CheXNet
    return model


# shapelint: input=(2, 3, 64, 64)
def efficientnet_b0_finetune():
    model = models.efficientnet_b0(weights=None)
    in_features = model.classifier[1].in_features
    model.classifier = nn.Sequential(
        nn.Dropout(p=0.3, inplace=True),
        nn.Linear(in_features, 256),
        nn.ReLU(),
        nn.Linear(256, 5),
    )
    return model


# shapelint: input=(2, 3, 64, 64)
class ResNetFeatureClassifier(nn.Module):
    """Backbone without its fc, features flattened by hand, two heads (multi-task Kaggle style)."""

    def __init__(self, n_classes=6, n_attrs=3):
        super(ResNetFeatureClassifier, self).__init__()
        resnet = models.resnet34(weights=None)
        modules = list(resnet.children())[:-1]  # delete the last fc layer.
        self.resnet = nn.Sequential(*modules)
        self.n_features = resnet.fc.in_features
        self.class_head = nn.Sequential(nn.Dropout(0.2), nn.Linear(self.n_features, n_classes))
        self.attr_head = nn.Linear(self.n_features, n_attrs)

    def forward(self, images):
        with torch.no_grad():
            features = self.resnet(images)
        features = features.reshape(features.size(0), -1)
        return self.class_head(features), torch.sigmoid(self.attr_head(features))


# shapelint: input=(2, 3, 64, 64)
def deeplabv3_resnet50_custom_head():
    model = models.segmentation.deeplabv3_resnet50(weights=None, weights_backbone=None, aux_loss=True)
    model.classifier = DeepLabHead(2048, 3)
    model.aux_classifier = FCNHead(1024, 3)
    return model


# shapelint: input=(2, 3, 64, 64)
def fcn_resnet50_replace_last_conv():
    model = models.segmentation.fcn_resnet50(weights=None, weights_backbone=None, num_classes=21)
    model.classifier[4] = nn.Conv2d(512, 2, kernel_size=(1, 1), stride=(1, 1))
    return model


# shapelint: input=(2, 3, 64, 64)
class SegmentationWrapper(nn.Module):
    """Wraps a torchvision segmentation model and returns only the 'out' map (for losses that want a tensor)."""

    def __init__(self, num_classes=4):
        super().__init__()
        self.model = models.segmentation.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None,
                                                                       num_classes=num_classes)

    def forward(self, x):
        return self.model(x)['out']
