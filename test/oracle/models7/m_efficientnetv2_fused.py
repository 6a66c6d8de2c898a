"""EfficientNetV2 (Tan & Le, 2021) written the way timm's efficientnet_blocks.py / the paper's effnetv2_model.py lay it out: make_divisible(v, divisor=8, round_limit=.9), a drop_path() helper using x.new_empty(shape).bernoulli_(keep_prob) and x.div(keep_prob) * random_tensor, ConvBnAct, SqueezeExcite on x.mean((2, 3), keepdim=True) whose reduction is taken from the block's input channels (max(1, int(in_chs * se_ratio))), FusedMBConv (a single k x k expansion conv then a 1x1 projection, or just one conv when the expansion ratio is 1), MBConv (1x1 expand, depthwise k x k, SE, 1x1 project), nn.Identity() wherever a flag is off, a (type, expand, kernel, stride, channels, repeats, se) table scaled with width/depth multipliers and a stochastic-depth rate that grows linearly with the block index. Width and depth scaled down from V2-S and V2-B0."""
import math

import torch
import torch.nn as nn


def make_divisible(v, divisor=8, min_value=None, round_limit=.9):
    min_value = min_value or divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    # Make sure that round down does not go down by more than 10%.
    if new_v < round_limit * v:
        new_v += divisor
    return new_v


def round_repeats(repeats, depth_multiplier=1.0):
    return int(math.ceil(depth_multiplier * repeats))


def drop_path(x, drop_prob: float = 0., training: bool = False):
    """Drop paths (Stochastic Depth) per sample (when applied in main path of residual blocks).
    """
    if drop_prob == 0. or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)  # work with diff dim tensors, not just 2D ConvNets
    random_tensor = x.new_empty(shape).bernoulli_(keep_prob)
    output = x.div(keep_prob) * random_tensor
    return output


class DropPath(nn.Module):
    def __init__(self, drop_prob=None):
        super(DropPath, self).__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        return drop_path(x, self.drop_prob, self.training)


class ConvBnAct(nn.Module):
    def __init__(self, in_chs, out_chs, kernel_size=3, stride=1, groups=1, act_layer=nn.SiLU, apply_act=True):
        super(ConvBnAct, self).__init__()
        self.conv = nn.Conv2d(in_chs, out_chs, kernel_size, stride, padding=(kernel_size - 1) // 2,
                              groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(out_chs, eps=1e-3, momentum=0.01)
        self.act = act_layer(inplace=True) if apply_act else nn.Identity()

    def forward(self, x):
        x = self.conv(x)
        x = self.bn(x)
        x = self.act(x)
        return x


class SqueezeExcite(nn.Module):
    def __init__(self, in_chs, rd_channels, act_layer=nn.SiLU, gate_layer=nn.Sigmoid):
        super(SqueezeExcite, self).__init__()
        self.conv_reduce = nn.Conv2d(in_chs, rd_channels, 1, bias=True)
        self.act1 = act_layer(inplace=True)
        self.conv_expand = nn.Conv2d(rd_channels, in_chs, 1, bias=True)
        self.gate = gate_layer()

    def forward(self, x):
        x_se = x.mean((2, 3), keepdim=True)
        x_se = self.conv_reduce(x_se)
        x_se = self.act1(x_se)
        x_se = self.conv_expand(x_se)
        return x * self.gate(x_se)


class FusedMBConv(nn.Module):
    """ Fused MBConv: the expansion 1x1 and the depthwise kxk are merged into one regular kxk conv."""
    def __init__(self, in_chs, out_chs, kernel_size=3, stride=1, exp_ratio=1.0, se_ratio=0.,
                 drop_path_rate=0.):
        super(FusedMBConv, self).__init__()
        mid_chs = make_divisible(in_chs * exp_ratio)
        self.has_skip = stride == 1 and in_chs == out_chs
        self.has_expansion = exp_ratio != 1

        if self.has_expansion:
            self.conv_exp = ConvBnAct(in_chs, mid_chs, kernel_size, stride)
            self.se = SqueezeExcite(mid_chs, max(1, int(in_chs * se_ratio))) if se_ratio > 0 else nn.Identity()
            self.conv_pwl = ConvBnAct(mid_chs, out_chs, 1, apply_act=False)
        else:
            self.conv_exp = ConvBnAct(in_chs, out_chs, kernel_size, stride)
            self.se = SqueezeExcite(out_chs, max(1, int(in_chs * se_ratio))) if se_ratio > 0 else nn.Identity()
            self.conv_pwl = nn.Identity()
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.conv_exp(x)
        x = self.se(x)
        x = self.conv_pwl(x)
        if self.has_skip:
            x = self.drop_path(x) + shortcut
        return x


class MBConv(nn.Module):
    """ Inverted residual block w/ depthwise conv and squeeze-excite."""
    def __init__(self, in_chs, out_chs, kernel_size=3, stride=1, exp_ratio=4.0, se_ratio=0.25,
                 drop_path_rate=0.):
        super(MBConv, self).__init__()
        mid_chs = make_divisible(in_chs * exp_ratio)
        self.has_skip = stride == 1 and in_chs == out_chs

        # Point-wise expansion
        self.conv_pw = ConvBnAct(in_chs, mid_chs, 1)
        # Depth-wise convolution
        self.conv_dw = ConvBnAct(mid_chs, mid_chs, kernel_size, stride, groups=mid_chs)
        # Squeeze-and-excitation
        self.se = SqueezeExcite(mid_chs, max(1, int(in_chs * se_ratio))) if se_ratio > 0 else nn.Identity()
        # Point-wise linear projection
        self.conv_pwl = ConvBnAct(mid_chs, out_chs, 1, apply_act=False)
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.conv_pw(x)
        x = self.conv_dw(x)
        x = self.se(x)
        x = self.conv_pwl(x)
        if self.has_skip:
            x = self.drop_path(x) + shortcut
        return x


# block type, expand ratio, kernel, stride, out channels, repeats, se ratio
EFFNETV2_S = [
    ('fused', 1, 3, 1, 24, 2, 0.),
    ('fused', 4, 3, 2, 48, 4, 0.),
    ('fused', 4, 3, 2, 64, 4, 0.),
    ('mb', 4, 3, 2, 128, 6, 0.25),
    ('mb', 6, 3, 1, 160, 9, 0.25),
    ('mb', 6, 3, 2, 256, 15, 0.25),
]

EFFNETV2_B0 = [
    ('fused', 1, 3, 1, 16, 1, 0.),
    ('fused', 4, 3, 2, 32, 2, 0.),
    ('fused', 4, 3, 2, 48, 2, 0.),
    ('mb', 4, 3, 2, 96, 3, 0.25),
    ('mb', 6, 3, 1, 112, 5, 0.25),
    ('mb', 6, 3, 2, 192, 8, 0.25),
]


class EfficientNetV2(nn.Module):
    def __init__(self, block_args, width_mult=1.0, depth_mult=1.0, stem_size=24, num_features=1280,
                 num_classes=1000, drop_rate=0.2, drop_path_rate=0.2, in_chans=3):
        super(EfficientNetV2, self).__init__()
        self.drop_rate = drop_rate

        stem_size = make_divisible(stem_size * width_mult)
        self.conv_stem = ConvBnAct(in_chans, stem_size, 3, stride=2)

        total_blocks = sum(round_repeats(a[5], depth_mult) for a in block_args)
        block_idx = 0
        in_chs = stem_size
        stages = []
        for block_type, exp, k, s, c, n, se in block_args:
            out_chs = make_divisible(c * width_mult)
            blocks = []
            for i in range(round_repeats(n, depth_mult)):
                stride = s if i == 0 else 1
                dpr = drop_path_rate * block_idx / total_blocks  # stochastic depth linear decay rule
                block_fn = FusedMBConv if block_type == 'fused' else MBConv
                blocks.append(block_fn(in_chs, out_chs, kernel_size=k, stride=stride, exp_ratio=exp,
                                       se_ratio=se, drop_path_rate=dpr))
                in_chs = out_chs
                block_idx += 1
            stages.append(nn.Sequential(*blocks))
        self.blocks = nn.Sequential(*stages)

        self.num_features = make_divisible(num_features * width_mult) if width_mult < 1.0 else num_features
        self.conv_head = ConvBnAct(in_chs, self.num_features, 1)
        self.global_pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten(1)
        self.classifier = nn.Linear(self.num_features, num_classes) if num_classes > 0 else nn.Identity()

    def forward_features(self, x):
        x = self.conv_stem(x)
        x = self.blocks(x)
        x = self.conv_head(x)
        return x

    def forward_head(self, x, pre_logits: bool = False):
        x = self.flatten(self.global_pool(x))
        if self.drop_rate > 0.:
            x = nn.functional.dropout(x, p=self.drop_rate, training=self.training)
        return x if pre_logits else self.classifier(x)

    def forward(self, x):
        x = self.forward_features(x)
        x = self.forward_head(x)
        return x


# shapelint: input=(2, 3, 64, 64)
def efficientnetv2_s_tiny():
    return EfficientNetV2(EFFNETV2_S, width_mult=0.25, depth_mult=0.25, num_classes=10)


# shapelint: input=(2, 3, 80, 96)
def efficientnetv2_b0_half():
    return EfficientNetV2(EFFNETV2_B0, width_mult=0.5, depth_mult=0.5, stem_size=32,
                          num_features=1280, num_classes=10, drop_path_rate=0.1)
