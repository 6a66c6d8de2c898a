"""VGG variants from a cfg dict picked by key, an nn.Sequential subclass with its own __init__, activations chosen by name via getattr(nn, ...), and kwargs forwarded through two helper levels."""
import torch
import torch.nn as nn


cfgs = {
    'A': [16, 'M', 32, 'M', 64, 64, 'M', 128, 128, 'M', 128, 128, 'M'],
    'B': [16, 16, 'M', 32, 32, 'M', 64, 64, 'M', 128, 128, 'M', 128, 128, 'M'],
    'S': [32, 'M', 64, 'M', 96, 96, 'M'],
}


class ConvBNAct(nn.Sequential):
    def __init__(self, in_planes, out_planes, kernel_size=3, stride=1, groups=1, act_name='ReLU', **act_kwargs):
        padding = (kernel_size - 1) // 2
        super(ConvBNAct, self).__init__(
            nn.Conv2d(in_planes, out_planes, kernel_size, stride, padding, groups=groups, bias=False),
            nn.BatchNorm2d(out_planes),
            getattr(nn, act_name)(**act_kwargs),
        )
        self.out_channels = out_planes


def make_layers(cfg, batch_norm=False, act_name='ReLU', in_channels=3):
    layers = []
    for v in cfg:
        if v == 'M':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        elif batch_norm:
            layers += [ConvBNAct(in_channels, v, act_name=act_name)]
            in_channels = v
        else:
            layers += [nn.Conv2d(in_channels, v, kernel_size=3, padding=1), getattr(nn, act_name)()]
            in_channels = v
    return nn.Sequential(*layers)


class VGG(nn.Module):
    def __init__(self, features, num_classes=10, hidden=256, dropout=0.5, act_name='ReLU'):
        super(VGG, self).__init__()
        self.features = features
        out_channels = [m.out_channels for m in features.modules() if isinstance(m, nn.Conv2d)][-1]
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Sequential(
            nn.Linear(out_channels, hidden),
            getattr(nn, act_name)(),
            nn.Dropout(p=dropout),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, start_dim=1)
        x = self.classifier(x)
        return x


def _vgg(cfg, batch_norm, **kwargs):
    act_name = kwargs.pop('act_name', 'ReLU')
    in_channels = kwargs.pop('in_channels', 3)
    features = make_layers(cfgs[cfg], batch_norm=batch_norm, act_name=act_name, in_channels=in_channels)
    return _build(features, act_name=act_name, **kwargs)


def _build(features, **kwargs):
    return VGG(features, **kwargs)


# shapelint: input=(2, 3, 32, 32)
def vgg11_bn(**kwargs):
    return _vgg('A', True, **kwargs)


# shapelint: input=(2, 1, 64, 48)
def vgg13_gelu_gray(**kwargs):
    return _vgg('B', False, act_name='GELU', in_channels=1, num_classes=4, **kwargs)


# shapelint: input=(2, 3, 24, 24)
class TinyFeatures(nn.Sequential):
    def __init__(self, variant='S', act_name='Hardswish', num_classes=5):
        layers = []
        in_ch = 3
        for v in cfgs[variant]:
            if v == 'M':
                layers.append(nn.MaxPool2d(2))
            else:
                layers.append(ConvBNAct(in_ch, v, act_name=act_name))
                in_ch = v
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(in_ch, num_classes)]
        super().__init__(*layers)
