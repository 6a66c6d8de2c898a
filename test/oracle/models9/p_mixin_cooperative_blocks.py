"""Residual networks assembled from mixin classes with cooperative super() chains, in the style of framework code that splits behaviour into mixins (mmengine BaseModule + init_cfg, timm/fastai composition): InitWeightsMixin pops init_cfg and provides a @torch.no_grad() init_weights(); ChannelsMixin exposes @property out_channels = _out_channels * expansion; ResidualMixin, SEMixin and PostActMixin each wrap the forward of the next class in the MRO (return self.post_act(super().forward(x)), super().forward(x) + self.shortcut(x), ...), so BasicBlock(PostActMixin, ResidualMixin, PlainBlock) and SEBasicBlock(PostActMixin, ResidualMixin, SEMixin, PlainBlock) get their forward by MRO composition, with every __init__ taking *args/**kwargs, popping its own keyword and passing the rest up to nn.Module. Activations are getattr(nn, act_cfg['type'])(**rest); ConvNormAct and Stage are nn.Sequential subclasses with a custom __init__ (Stage has an out_channels property reading self[-1]); MixinNet.arch_settings maps arch names to (block class, depths), MixinNet.from_arch() is a @classmethod constructor, _make_divisible a @staticmethod, and forward walks `for name, module in self.named_children()`. The last model is a subclass whose no-argument __init__ fixes the architecture and passes **kwargs up."""
import functools

import torch
import torch.nn as nn


class InitWeightsMixin:
    def __init__(self, *args, init_cfg=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_cfg = dict(init_cfg) if init_cfg is not None else dict(type='Kaiming', zero_init_last=True)

    @torch.no_grad()
    def init_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
                m.weight.fill_(1.0)
                m.bias.zero_()
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, std=0.01)
                nn.init.zeros_(m.bias)


class ChannelsMixin:
    expansion = 1

    @property
    def out_channels(self):
        return self._out_channels * self.expansion


class ConvNormAct(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, groups=1, norm_layer=None,
                 act_layer=nn.ReLU, **conv_kwargs):
        padding = conv_kwargs.pop('padding', (kernel_size - 1) // 2)
        norm_layer = norm_layer or nn.BatchNorm2d
        layers = [
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, groups=groups, bias=False,
                      **conv_kwargs),
            norm_layer(out_channels),
        ]
        if act_layer is not None:
            layers.append(act_layer())
        super().__init__(*layers)
        self.out_channels = out_channels


class PlainBlock(ChannelsMixin, InitWeightsMixin, nn.Module):
    expansion = 1

    def __init__(self, in_channels, channels, stride=1, norm_layer=None, **kwargs):
        super().__init__(**kwargs)
        self.in_channels = in_channels
        self._out_channels = channels
        self.stride = stride
        self.conv1 = ConvNormAct(in_channels, channels, 3, stride, norm_layer=norm_layer)
        self.conv2 = ConvNormAct(channels, self.out_channels, 3, norm_layer=norm_layer, act_layer=None)

    def forward(self, x):
        return self.conv2(self.conv1(x))


class BottleneckBody(ChannelsMixin, InitWeightsMixin, nn.Module):
    expansion = 4

    def __init__(self, in_channels, channels, stride=1, norm_layer=None, groups=1, **kwargs):
        super().__init__(**kwargs)
        self.in_channels = in_channels
        self._out_channels = channels
        self.stride = stride
        self.conv1 = ConvNormAct(in_channels, channels, 1, norm_layer=norm_layer)
        self.conv2 = ConvNormAct(channels, channels, 3, stride, groups=groups, norm_layer=norm_layer)
        self.conv3 = ConvNormAct(channels, self.out_channels, 1, norm_layer=norm_layer, act_layer=None)

    def forward(self, x):
        return self.conv3(self.conv2(self.conv1(x)))


class ResidualMixin:
    """Adds an identity or projection shortcut around the forward of the next class in the MRO."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.stride != 1 or self.in_channels != self.out_channels:
            self.shortcut = ConvNormAct(self.in_channels, self.out_channels, 1, self.stride, act_layer=None)
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        return super().forward(x) + self.shortcut(x)


class SEMixin:
    """Squeeze-and-excitation applied to the output of the next forward in the MRO."""

    def __init__(self, *args, se_ratio=0.25, **kwargs):
        super().__init__(*args, **kwargs)
        hidden = max(8, int(self.out_channels * se_ratio))
        self.se_pool = nn.AdaptiveAvgPool2d(1)
        self.se_reduce = nn.Conv2d(self.out_channels, hidden, 1)
        self.se_expand = nn.Conv2d(hidden, self.out_channels, 1)

    def forward(self, x):
        out = super().forward(x)
        s = self.se_pool(out)
        s = self.se_expand(torch.relu(self.se_reduce(s)))
        return out * torch.sigmoid(s)


class PostActMixin:
    def __init__(self, *args, act_cfg=None, **kwargs):
        super().__init__(*args, **kwargs)
        act_cfg = dict(act_cfg) if act_cfg is not None else dict(type='ReLU')
        act_type = act_cfg.pop('type')
        self.post_act = getattr(nn, act_type)(**act_cfg)

    def forward(self, x):
        return self.post_act(super().forward(x))


class BasicBlock(PostActMixin, ResidualMixin, PlainBlock):
    pass


class SEBasicBlock(PostActMixin, ResidualMixin, SEMixin, PlainBlock):
    pass


class Bottleneck(PostActMixin, ResidualMixin, BottleneckBody):
    pass


class Stage(nn.Sequential):
    def __init__(self, block_cls, in_channels, channels, depth, stride=2, **block_kwargs):
        blocks = []
        for i in range(depth):
            block = block_cls(in_channels, channels, stride if i == 0 else 1, **block_kwargs)
            blocks.append(block)
            in_channels = block.out_channels
        super().__init__(*blocks)

    @property
    def out_channels(self):
        return self[-1].out_channels


class MixinNet(InitWeightsMixin, nn.Module):
    arch_settings = {
        'basic18': (BasicBlock, (2, 2, 2, 2)),
        'se_basic10': (SEBasicBlock, (1, 1, 1, 1)),
        'bottleneck26': (Bottleneck, (2, 2, 2, 2)),
    }

    def __init__(self, block, layers, width=16, num_classes=10, in_chans=3, width_mult=1.0, norm_layer=None,
                 **kwargs):
        block_kwargs = {k: kwargs.pop(k) for k in ('act_cfg', 'se_ratio', 'groups') if k in kwargs}
        super().__init__(**kwargs)
        stem_width = self._make_divisible(width * width_mult)
        self.stem = ConvNormAct(in_chans, stem_width, 3, 1, norm_layer=norm_layer)
        in_channels = stem_width
        for i, depth in enumerate(layers):
            channels = self._make_divisible(width * width_mult * 2 ** i)
            stage = Stage(block, in_channels, channels, depth, stride=1 if i == 0 else 2, norm_layer=norm_layer,
                          **block_kwargs)
            self.add_module(f'layer{i + 1}', stage)
            in_channels = stage.out_channels
        self._num_features = in_channels
        self.global_pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten(1)
        self.fc = nn.Linear(self.num_features, num_classes)
        self.init_weights()

    @property
    def num_features(self):
        return self._num_features

    @staticmethod
    def _make_divisible(v, divisor=8):
        return max(divisor, int(v + divisor / 2) // divisor * divisor)

    @classmethod
    def from_arch(cls, arch, **kwargs):
        block, layers = cls.arch_settings[arch]
        return cls(block, layers, **kwargs)

    def forward(self, x):
        for name, module in self.named_children():
            x = module(x)
        return x


# shapelint: input=(2, 3, 32, 32)
def mixin_se_basic10_silu():
    return MixinNet.from_arch('se_basic10', width=16, num_classes=10, act_cfg=dict(type='SiLU'), se_ratio=0.5)


# shapelint: input=(2, 3, 32, 32)
def mixin_bottleneck26_gn():
    return MixinNet.from_arch('bottleneck26', width=8, width_mult=2.0, num_classes=100,
                              norm_layer=functools.partial(nn.GroupNorm, 8), groups=2,
                              act_cfg=dict(type='LeakyReLU', negative_slope=0.1, inplace=True),
                              init_cfg=dict(type='Kaiming'))


# shapelint: input=(2, 3, 40, 40)
class MixinResNet18(MixinNet):
    def __init__(self, **kwargs):
        block, layers = self.arch_settings['basic18']
        kwargs.setdefault('width', 24)
        super().__init__(block, layers, num_classes=7, **kwargs)
