"""BUG: an mmpretrain-style MobileNetV2 classifier built from a config dict through registries (BACKBONES/NECKS/HEADS dicts filled by a register_module(name) decorator that returns the class, build(registry, cfg) popping 'type'), with arch_settings rows [expand_ratio, channels, num_blocks, stride] scaled by widen_factor through make_divisible, an nn.Sequential subclass ConvBNAct whose activation is getattr(nn, act_cfg['type']), InvertedResidual blocks, stages add_module'd as layer{i} and walked via self.layers names, and a backbone @property out_channels. ImageClassifier fills the head's in_channels with head_cfg.setdefault('in_channels', self.backbone.out_channels) so it normally follows the backbone. The 'mobilenet_v2_0.5x' config was derived from the 1.0x one by overriding only widen_factor=0.5 and still carries the head's explicit in_channels=256; setdefault keeps that stale value while the backbone's out_channels is make_divisible(256 * 0.5) = 128, so the head's nn.Linear(256, 10) receives 128 features and raises."""
import copy

import torch
import torch.nn as nn

BACKBONES = {}
NECKS = {}
HEADS = {}
CLASSIFIERS = {}


def register_module(registry, name=None):
    def _register(cls):
        registry[name or cls.__name__] = cls
        return cls

    return _register


def build(registry, cfg, **default_args):
    args = copy.deepcopy(cfg)
    obj_type = args.pop('type')
    for k, v in default_args.items():
        args.setdefault(k, v)
    return registry[obj_type](**args)


def make_divisible(value, divisor, min_value=None, min_ratio=0.9):
    if min_value is None:
        min_value = divisor
    new_value = max(min_value, int(value + divisor / 2) // divisor * divisor)
    # Make sure that round down does not go down by more than (1-min_ratio).
    if new_value < min_ratio * value:
        new_value += divisor
    return new_value


class ConvBNAct(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, groups=1, act_cfg=dict(type='ReLU6')):
        layers = [
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, kernel_size // 2, groups=groups, bias=False),
            nn.BatchNorm2d(out_channels),
        ]
        if act_cfg is not None:
            act_cfg = dict(act_cfg)
            layers.append(getattr(nn, act_cfg.pop('type'))(**act_cfg))
        super().__init__(*layers)
        self.out_channels = out_channels


class InvertedResidual(nn.Module):
    def __init__(self, in_channels, out_channels, stride, expand_ratio, act_cfg=dict(type='ReLU6')):
        super().__init__()
        self.stride = stride
        assert stride in [1, 2], f'stride must in [1, 2]. But received {stride}.'
        hidden_dim = int(round(in_channels * expand_ratio))
        self.use_res_connect = self.stride == 1 and in_channels == out_channels

        layers = []
        if expand_ratio != 1:
            layers.append(ConvBNAct(in_channels, hidden_dim, kernel_size=1, act_cfg=act_cfg))
        layers.extend([
            ConvBNAct(hidden_dim, hidden_dim, kernel_size=3, stride=stride, groups=hidden_dim, act_cfg=act_cfg),
            ConvBNAct(hidden_dim, out_channels, kernel_size=1, act_cfg=None),
        ])
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


@register_module(BACKBONES)
class MobileNetV2(nn.Module):
    # Parameters to build layers. 4 parameters are needed to construct a
    # layer, from left to right: expand_ratio, channel, num_blocks, stride.
    arch_settings = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2], [6, 64, 2, 2], [6, 96, 1, 1], [6, 160, 1, 2]]

    def __init__(self, widen_factor=1.0, last_channels=256, out_indices=(6, ), act_cfg=dict(type='ReLU6')):
        super().__init__()
        self.widen_factor = widen_factor
        self.last_channels = last_channels
        self.out_indices = out_indices
        self.act_cfg = act_cfg

        self.in_channels = make_divisible(32 * widen_factor, 8)
        self.conv1 = ConvBNAct(3, self.in_channels, 3, stride=2, act_cfg=act_cfg)

        self.layers = []
        for i, layer_cfg in enumerate(self.arch_settings):
            expand_ratio, channel, num_blocks, stride = layer_cfg
            out_channels = make_divisible(channel * widen_factor, 8)
            inverted_res_layer = self.make_layer(out_channels, num_blocks, stride, expand_ratio)
            layer_name = f'layer{i + 1}'
            self.add_module(layer_name, inverted_res_layer)
            self.layers.append(layer_name)

        self.conv2 = ConvBNAct(self.in_channels, self.out_channels, kernel_size=1, act_cfg=act_cfg)
        self.layers.append('conv2')

    @property
    def out_channels(self):
        return make_divisible(self.last_channels * self.widen_factor, 8)

    def make_layer(self, out_channels, num_blocks, stride, expand_ratio):
        layers = []
        for i in range(num_blocks):
            if i >= 1:
                stride = 1
            layers.append(InvertedResidual(self.in_channels, out_channels, stride, expand_ratio, self.act_cfg))
            self.in_channels = out_channels
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.conv1(x)
        outs = []
        for i, layer_name in enumerate(self.layers):
            layer = getattr(self, layer_name)
            x = layer(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)


@register_module(NECKS)
class GlobalAveragePooling(nn.Module):
    def __init__(self):
        super().__init__()
        self.gap = nn.AdaptiveAvgPool2d((1, 1))

    def forward(self, inputs):
        if isinstance(inputs, tuple):
            return tuple(self.gap(x).flatten(1) for x in inputs)
        return self.gap(inputs).flatten(1)


@register_module(HEADS)
class LinearClsHead(nn.Module):
    def __init__(self, num_classes, in_channels, dropout=0.0):
        super().__init__()
        self.in_channels = in_channels
        self.num_classes = num_classes
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(self.in_channels, self.num_classes)

    def pre_logits(self, feats):
        return feats[-1] if isinstance(feats, tuple) else feats

    def forward(self, feats):
        return self.fc(self.dropout(self.pre_logits(feats)))


@register_module(CLASSIFIERS)
class ImageClassifier(nn.Module):
    def __init__(self, backbone, neck=None, head=None):
        super().__init__()
        self.backbone = build(BACKBONES, backbone)
        self.neck = build(NECKS, neck) if neck is not None else nn.Identity()
        head = dict(head)
        head.setdefault('in_channels', self.backbone.out_channels)
        self.head = build(HEADS, head)

    def extract_feat(self, inputs):
        return self.neck(self.backbone(inputs))

    def forward(self, inputs):
        return self.head(self.extract_feat(inputs))


def merge_cfg(base, override):
    merged = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k] = merge_cfg(merged[k], v)
        else:
            merged[k] = v
    return merged


mobilenet_v2_1x = dict(
    type='ImageClassifier',
    backbone=dict(type='MobileNetV2', widen_factor=1.0, last_channels=256),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=256, dropout=0.2),
)

mobilenet_v2_05x = merge_cfg(mobilenet_v2_1x, dict(backbone=dict(widen_factor=0.5)))


# shapelint: input=(2, 3, 32, 32)
def mobilenet_v2_05x_cifar():
    return build(CLASSIFIERS, mobilenet_v2_05x)
