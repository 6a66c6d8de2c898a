"""An mmcv/mmcls-style image classifier built entirely from config dicts: a Registry class whose register_module() decorator returns the class unchanged, build_from_cfg() popping 'type' and looking the class up by name (default_args filled with setdefault), build_norm_layer(cfg, num_features, postfix) returning a (name, layer) pair that the blocks add_module() and read back through @property norm1/norm2/norm3 (getattr(self, self.norm1_name)), build_conv_layer() resolving getattr(nn, 'Conv2d'), BasicBlock/Bottleneck with an out_channels/mid_channels split by expansion, ResLayer as an nn.Sequential subclass with a custom __init__ (avg_down shortcut), ResNet.arch_settings selected by depth with stages add_module'd as layer{i} and walked through self.res_layers by name, out_indices returning a tuple, a GlobalAveragePooling neck that dispatches on isinstance(tuple/Tensor), and a LinearClsHead taking the last feature of a tuple in pre_logits. Two configs: ResNet-18 (BN) and a GroupNorm ResNet-26 with avg_down and two out_indices."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F


class Registry:
    """A registry to map strings to classes."""

    def __init__(self, name):
        self._name = name
        self._module_dict = dict()

    def __len__(self):
        return len(self._module_dict)

    def __contains__(self, key):
        return self.get(key) is not None

    def __repr__(self):
        return f'{self.__class__.__name__}(name={self._name}, items={self._module_dict})'

    @property
    def name(self):
        return self._name

    @property
    def module_dict(self):
        return self._module_dict

    def get(self, key):
        return self._module_dict.get(key, None)

    def build(self, cfg, default_args=None):
        return build_from_cfg(cfg, self, default_args=default_args)

    def _register_module(self, module, module_name=None, force=False):
        if not isinstance(module, type):
            raise TypeError(f'module must be a class, but got {type(module)}')
        if module_name is None:
            module_name = module.__name__
        if isinstance(module_name, str):
            module_name = [module_name]
        for name in module_name:
            if not force and name in self._module_dict:
                raise KeyError(f'{name} is already registered in {self.name}')
            self._module_dict[name] = module

    def register_module(self, name=None, force=False, module=None):
        # use it as a normal method: x.register_module(module=SomeClass)
        if module is not None:
            self._register_module(module=module, module_name=name, force=force)
            return module

        # use it as a decorator: @x.register_module()
        def _register(module):
            self._register_module(module=module, module_name=name, force=force)
            return module

        return _register


def build_from_cfg(cfg, registry, default_args=None):
    if not isinstance(cfg, dict):
        raise TypeError(f'cfg must be a dict, but got {type(cfg)}')
    args = cfg.copy()
    if default_args is not None:
        for name, value in default_args.items():
            args.setdefault(name, value)
    obj_type = args.pop('type')
    if isinstance(obj_type, str):
        obj_cls = registry.get(obj_type)
        if obj_cls is None:
            raise KeyError(f'{obj_type} is not in the {registry.name} registry')
    elif isinstance(obj_type, type):
        obj_cls = obj_type
    else:
        raise TypeError(f'type must be a str or valid type, but got {type(obj_type)}')
    return obj_cls(**args)


MODELS = Registry('model')
BACKBONES = Registry('backbone')
NECKS = Registry('neck')
HEADS = Registry('head')
CLASSIFIERS = Registry('classifier')
NORM_LAYERS = Registry('norm layer')

NORM_LAYERS.register_module('BN', module=nn.BatchNorm2d)
NORM_LAYERS.register_module('BN1d', module=nn.BatchNorm1d)
NORM_LAYERS.register_module('GN', module=nn.GroupNorm)
NORM_LAYERS.register_module('LN', module=nn.LayerNorm)
NORM_LAYERS.register_module('IN', module=nn.InstanceNorm2d)


def infer_abbr(class_type):
    if hasattr(class_type, '_abbr_'):
        return class_type._abbr_
    if issubclass(class_type, nn.modules.instancenorm._InstanceNorm):
        return 'in'
    elif issubclass(class_type, nn.modules.batchnorm._BatchNorm):
        return 'bn'
    elif issubclass(class_type, nn.GroupNorm):
        return 'gn'
    elif issubclass(class_type, nn.LayerNorm):
        return 'ln'
    return 'norm_layer'


def build_norm_layer(cfg, num_features, postfix=''):
    """Build normalization layer. Returns (name, layer)."""
    cfg_ = cfg.copy()
    layer_type = cfg_.pop('type')
    norm_layer = NORM_LAYERS.get(layer_type)
    if norm_layer is None:
        raise KeyError(f'Unrecognized norm type {layer_type}')
    abbr = infer_abbr(norm_layer)
    assert isinstance(postfix, (int, str))
    name = abbr + str(postfix)

    requires_grad = cfg_.pop('requires_grad', True)
    cfg_.setdefault('eps', 1e-5)
    if layer_type != 'GN':
        layer = norm_layer(num_features, **cfg_)
    else:
        assert 'num_groups' in cfg_
        layer = norm_layer(num_channels=num_features, **cfg_)

    for param in layer.parameters():
        param.requires_grad = requires_grad
    return name, layer


def build_conv_layer(cfg, *args, **kwargs):
    if cfg is None:
        cfg_ = dict(type='Conv2d')
    else:
        cfg_ = cfg.copy()
    layer_type = cfg_.pop('type')
    conv_layer = getattr(nn, layer_type)
    layer = conv_layer(*args, **kwargs, **cfg_)
    return layer


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, expansion=1, stride=1, dilation=1, downsample=None,
                 conv_cfg=None, norm_cfg=dict(type='BN')):
        super(BasicBlock, self).__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.expansion = expansion
        assert self.expansion == 1
        assert out_channels % expansion == 0
        self.mid_channels = out_channels // expansion
        self.stride = stride

        self.norm1_name, norm1 = build_norm_layer(norm_cfg, self.mid_channels, postfix=1)
        self.norm2_name, norm2 = build_norm_layer(norm_cfg, out_channels, postfix=2)

        self.conv1 = build_conv_layer(conv_cfg, in_channels, self.mid_channels, 3, stride=stride,
                                      padding=dilation, dilation=dilation, bias=False)
        self.add_module(self.norm1_name, norm1)
        self.conv2 = build_conv_layer(conv_cfg, self.mid_channels, out_channels, 3, padding=1, bias=False)
        self.add_module(self.norm2_name, norm2)

        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    @property
    def norm1(self):
        return getattr(self, self.norm1_name)

    @property
    def norm2(self):
        return getattr(self, self.norm2_name)

    def forward(self, x):
        identity = x

        out = self.conv1(x)
        out = self.norm1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.norm2(out)

        if self.downsample is not None:
            identity = self.downsample(x)

        out += identity
        out = self.relu(out)
        return out


class Bottleneck(nn.Module):
    def __init__(self, in_channels, out_channels, expansion=4, stride=1, dilation=1, downsample=None,
                 conv_cfg=None, norm_cfg=dict(type='BN')):
        super(Bottleneck, self).__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.expansion = expansion
        assert out_channels % expansion == 0
        self.mid_channels = out_channels // expansion

        self.norm1_name, norm1 = build_norm_layer(norm_cfg, self.mid_channels, postfix=1)
        self.norm2_name, norm2 = build_norm_layer(norm_cfg, self.mid_channels, postfix=2)
        self.norm3_name, norm3 = build_norm_layer(norm_cfg, out_channels, postfix=3)

        self.conv1 = build_conv_layer(conv_cfg, in_channels, self.mid_channels, kernel_size=1, bias=False)
        self.add_module(self.norm1_name, norm1)
        self.conv2 = build_conv_layer(conv_cfg, self.mid_channels, self.mid_channels, kernel_size=3,
                                      stride=stride, padding=dilation, dilation=dilation, bias=False)
        self.add_module(self.norm2_name, norm2)
        self.conv3 = build_conv_layer(conv_cfg, self.mid_channels, out_channels, kernel_size=1, bias=False)
        self.add_module(self.norm3_name, norm3)

        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    @property
    def norm1(self):
        return getattr(self, self.norm1_name)

    @property
    def norm2(self):
        return getattr(self, self.norm2_name)

    @property
    def norm3(self):
        return getattr(self, self.norm3_name)

    def forward(self, x):
        identity = x
        out = self.relu(self.norm1(self.conv1(x)))
        out = self.relu(self.norm2(self.conv2(out)))
        out = self.norm3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


def get_expansion(block, expansion=None):
    if isinstance(expansion, int):
        assert expansion > 0
    elif expansion is None:
        if hasattr(block, 'expansion'):
            expansion = block.expansion
        elif issubclass(block, BasicBlock):
            expansion = 1
        elif issubclass(block, Bottleneck):
            expansion = 4
        else:
            raise TypeError(f'expansion is not specified for {block.__name__}')
    else:
        raise TypeError('expansion must be an integer or None')
    return expansion


class ResLayer(nn.Sequential):
    """ResLayer to build ResNet style backbone."""

    def __init__(self, block, num_blocks, in_channels, out_channels, expansion=None, stride=1,
                 avg_down=False, conv_cfg=None, norm_cfg=dict(type='BN'), **kwargs):
        self.block = block
        self.expansion = get_expansion(block, expansion)

        downsample = None
        if stride != 1 or in_channels != out_channels:
            downsample = []
            conv_stride = stride
            if avg_down and stride != 1:
                conv_stride = 1
                downsample.append(
                    nn.AvgPool2d(kernel_size=stride, stride=stride, ceil_mode=True, count_include_pad=False))
            downsample.extend([
                build_conv_layer(conv_cfg, in_channels, out_channels, kernel_size=1, stride=conv_stride, bias=False),
                build_norm_layer(norm_cfg, out_channels)[1]
            ])
            downsample = nn.Sequential(*downsample)

        layers = []
        layers.append(
            block(in_channels=in_channels, out_channels=out_channels, expansion=self.expansion, stride=stride,
                  downsample=downsample, conv_cfg=conv_cfg, norm_cfg=norm_cfg, **kwargs))
        in_channels = out_channels
        for i in range(1, num_blocks):
            layers.append(
                block(in_channels=in_channels, out_channels=out_channels, expansion=self.expansion, stride=1,
                      conv_cfg=conv_cfg, norm_cfg=norm_cfg, **kwargs))
        super(ResLayer, self).__init__(*layers)


@BACKBONES.register_module()
class ResNet(nn.Module):
    arch_settings = {
        10: (BasicBlock, (1, 1, 1, 1)),
        18: (BasicBlock, (2, 2, 2, 2)),
        26: (Bottleneck, (2, 2, 2, 2)),
        34: (BasicBlock, (3, 4, 6, 3)),
        50: (Bottleneck, (3, 4, 6, 3)),
    }

    def __init__(self, depth, in_channels=3, stem_channels=64, base_channels=64, expansion=None, num_stages=4,
                 strides=(1, 2, 2, 2), dilations=(1, 1, 1, 1), out_indices=(3, ), deep_stem=False,
                 avg_down=False, conv_cfg=None, norm_cfg=dict(type='BN', requires_grad=True)):
        super(ResNet, self).__init__()
        if depth not in self.arch_settings:
            raise KeyError(f'invalid depth {depth} for resnet')
        self.depth = depth
        self.stem_channels = stem_channels
        self.base_channels = base_channels
        self.num_stages = num_stages
        assert 1 <= num_stages <= 4
        self.strides = strides
        self.dilations = dilations
        self.out_indices = out_indices
        assert max(out_indices) < num_stages
        self.deep_stem = deep_stem
        self.avg_down = avg_down
        self.conv_cfg = conv_cfg
        self.norm_cfg = norm_cfg
        self.block, stage_blocks = self.arch_settings[depth]
        self.stage_blocks = stage_blocks[:num_stages]
        self.expansion = get_expansion(self.block, expansion)

        self._make_stem_layer(in_channels, stem_channels)

        self.res_layers = []
        _in_channels = stem_channels
        _out_channels = base_channels * self.expansion
        for i, num_blocks in enumerate(self.stage_blocks):
            stride = strides[i]
            dilation = dilations[i]
            res_layer = self.make_res_layer(
                block=self.block, num_blocks=num_blocks, in_channels=_in_channels, out_channels=_out_channels,
                expansion=self.expansion, stride=stride, dilation=dilation, avg_down=self.avg_down,
                conv_cfg=conv_cfg, norm_cfg=norm_cfg)
            _in_channels = _out_channels
            _out_channels *= 2
            layer_name = f'layer{i + 1}'
            self.add_module(layer_name, res_layer)
            self.res_layers.append(layer_name)

        self.feat_dim = res_layer[-1].out_channels

    @property
    def out_channels(self):
        return [self.base_channels * self.expansion * 2 ** i for i in self.out_indices]

    def make_res_layer(self, **kwargs):
        return ResLayer(**kwargs)

    @property
    def norm1(self):
        return getattr(self, self.norm1_name)

    def _make_stem_layer(self, in_channels, stem_channels):
        if self.deep_stem:
            self.stem = nn.Sequential(
                build_conv_layer(self.conv_cfg, in_channels, stem_channels // 2, 3, stride=2, padding=1, bias=False),
                build_norm_layer(self.norm_cfg, stem_channels // 2)[1],
                nn.ReLU(inplace=True),
                build_conv_layer(self.conv_cfg, stem_channels // 2, stem_channels, 3, padding=1, bias=False),
                build_norm_layer(self.norm_cfg, stem_channels)[1],
                nn.ReLU(inplace=True))
        else:
            self.conv1 = build_conv_layer(self.conv_cfg, in_channels, stem_channels, kernel_size=7, stride=2,
                                          padding=3, bias=False)
            self.norm1_name, norm1 = build_norm_layer(self.norm_cfg, stem_channels, postfix=1)
            self.add_module(self.norm1_name, norm1)
            self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def forward(self, x):
        if self.deep_stem:
            x = self.stem(x)
        else:
            x = self.conv1(x)
            x = self.norm1(x)
            x = self.relu(x)
        x = self.maxpool(x)
        outs = []
        for i, layer_name in enumerate(self.res_layers):
            res_layer = getattr(self, layer_name)
            x = res_layer(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)


@NECKS.register_module()
class GlobalAveragePooling(nn.Module):
    def __init__(self, dim=2):
        super(GlobalAveragePooling, self).__init__()
        assert dim in [1, 2, 3]
        if dim == 1:
            self.gap = nn.AdaptiveAvgPool1d(1)
        elif dim == 2:
            self.gap = nn.AdaptiveAvgPool2d((1, 1))
        else:
            self.gap = nn.AdaptiveAvgPool3d((1, 1, 1))

    def forward(self, inputs):
        if isinstance(inputs, tuple):
            outs = tuple([self.gap(x) for x in inputs])
            outs = tuple([out.view(x.size(0), -1) for out, x in zip(outs, inputs)])
        elif isinstance(inputs, torch.Tensor):
            outs = self.gap(inputs)
            outs = outs.view(inputs.size(0), -1)
        else:
            raise TypeError('neck inputs should be tuple or torch.tensor')
        return outs


@HEADS.register_module()
class LinearClsHead(nn.Module):
    def __init__(self, num_classes, in_channels, topk=(1, )):
        super(LinearClsHead, self).__init__()
        self.in_channels = in_channels
        self.num_classes = num_classes
        self.topk = topk
        if self.num_classes <= 0:
            raise ValueError(f'num_classes={num_classes} must be a positive integer')
        self.fc = nn.Linear(self.in_channels, self.num_classes)

    def pre_logits(self, x):
        if isinstance(x, tuple):
            x = x[-1]
        return x

    def forward(self, x):
        x = self.pre_logits(x)
        return self.fc(x)

    def simple_test(self, x, softmax=True):
        cls_score = self(x)
        if softmax:
            pred = F.softmax(cls_score, dim=1) if cls_score is not None else None
        else:
            pred = cls_score
        return pred


@CLASSIFIERS.register_module()
class ImageClassifier(nn.Module):
    def __init__(self, backbone, neck=None, head=None, pretrained=None, init_cfg=None):
        super(ImageClassifier, self).__init__()
        self.backbone = BACKBONES.build(backbone)
        if neck is not None:
            self.neck = NECKS.build(neck)
        if head is not None:
            self.head = HEADS.build(head)

    @property
    def with_neck(self):
        return hasattr(self, 'neck') and self.neck is not None

    @property
    def with_head(self):
        return hasattr(self, 'head') and self.head is not None

    def extract_feat(self, img, stage='neck'):
        x = self.backbone(img)
        if stage == 'backbone':
            return x
        if self.with_neck:
            x = self.neck(x)
        return x

    def forward(self, img, return_loss=False, **kwargs):
        x = self.extract_feat(img)
        if return_loss:
            raise NotImplementedError
        return self.head.simple_test(x, **kwargs)


def build_classifier(cfg):
    return CLASSIFIERS.build(cfg)


resnet18_cifar_cfg = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, stem_channels=16, base_channels=16, num_stages=4, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=128, topk=(1, 5)),
)

resnet26_gn_cfg = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=26, stem_channels=16, base_channels=8, out_indices=(2, 3), avg_down=True,
                  deep_stem=True, norm_cfg=dict(type='GN', num_groups=8, requires_grad=True)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=100, in_channels=256),
)


# shapelint: input=(2, 3, 32, 32)
def resnet18_cifar_tiny():
    return build_classifier(copy.deepcopy(resnet18_cifar_cfg))


# shapelint: input=(2, 3, 48, 48)
def resnet26_gn_avgdown():
    return build_classifier(copy.deepcopy(resnet26_gn_cfg))
