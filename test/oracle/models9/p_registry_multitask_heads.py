"""A config-driven multi-task network in the style of small research frameworks built around registries: Registry is a dict subclass whose register('resnet_tiny') decorator stores and returns the class unchanged and whose build(cfg, **extra) does self[cfg['type']](**cfg['args'], **extra); models are made with MultiTaskModel.from_config(cfg) (a @classmethod that pops 'type' and calls MODELS[type](**cfg['args'])). Backbones pass **kwargs up through three levels of super().__init__(**kwargs) (TinyResNet -> ConvBackbone -> BaseBackbone, which warns about leftovers before calling nn.Module.__init__), take their activation either as a string (getattr(nn, 'SiLU')()) or as a dict {'type': 'LeakyReLU', 'negative_slope': 0.1}, register stages with setattr(self, f'layer{i}', ...) and fetch them back with getattr in forward, and expose @property out_channels, which the model feeds into every head as in_channels. Heads live in an nn.ModuleDict keyed by task name and are selected by the string self.task (or 'all', which returns a namedtuple class created at construction time from the head names)."""
import copy
import warnings
from collections import namedtuple

import torch
import torch.nn as nn
import torch.nn.functional as F


class Registry(dict):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def register(self, name=None):
        def deco(cls):
            key = name or cls.__name__
            if key in self:
                raise KeyError(f'{key} already registered in {self.name}')
            self[key] = cls
            return cls

        return deco

    def build(self, cfg, **extra):
        cfg = copy.deepcopy(cfg)
        args = cfg.get('args', {})
        args.update(extra)
        return self[cfg['type']](**args)


MODELS = Registry('models')
BACKBONES = Registry('backbones')
HEADS = Registry('heads')


def make_act(act):
    if isinstance(act, str):
        return getattr(nn, act)()
    act = dict(act)
    return getattr(nn, act.pop('type'))(**act)


class BaseBackbone(nn.Module):
    def __init__(self, in_channels=3, frozen_stages=-1, **kwargs):
        if kwargs:
            warnings.warn(f'{type(self).__name__} ignores unused arguments {sorted(kwargs)}')
        super().__init__()
        self.in_channels = in_channels
        self.frozen_stages = frozen_stages

    @property
    def out_channels(self):
        raise NotImplementedError


class ConvBackbone(BaseBackbone):
    def __init__(self, act='ReLU', norm='BatchNorm2d', **kwargs):
        super().__init__(**kwargs)
        self.act_cfg = act
        self.norm_cls = getattr(nn, norm)

    def conv_bn_act(self, cin, cout, k=3, stride=1, groups=1, act=True):
        layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), self.norm_cls(cout)]
        if act:
            layers.append(make_act(self.act_cfg))
        return nn.Sequential(*layers)


class ResStage(nn.Module):
    def __init__(self, conv_bn_act, cin, cout, depth=1, stride=2):
        super().__init__()
        self.down = conv_bn_act(cin, cout, 3, stride)
        self.blocks = nn.ModuleList([
            nn.Sequential(conv_bn_act(cout, cout, 3), conv_bn_act(cout, cout, 3, act=False)) for _ in range(depth)
        ])

    def forward(self, x):
        x = self.down(x)
        for block in self.blocks:
            x = F.relu(x + block(x))
        return x


@BACKBONES.register('resnet_tiny')
class TinyResNet(ConvBackbone):
    def __init__(self, widths=(16, 32, 64, 128), depths=(1, 1, 1), **kwargs):
        super().__init__(**kwargs)
        assert len(depths) == len(widths) - 1
        self.widths = tuple(widths)
        self.stem = self.conv_bn_act(self.in_channels, widths[0], 3, 1)
        for i, (cin, cout) in enumerate(zip(widths[:-1], widths[1:]), start=1):
            setattr(self, f'layer{i}', ResStage(self.conv_bn_act, cin, cout, depths[i - 1]))
        self.num_layers = len(widths) - 1

    @property
    def out_channels(self):
        return self.widths[-1]

    @property
    def stride(self):
        return 2 ** self.num_layers

    def forward(self, x):
        x = self.stem(x)
        for i in range(1, self.num_layers + 1):
            x = getattr(self, f'layer{i}')(x)
        return x


class Residual(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x) + x


@BACKBONES.register('convmixer_tiny')
class TinyConvMixer(ConvBackbone):
    def __init__(self, dim=48, depth=3, kernel_size=5, patch_size=4, **kwargs):
        kwargs.setdefault('act', 'GELU')
        super().__init__(**kwargs)
        self.dim = dim
        self.patch_size = patch_size
        self.patch_embed = nn.Sequential(
            nn.Conv2d(self.in_channels, dim, kernel_size=patch_size, stride=patch_size),
            make_act(self.act_cfg),
            self.norm_cls(dim),
        )
        self.mixer = nn.Sequential(*[
            nn.Sequential(
                Residual(nn.Sequential(
                    nn.Conv2d(dim, dim, kernel_size, groups=dim, padding='same'),
                    make_act(self.act_cfg),
                    self.norm_cls(dim),
                )),
                nn.Conv2d(dim, dim, kernel_size=1),
                make_act(self.act_cfg),
                self.norm_cls(dim),
            ) for _ in range(depth)
        ])

    @property
    def out_channels(self):
        return self.dim

    @property
    def stride(self):
        return self.patch_size

    def forward(self, x):
        return self.mixer(self.patch_embed(x))


@HEADS.register('cls')
class ClsHead(nn.Module):
    def __init__(self, in_channels, num_classes, dropout=0.0):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(in_channels, num_classes)

    def forward(self, feats, input_size=None):
        x = self.pool(feats).flatten(1)
        return self.fc(self.dropout(x))


@HEADS.register('seg')
class SegHead(nn.Module):
    def __init__(self, in_channels, num_classes, hidden=32):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(in_channels, hidden, 3, padding=1, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
        )
        self.classifier = nn.Conv2d(hidden, num_classes, 1)

    def forward(self, feats, input_size=None):
        x = self.classifier(self.conv(feats))
        if input_size is not None:
            x = F.interpolate(x, size=input_size, mode='bilinear', align_corners=False)
        return x


@HEADS.register('embed')
class EmbeddingHead(nn.Module):
    def __init__(self, in_channels, dim=16):
        super().__init__()
        self.proj = nn.Linear(2 * in_channels, dim)

    def forward(self, feats, input_size=None):
        pooled = torch.cat([feats.mean((2, 3)), feats.amax((2, 3))], dim=1)
        return F.normalize(self.proj(pooled), dim=-1)


@MODELS.register('multitask')
class MultiTaskModel(nn.Module):
    def __init__(self, backbone, heads, default_task='cls'):
        super().__init__()
        self.backbone = BACKBONES.build(backbone)
        self.heads = nn.ModuleDict({
            name: HEADS.build(head_cfg, in_channels=self.backbone.out_channels) for name, head_cfg in heads.items()
        })
        if default_task != 'all' and default_task not in self.heads:
            raise KeyError(default_task)
        self.task = default_task
        self.output_type = namedtuple('MultiTaskOutput', list(self.heads.keys()))

    @classmethod
    def from_config(cls, cfg):
        cfg = copy.deepcopy(cfg)
        model_type = cfg.pop('type')
        return MODELS[model_type](**cfg['args'])

    def forward(self, x):
        feats = self.backbone(x)
        input_size = x.shape[-2:]
        if self.task == 'all':
            return self.output_type(**{name: head(feats, input_size) for name, head in self.heads.items()})
        return self.heads[self.task](feats, input_size)


CFG = {
    'type': 'multitask',
    'args': {
        'backbone': {'type': 'resnet_tiny', 'args': {'widths': [16, 32, 64, 96], 'depths': [1, 2, 1],
                                                     'act': 'SiLU'}},
        'heads': {
            'cls': {'type': 'cls', 'args': {'num_classes': 10, 'dropout': 0.1}},
            'seg': {'type': 'seg', 'args': {'num_classes': 5}},
            'embed': {'type': 'embed', 'args': {'dim': 16}},
        },
        'default_task': 'cls',
    },
}


# shapelint: input=(2, 3, 32, 32)
def multitask_resnet_cls():
    return MultiTaskModel.from_config(CFG)


# shapelint: input=(2, 3, 32, 48)
def multitask_resnet_all():
    cfg = copy.deepcopy(CFG)
    cfg['args']['default_task'] = 'all'
    cfg['args']['backbone']['args']['act'] = {'type': 'LeakyReLU', 'negative_slope': 0.1}
    return MultiTaskModel.from_config(cfg)


# shapelint: input=(2, 1, 64, 64)
def convmixer_seg():
    cfg = {
        'type': 'multitask',
        'args': {
            'backbone': {'type': 'convmixer_tiny', 'args': {'dim': 32, 'depth': 2, 'in_channels': 1,
                                                            'frozen_stages': 0}},
            'heads': {'seg': {'type': 'seg', 'args': {'num_classes': 3, 'hidden': 16}},
                      'cls': {'type': 'cls', 'args': {'num_classes': 2}}},
            'default_task': 'seg',
        },
    }
    return MultiTaskModel.from_config(cfg)
