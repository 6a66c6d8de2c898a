"""A compact MobileNetV2/V3-style network built from torchvision's Conv2dNormActivation and SqueezeExcitation ops."""
import torch
from torch import nn
from torchvision.ops.misc import Conv2dNormActivation, SqueezeExcitation


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio, use_se=False):
        super().__init__()
        hidden_dim = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        layers = []
        if expand_ratio != 1:
            layers.append(Conv2dNormActivation(inp, hidden_dim, kernel_size=1, activation_layer=nn.ReLU6))
        layers.append(Conv2dNormActivation(hidden_dim, hidden_dim, stride=stride, groups=hidden_dim,
                                           activation_layer=nn.ReLU6))
        if use_se:
            layers.append(SqueezeExcitation(hidden_dim, max(8, hidden_dim // 4)))
        layers += [nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


# shapelint: input=(2, 3, 64, 64)
class MobileNetV2Small(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        # t, c, n, s, se
        setting = [[1, 16, 1, 1, False], [6, 24, 2, 2, False], [6, 32, 2, 2, True], [6, 64, 2, 2, True]]
        features = [Conv2dNormActivation(3, 32, stride=2, activation_layer=nn.ReLU6)]
        input_channel = 32
        for t, c, n, s, se in setting:
            for i in range(n):
                features.append(InvertedResidual(input_channel, c, s if i == 0 else 1, t, se))
                input_channel = c
        features.append(Conv2dNormActivation(input_channel, 256, kernel_size=1, activation_layer=nn.Hardswish))
        self.features = nn.Sequential(*features)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(256, num_classes))

    def forward(self, x):
        x = self.features(x)
        x = nn.functional.adaptive_avg_pool2d(x, (1, 1))
        x = torch.flatten(x, 1)
        return self.classifier(x)
