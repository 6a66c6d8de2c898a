"""BUG: an mmdetection-style RetinaNet-like dense detector (backbone + FPN neck + shared conv head) built from configs that inherit from a _base_ dict: a Registry class with a register_module() decorator and build(cfg, default_args), a ResNet whose arch_settings map depth to (BasicBlock | Bottleneck, stage_blocks) with stages add_module'd as layer{i} and collected into a tuple by out_indices, ConvModule wrapping conv/norm/act selected by norm_cfg/act_cfg dicts (getattr(nn, act_cfg['type'])), an FPN neck with lateral and output ConvModules in nn.ModuleLists, start_level/num_outs and extra stride-2 max-pooled levels, and a head whose cls/reg branches are shared across levels and return lists per level. The r50 config is produced from the r18 one by merge_cfg(_base_, dict(backbone=dict(depth=50))) and only overrides the depth: the neck keeps in_channels=[16, 32, 64, 128] from the BasicBlock backbone while the Bottleneck backbone (expansion 4) now emits [64, 128, 256, 512], so the first lateral 1x1 conv of the FPN (Conv2d(16, 32, 1)) receives 64 channels and raises."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F


class Registry:
    def __init__(self, name):
        self.name = name
        self._module_dict = {}

    def register_module(self, name=None):
        def _register(cls):
            self._module_dict[name or cls.__name__] = cls
            return cls

        return _register

    def get(self, key):
        return self._module_dict[key]

    def build(self, cfg, default_args=None):
        args = dict(cfg)
        if default_args:
            for k, v in default_args.items():
                args.setdefault(k, v)
        obj_cls = self.get(args.pop('type'))
        return obj_cls(**args)


MODELS = Registry('models')


class ConvModule(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, norm_cfg=None,
                 act_cfg=dict(type='ReLU'), inplace=True):
        super().__init__()
        self.with_norm = norm_cfg is not None
        self.with_activation = act_cfg is not None
        bias = not self.with_norm
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding, bias=bias)
        if self.with_norm:
            norm_cfg = dict(norm_cfg)
            norm_type = norm_cfg.pop('type')
            if norm_type == 'GN':
                self.norm = nn.GroupNorm(num_channels=out_channels, **norm_cfg)
            else:
                self.norm = nn.BatchNorm2d(out_channels, **norm_cfg)
        if self.with_activation:
            act_cfg = dict(act_cfg)
            act_type = act_cfg.pop('type')
            if act_type in ('ReLU', 'LeakyReLU', 'ReLU6', 'SiLU'):
                act_cfg.setdefault('inplace', inplace)
            self.activate = getattr(nn, act_type)(**act_cfg)

    def forward(self, x):
        x = self.conv(x)
        if self.with_norm:
            x = self.norm(x)
        if self.with_activation:
            x = self.activate(x)
        return x


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, norm_cfg=dict(type='BN')):
        super().__init__()
        self.conv1 = ConvModule(inplanes, planes, 3, stride, 1, norm_cfg=norm_cfg)
        self.conv2 = ConvModule(planes, planes, 3, 1, 1, norm_cfg=norm_cfg, act_cfg=None)
        self.downsample = downsample
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv2(self.conv1(x)) + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, norm_cfg=dict(type='BN')):
        super().__init__()
        self.conv1 = ConvModule(inplanes, planes, 1, norm_cfg=norm_cfg)
        self.conv2 = ConvModule(planes, planes, 3, stride, 1, norm_cfg=norm_cfg)
        self.conv3 = ConvModule(planes, planes * self.expansion, 1, norm_cfg=norm_cfg, act_cfg=None)
        self.downsample = downsample
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv3(self.conv2(self.conv1(x))) + identity)


@MODELS.register_module()
class ResNet(nn.Module):
    arch_settings = {
        18: (BasicBlock, (2, 2, 2, 2)),
        34: (BasicBlock, (3, 4, 6, 3)),
        50: (Bottleneck, (3, 4, 6, 3)),
    }

    def __init__(self, depth, base_channels=64, out_indices=(0, 1, 2, 3), norm_cfg=dict(type='BN')):
        super().__init__()
        self.block, stage_blocks = self.arch_settings[depth]
        self.out_indices = out_indices
        self.stem = nn.Sequential(
            ConvModule(3, base_channels, 7, 2, 3, norm_cfg=norm_cfg),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
        )
        self.inplanes = base_channels
        self.res_layers = []
        for i, num_blocks in enumerate(stage_blocks):
            planes = base_channels * 2 ** i
            res_layer = self.make_res_layer(planes, num_blocks, stride=1 if i == 0 else 2, norm_cfg=norm_cfg)
            layer_name = f'layer{i + 1}'
            self.add_module(layer_name, res_layer)
            self.res_layers.append(layer_name)

    def make_res_layer(self, planes, num_blocks, stride, norm_cfg):
        downsample = None
        if stride != 1 or self.inplanes != planes * self.block.expansion:
            downsample = ConvModule(self.inplanes, planes * self.block.expansion, 1, stride, norm_cfg=norm_cfg,
                                    act_cfg=None)
        layers = [self.block(self.inplanes, planes, stride, downsample, norm_cfg=norm_cfg)]
        self.inplanes = planes * self.block.expansion
        for _ in range(1, num_blocks):
            layers.append(self.block(self.inplanes, planes, norm_cfg=norm_cfg))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.stem(x)
        outs = []
        for i, layer_name in enumerate(self.res_layers):
            res_layer = getattr(self, layer_name)
            x = res_layer(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)


@MODELS.register_module()
class FPN(nn.Module):
    def __init__(self, in_channels, out_channels, num_outs, start_level=0, end_level=-1, add_extra_convs=False,
                 norm_cfg=None, act_cfg=None):
        super().__init__()
        assert isinstance(in_channels, list)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.num_ins = len(in_channels)
        self.num_outs = num_outs
        self.add_extra_convs = add_extra_convs

        if end_level == -1 or end_level == self.num_ins - 1:
            self.backbone_end_level = self.num_ins
            assert num_outs >= self.num_ins - start_level
        else:
            self.backbone_end_level = end_level + 1
        self.start_level = start_level

        self.lateral_convs = nn.ModuleList()
        self.fpn_convs = nn.ModuleList()
        for i in range(self.start_level, self.backbone_end_level):
            l_conv = ConvModule(in_channels[i], out_channels, 1, norm_cfg=norm_cfg, act_cfg=act_cfg, inplace=False)
            fpn_conv = ConvModule(out_channels, out_channels, 3, padding=1, norm_cfg=norm_cfg, act_cfg=act_cfg,
                                  inplace=False)
            self.lateral_convs.append(l_conv)
            self.fpn_convs.append(fpn_conv)

    def forward(self, inputs):
        assert len(inputs) == len(self.in_channels)

        # build laterals
        laterals = [
            lateral_conv(inputs[i + self.start_level]) for i, lateral_conv in enumerate(self.lateral_convs)
        ]

        # build top-down path
        used_backbone_levels = len(laterals)
        for i in range(used_backbone_levels - 1, 0, -1):
            prev_shape = laterals[i - 1].shape[2:]
            laterals[i - 1] = laterals[i - 1] + F.interpolate(laterals[i], size=prev_shape, mode='nearest')

        # build outputs
        outs = [self.fpn_convs[i](laterals[i]) for i in range(used_backbone_levels)]
        # add extra levels
        if self.num_outs > len(outs):
            for i in range(self.num_outs - used_backbone_levels):
                outs.append(F.max_pool2d(outs[-1], 1, stride=2))
        return tuple(outs)


@MODELS.register_module()
class RetinaLikeHead(nn.Module):
    def __init__(self, num_classes, in_channels, feat_channels=32, stacked_convs=2, num_anchors=9,
                 norm_cfg=None):
        super().__init__()
        self.cls_out_channels = num_classes
        self.cls_convs = nn.ModuleList()
        self.reg_convs = nn.ModuleList()
        for i in range(stacked_convs):
            chn = in_channels if i == 0 else feat_channels
            self.cls_convs.append(ConvModule(chn, feat_channels, 3, padding=1, norm_cfg=norm_cfg))
            self.reg_convs.append(ConvModule(chn, feat_channels, 3, padding=1, norm_cfg=norm_cfg))
        self.retina_cls = nn.Conv2d(feat_channels, num_anchors * self.cls_out_channels, 3, padding=1)
        self.retina_reg = nn.Conv2d(feat_channels, num_anchors * 4, 3, padding=1)

    def forward_single(self, x):
        cls_feat = x
        reg_feat = x
        for cls_conv in self.cls_convs:
            cls_feat = cls_conv(cls_feat)
        for reg_conv in self.reg_convs:
            reg_feat = reg_conv(reg_feat)
        return self.retina_cls(cls_feat), self.retina_reg(reg_feat)

    def forward(self, feats):
        cls_scores, bbox_preds = [], []
        for feat in feats:
            cls_score, bbox_pred = self.forward_single(feat)
            cls_scores.append(cls_score)
            bbox_preds.append(bbox_pred)
        return cls_scores, bbox_preds


@MODELS.register_module()
class SingleStageDetector(nn.Module):
    def __init__(self, backbone, neck, bbox_head):
        super().__init__()
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck)
        self.bbox_head = MODELS.build(bbox_head, default_args=dict(in_channels=neck['out_channels']))

    def extract_feat(self, img):
        return self.neck(self.backbone(img))

    def forward(self, img):
        return self.bbox_head(self.extract_feat(img))


def merge_cfg(base, override):
    merged = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict) and not v.pop('_delete_', False):
            merged[k] = merge_cfg(merged[k], v)
        else:
            merged[k] = v
    return merged


_base_ = dict(
    type='SingleStageDetector',
    backbone=dict(type='ResNet', depth=18, base_channels=16, out_indices=(0, 1, 2, 3)),
    neck=dict(type='FPN', in_channels=[16, 32, 64, 128], out_channels=32, start_level=0, num_outs=5),
    bbox_head=dict(type='RetinaLikeHead', num_classes=8, feat_channels=32, stacked_convs=2,
                   norm_cfg=dict(type='GN', num_groups=8)),
)

retina_r50_fpn = merge_cfg(_base_, dict(backbone=dict(depth=50)))


# shapelint: input=(2, 3, 64, 64)
def retina_r50_fpn_tiny():
    return MODELS.build(retina_r50_fpn)
