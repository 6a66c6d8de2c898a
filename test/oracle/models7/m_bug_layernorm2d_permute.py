"""BUG: a timm-style ConvNeXt with conv_mlp=True (timm/models/convnext.py and layers/norm.py, layers/mlp.py): LayerNorm2d subclassing nn.LayerNorm for NCHW tensors, ConvMlp built from 1x1 Conv2d layers so the whole block stays channels-first, ConvNeXtBlock with a depthwise 7x7 conv, gamma reshaped with .reshape(1, -1, 1, 1), DropPath/nn.Identity, ConvNeXtStage with an optional LayerNorm2d + 2x2 strided conv downsample, and a stem of Conv2d(k=4, s=4) + LayerNorm2d; small dims (24/48/96/192). LayerNorm2d.forward was "simplified" to call F.layer_norm directly on the NCHW tensor, dropping the permute(0, 2, 3, 1) / permute(0, 3, 1, 2) pair, so it normalizes over the last dim (W = 16 after the stem) instead of the 24 channels, and the stem's LayerNorm2d raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def drop_path(x, drop_prob: float = 0., training: bool = False):
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


class LayerNorm2d(nn.LayerNorm):
    r""" LayerNorm for channels_first tensors with 2d spatial dimensions (ie N, C, H, W).
    """

    def __init__(self, normalized_shape, eps=1e-6):
        super().__init__(normalized_shape, eps=eps)

    def forward(self, x) -> torch.Tensor:
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x


class ConvMlp(nn.Module):
    """ MLP using 1x1 convs that keeps spatial dims
    """
    def __init__(
            self, in_features, hidden_features=None, out_features=None, act_layer=nn.ReLU,
            norm_layer=None, bias=True, drop=0.):
        super().__init__()
        out_features = out_features or in_features
        hidden_features = hidden_features or in_features

        self.fc1 = nn.Conv2d(in_features, hidden_features, kernel_size=1, bias=bias)
        self.norm = norm_layer(hidden_features) if norm_layer else nn.Identity()
        self.act = act_layer()
        self.drop = nn.Dropout(drop)
        self.fc2 = nn.Conv2d(hidden_features, out_features, kernel_size=1, bias=bias)

    def forward(self, x):
        x = self.fc1(x)
        x = self.norm(x)
        x = self.act(x)
        x = self.drop(x)
        x = self.fc2(x)
        return x


class ConvNeXtBlock(nn.Module):
    """ ConvNeXt Block, conv_mlp variant: DwConv -> LayerNorm2d (channels_first) -> 1x1 Conv -> GELU -> 1x1 Conv
    """

    def __init__(self, dim, drop_path=0., ls_init_value=1e-6, mlp_ratio=4, norm_layer=LayerNorm2d):
        super().__init__()
        self.conv_dw = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)  # depthwise conv
        self.norm = norm_layer(dim)
        self.mlp = ConvMlp(dim, int(mlp_ratio * dim), act_layer=nn.GELU)
        self.gamma = nn.Parameter(ls_init_value * torch.ones(dim)) if ls_init_value > 0 else None
        self.drop_path = DropPath(drop_path) if drop_path > 0. else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.conv_dw(x)
        x = self.norm(x)
        x = self.mlp(x)
        if self.gamma is not None:
            x = x.mul(self.gamma.reshape(1, -1, 1, 1))
        x = self.drop_path(x) + shortcut
        return x


class ConvNeXtStage(nn.Module):

    def __init__(
            self, in_chs, out_chs, stride=2, depth=2, dp_rates=None, ls_init_value=1.0,
            norm_layer=LayerNorm2d):
        super().__init__()

        if in_chs != out_chs or stride > 1:
            self.downsample = nn.Sequential(
                norm_layer(in_chs),
                nn.Conv2d(in_chs, out_chs, kernel_size=stride, stride=stride),
            )
        else:
            self.downsample = nn.Identity()

        dp_rates = dp_rates or [0.] * depth
        self.blocks = nn.Sequential(*[ConvNeXtBlock(
            dim=out_chs, drop_path=dp_rates[j], ls_init_value=ls_init_value, norm_layer=norm_layer)
            for j in range(depth)]
        )

    def forward(self, x):
        x = self.downsample(x)
        x = self.blocks(x)
        return x


class ConvNeXt(nn.Module):
    r""" ConvNeXt (conv_mlp=True: every block stays NCHW)
    """

    def __init__(
            self, in_chans=3, num_classes=1000, depths=(3, 3, 9, 3), dims=(96, 192, 384, 768),
            ls_init_value=1e-6, patch_size=4, head_init_scale=1., drop_rate=0., drop_path_rate=0.,
    ):
        super().__init__()
        self.num_classes = num_classes
        self.drop_rate = drop_rate

        # NOTE: this stem is a minimal form of ViT PatchEmbed, as used in SwinTransformer w/ patch_size = 4
        self.stem = nn.Sequential(
            nn.Conv2d(in_chans, dims[0], kernel_size=patch_size, stride=patch_size),
            LayerNorm2d(dims[0])
        )

        self.stages = nn.Sequential()
        dp_rates = [x.tolist() for x in torch.linspace(0, drop_path_rate, sum(depths)).split(depths)]
        prev_chs = dims[0]
        stages = []
        # 4 feature resolution stages, each consisting of multiple residual blocks
        for i in range(4):
            stride = 2 if i > 0 else 1
            out_chs = dims[i]
            stages.append(ConvNeXtStage(
                prev_chs, out_chs, stride=stride,
                depth=depths[i], dp_rates=dp_rates[i], ls_init_value=ls_init_value)
            )
            prev_chs = out_chs
        self.stages = nn.Sequential(*stages)

        self.num_features = prev_chs
        self.head = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            LayerNorm2d(self.num_features),
            nn.Flatten(1),
            nn.Dropout(self.drop_rate),
            nn.Linear(self.num_features, num_classes))

    def forward_features(self, x):
        x = self.stem(x)
        x = self.stages(x)
        return x

    def forward(self, x):
        x = self.forward_features(x)
        x = self.head(x)
        return x


# shapelint: input=(2, 3, 64, 64)
def convnext_pico_convmlp():
    return ConvNeXt(depths=(2, 2, 6, 2), dims=(24, 48, 96, 192), num_classes=10, drop_path_rate=0.1)
