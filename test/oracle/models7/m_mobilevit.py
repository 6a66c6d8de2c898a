"""MobileViT (Mehta & Rastegari, 2022) in the layout of apple/ml-cvnets (cvnets/modules/mobilevit_block.py, transformer.py, mobilenetv2.py and models/classification/mobilevit.py): make_divisible, ConvLayer (conv, optional BN, optional SiLU), InvertedResidual (MV2) with res_connect, MobileViTBlock with local_rep (3x3 then 1x1), unfolding() that bilinearly resizes to a multiple of the patch size when needed, reshapes to [B * C * n_h, p_h, n_w, p_w], transposes and reshapes to [B * P, N, C], pre-norm TransformerEncoder blocks with a fused qkv_proj, folding() that undoes it, conv_proj and the fusion conv on torch.cat((res, fm), dim=1). Sizes follow the xx_small configuration; the 80x80 input makes the 5x5 and 3x3 maps of layer4/layer5 go through the interpolate path."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_divisible(v, divisor=8, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    # Make sure that round down does not go down by more than 10%.
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class ConvLayer(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, groups=1,
                 bias=False, use_norm=True, use_act=True):
        super().__init__()
        padding = (kernel_size - 1) // 2
        block = nn.Sequential()
        block.add_module(name="conv", module=nn.Conv2d(in_channels, out_channels, kernel_size,
                                                       stride=stride, padding=padding,
                                                       groups=groups, bias=bias))
        if use_norm:
            block.add_module(name="norm", module=nn.BatchNorm2d(out_channels, momentum=0.1))
        if use_act:
            block.add_module(name="act", module=nn.SiLU())
        self.block = block

    def forward(self, x):
        return self.block(x)


class InvertedResidual(nn.Module):
    def __init__(self, in_channels, out_channels, stride, expand_ratio, skip_connection=True):
        assert stride in [1, 2]
        hidden_dim = make_divisible(int(round(in_channels * expand_ratio)), 8)
        super().__init__()

        block = nn.Sequential()
        if expand_ratio != 1:
            block.add_module(name="exp_1x1",
                             module=ConvLayer(in_channels, hidden_dim, kernel_size=1))
        block.add_module(name="conv_3x3",
                         module=ConvLayer(hidden_dim, hidden_dim, kernel_size=3,
                                          stride=stride, groups=hidden_dim))
        block.add_module(name="red_1x1",
                         module=ConvLayer(hidden_dim, out_channels, kernel_size=1, use_act=False))

        self.block = block
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.exp = expand_ratio
        self.stride = stride
        self.use_res_connect = (
            self.stride == 1 and in_channels == out_channels and skip_connection
        )

    def forward(self, x):
        if self.use_res_connect:
            return x + self.block(x)
        else:
            return self.block(x)


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads, attn_dropout=0.0, bias=True):
        super().__init__()
        assert embed_dim % num_heads == 0
        self.qkv_proj = nn.Linear(in_features=embed_dim, out_features=3 * embed_dim, bias=bias)
        self.attn_dropout = nn.Dropout(p=attn_dropout)
        self.out_proj = nn.Linear(in_features=embed_dim, out_features=embed_dim, bias=bias)
        self.head_dim = embed_dim // num_heads
        self.scaling = self.head_dim ** -0.5
        self.softmax = nn.Softmax(dim=-1)
        self.num_heads = num_heads
        self.embed_dim = embed_dim

    def forward(self, x_q):
        # [N, P, C]
        b_sz, n_patches, in_channels = x_q.shape

        # [N, P, C] --> [N, P, 3C] --> [N, P, 3, h, c]
        qkv = (
            self.qkv_proj(x_q)
            .reshape(b_sz, n_patches, 3, self.num_heads, -1)
        )
        # [N, P, 3, h, c] --> [N, h, 3, P, C]
        qkv = qkv.transpose(1, 3).contiguous()

        # [N, h, 3, P, C] --> [N, h, P, C] x 3
        query, key, value = qkv[:, :, 0], qkv[:, :, 1], qkv[:, :, 2]

        query = query * self.scaling

        # [N h, P, c] --> [N, h, c, P]
        key = key.transpose(-1, -2)

        # QK^T
        # [N, h, P, c] x [N, h, c, P] --> [N, h, P, P]
        attn = torch.matmul(query, key)
        attn = self.softmax(attn)
        attn = self.attn_dropout(attn)

        # weighted sum
        # [N, h, P, P] x [N, h, P, c] --> [N, h, P, c]
        out = torch.matmul(attn, value)

        # [N, h, P, c] --> [N, P, h, c] --> [N, P, C]
        out = out.transpose(1, 2).reshape(b_sz, n_patches, -1)
        out = self.out_proj(out)

        return out


class TransformerEncoder(nn.Module):
    def __init__(self, embed_dim, ffn_latent_dim, num_heads=8, attn_dropout=0.0,
                 dropout=0.0, ffn_dropout=0.0):
        super().__init__()
        self.pre_norm_mha = nn.Sequential(
            nn.LayerNorm(embed_dim),
            MultiHeadAttention(embed_dim, num_heads, attn_dropout=attn_dropout, bias=True),
            nn.Dropout(p=dropout),
        )
        self.pre_norm_ffn = nn.Sequential(
            nn.LayerNorm(embed_dim),
            nn.Linear(in_features=embed_dim, out_features=ffn_latent_dim, bias=True),
            nn.SiLU(),
            nn.Dropout(p=ffn_dropout),
            nn.Linear(in_features=ffn_latent_dim, out_features=embed_dim, bias=True),
            nn.Dropout(p=dropout),
        )

    def forward(self, x):
        # Multi-head attention
        res = x
        x = self.pre_norm_mha(x)
        x = x + res

        # Feed forward network
        x = x + self.pre_norm_ffn(x)
        return x


class MobileViTBlock(nn.Module):
    def __init__(self, in_channels, transformer_dim, ffn_dim, n_transformer_blocks=2,
                 head_dim=32, attn_dropout=0.0, dropout=0.0, ffn_dropout=0.0,
                 patch_h=8, patch_w=8, conv_ksize=3, no_fusion=False):
        conv_3x3_in = ConvLayer(in_channels, in_channels, kernel_size=conv_ksize, stride=1)
        conv_1x1_in = ConvLayer(in_channels, transformer_dim, kernel_size=1, stride=1,
                                use_norm=False, use_act=False)

        conv_1x1_out = ConvLayer(transformer_dim, in_channels, kernel_size=1, stride=1)
        conv_3x3_out = None
        if not no_fusion:
            conv_3x3_out = ConvLayer(2 * in_channels, in_channels, kernel_size=conv_ksize, stride=1)
        super().__init__()
        self.local_rep = nn.Sequential()
        self.local_rep.add_module(name="conv_3x3", module=conv_3x3_in)
        self.local_rep.add_module(name="conv_1x1", module=conv_1x1_in)

        assert transformer_dim % head_dim == 0
        num_heads = transformer_dim // head_dim

        global_rep = [
            TransformerEncoder(embed_dim=transformer_dim, ffn_latent_dim=ffn_dim,
                               num_heads=num_heads, attn_dropout=attn_dropout,
                               dropout=dropout, ffn_dropout=ffn_dropout)
            for _ in range(n_transformer_blocks)
        ]
        global_rep.append(nn.LayerNorm(transformer_dim))
        self.global_rep = nn.Sequential(*global_rep)

        self.conv_proj = conv_1x1_out

        self.fusion = conv_3x3_out

        self.patch_h = patch_h
        self.patch_w = patch_w
        self.patch_area = self.patch_w * self.patch_h

        self.cnn_in_dim = in_channels
        self.cnn_out_dim = transformer_dim
        self.n_heads = num_heads
        self.ffn_dim = ffn_dim

    def unfolding(self, feature_map):
        patch_w, patch_h = self.patch_w, self.patch_h
        patch_area = int(patch_w * patch_h)
        batch_size, in_channels, orig_h, orig_w = feature_map.shape

        new_h = int(math.ceil(orig_h / self.patch_h) * self.patch_h)
        new_w = int(math.ceil(orig_w / self.patch_w) * self.patch_w)

        interpolate = False
        if new_w != orig_w or new_h != orig_h:
            # Note: Padding can be done, but then it needs to be handled in attention function.
            feature_map = F.interpolate(
                feature_map, size=(new_h, new_w), mode="bilinear", align_corners=False
            )
            interpolate = True

        # number of patches along width and height
        num_patch_w = new_w // patch_w  # n_w
        num_patch_h = new_h // patch_h  # n_h
        num_patches = num_patch_h * num_patch_w  # N

        # [B, C, H, W] --> [B * C * n_h, p_h, n_w, p_w]
        reshaped_fm = feature_map.reshape(
            batch_size * in_channels * num_patch_h, patch_h, num_patch_w, patch_w
        )
        # [B * C * n_h, p_h, n_w, p_w] --> [B * C * n_h, n_w, p_h, p_w]
        transposed_fm = reshaped_fm.transpose(1, 2)
        # [B * C * n_h, n_w, p_h, p_w] --> [B, C, N, P] where P = p_h * p_w and N = n_h * n_w
        reshaped_fm = transposed_fm.reshape(
            batch_size, in_channels, num_patches, patch_area
        )
        # [B, C, N, P] --> [B, P, N, C]
        transposed_fm = reshaped_fm.transpose(1, 3)
        # [B, P, N, C] --> [BP, N, C]
        patches = transposed_fm.reshape(batch_size * patch_area, num_patches, -1)

        info_dict = {
            "orig_size": (orig_h, orig_w),
            "batch_size": batch_size,
            "interpolate": interpolate,
            "total_patches": num_patches,
            "num_patches_w": num_patch_w,
            "num_patches_h": num_patch_h,
        }

        return patches, info_dict

    def folding(self, patches, info_dict):
        n_dim = patches.dim()
        assert n_dim == 3, "Tensor should be of shape BPxNxC. Got: {}".format(
            patches.shape
        )
        # [BP, N, C] --> [B, P, N, C]
        patches = patches.contiguous().view(
            info_dict["batch_size"], self.patch_area, info_dict["total_patches"], -1
        )

        batch_size, pixels, num_patches, channels = patches.size()
        num_patch_h = info_dict["num_patches_h"]
        num_patch_w = info_dict["num_patches_w"]

        # [B, P, N, C] --> [B, C, N, P]
        patches = patches.transpose(1, 3)

        # [B, C, N, P] --> [B*C*n_h, n_w, p_h, p_w]
        feature_map = patches.reshape(
            batch_size * channels * num_patch_h, num_patch_w, self.patch_h, self.patch_w
        )
        # [B*C*n_h, n_w, p_h, p_w] --> [B*C*n_h, p_h, n_w, p_w]
        feature_map = feature_map.transpose(1, 2)
        # [B*C*n_h, p_h, n_w, p_w] --> [B, C, H, W]
        feature_map = feature_map.reshape(
            batch_size, channels, num_patch_h * self.patch_h, num_patch_w * self.patch_w
        )
        if info_dict["interpolate"]:
            feature_map = F.interpolate(
                feature_map,
                size=info_dict["orig_size"],
                mode="bilinear",
                align_corners=False,
            )
        return feature_map

    def forward(self, x):
        res = x

        fm = self.local_rep(x)

        # convert feature map to patches
        patches, info_dict = self.unfolding(fm)

        # learn global representations
        patches = self.global_rep(patches)

        # [B x Patch x Patches x C] --> [B x C x Patches x Patch]
        fm = self.folding(patches=patches, info_dict=info_dict)

        fm = self.conv_proj(fm)

        if self.fusion is not None:
            fm = self.fusion(torch.cat((res, fm), dim=1))
        return fm


def get_configuration(mode="xx_small"):
    head_dim = 8
    if mode == "xx_small":
        mv2_exp_mult = 2
        return {
            "layer1": {"out_channels": 16, "expand_ratio": mv2_exp_mult, "num_blocks": 1,
                       "stride": 1, "block_type": "mv2"},
            "layer2": {"out_channels": 24, "expand_ratio": mv2_exp_mult, "num_blocks": 3,
                       "stride": 2, "block_type": "mv2"},
            "layer3": {"out_channels": 48, "transformer_channels": 64, "ffn_dim": 128,
                       "transformer_blocks": 2, "patch_h": 2, "patch_w": 2, "stride": 2,
                       "mv_expand_ratio": mv2_exp_mult, "head_dim": head_dim,
                       "num_heads": 4, "block_type": "mobilevit"},
            "layer4": {"out_channels": 64, "transformer_channels": 80, "ffn_dim": 160,
                       "transformer_blocks": 4, "patch_h": 2, "patch_w": 2, "stride": 2,
                       "mv_expand_ratio": mv2_exp_mult, "head_dim": head_dim,
                       "num_heads": 4, "block_type": "mobilevit"},
            "layer5": {"out_channels": 80, "transformer_channels": 96, "ffn_dim": 192,
                       "transformer_blocks": 3, "patch_h": 2, "patch_w": 2, "stride": 2,
                       "mv_expand_ratio": mv2_exp_mult, "head_dim": head_dim,
                       "num_heads": 4, "block_type": "mobilevit"},
            "last_layer_exp_factor": 4,
        }
    elif mode == "xxx_small":
        mv2_exp_mult = 2
        return {
            "layer1": {"out_channels": 8, "expand_ratio": mv2_exp_mult, "num_blocks": 1,
                       "stride": 1, "block_type": "mv2"},
            "layer2": {"out_channels": 16, "expand_ratio": mv2_exp_mult, "num_blocks": 2,
                       "stride": 2, "block_type": "mv2"},
            "layer3": {"out_channels": 24, "transformer_channels": 32, "ffn_dim": 64,
                       "transformer_blocks": 1, "patch_h": 4, "patch_w": 4, "stride": 2,
                       "mv_expand_ratio": mv2_exp_mult, "head_dim": head_dim,
                       "num_heads": 4, "block_type": "mobilevit"},
            "layer4": {"out_channels": 32, "transformer_channels": 48, "ffn_dim": 96,
                       "transformer_blocks": 2, "patch_h": 2, "patch_w": 2, "stride": 2,
                       "mv_expand_ratio": mv2_exp_mult, "head_dim": head_dim,
                       "num_heads": 4, "block_type": "mobilevit"},
            "layer5": {"out_channels": 48, "transformer_channels": 64, "ffn_dim": 128,
                       "transformer_blocks": 1, "patch_h": 2, "patch_w": 2, "stride": 2,
                       "mv_expand_ratio": mv2_exp_mult, "head_dim": head_dim,
                       "num_heads": 4, "block_type": "mobilevit"},
            "last_layer_exp_factor": 4,
        }
    else:
        raise NotImplementedError


class MobileViT(nn.Module):
    def __init__(self, mode="xx_small", num_classes=1000, classifier_dropout=0.1):
        image_channels = 3
        out_channels = 16

        mobilevit_config = get_configuration(mode)

        super().__init__()
        self.dilation = 1

        self.conv_1 = ConvLayer(image_channels, out_channels, kernel_size=3, stride=2)

        self.layer_1, out_channels = self._make_layer(out_channels, mobilevit_config["layer1"])
        self.layer_2, out_channels = self._make_layer(out_channels, mobilevit_config["layer2"])
        self.layer_3, out_channels = self._make_layer(out_channels, mobilevit_config["layer3"])
        self.layer_4, out_channels = self._make_layer(out_channels, mobilevit_config["layer4"])
        self.layer_5, out_channels = self._make_layer(out_channels, mobilevit_config["layer5"])

        exp_channels = min(mobilevit_config["last_layer_exp_factor"] * out_channels, 960)
        self.conv_1x1_exp = ConvLayer(out_channels, exp_channels, kernel_size=1, stride=1)

        self.classifier = nn.Sequential()
        self.classifier.add_module(name="global_pool", module=nn.AdaptiveAvgPool2d(1))
        self.classifier.add_module(name="flatten", module=nn.Flatten())
        if 0.0 < classifier_dropout < 1.0:
            self.classifier.add_module(name="dropout", module=nn.Dropout(p=classifier_dropout, inplace=True))
        self.classifier.add_module(name="fc", module=nn.Linear(exp_channels, num_classes, bias=True))

    def _make_layer(self, input_channel, cfg):
        block_type = cfg.get("block_type", "mobilevit")
        if block_type.lower() == "mobilevit":
            return self._make_mit_layer(input_channel, cfg)
        else:
            return self._make_mobilenet_layer(input_channel, cfg)

    @staticmethod
    def _make_mobilenet_layer(input_channel, cfg):
        output_channels = cfg.get("out_channels")
        num_blocks = cfg.get("num_blocks", 2)
        expand_ratio = cfg.get("expand_ratio", 4)
        block = []

        for i in range(num_blocks):
            stride = cfg.get("stride", 1) if i == 0 else 1

            layer = InvertedResidual(input_channel, output_channels, stride, expand_ratio)
            block.append(layer)
            input_channel = output_channels
        return nn.Sequential(*block), input_channel

    def _make_mit_layer(self, input_channel, cfg):
        stride = cfg.get("stride", 1)
        block = []

        if stride == 2:
            layer = InvertedResidual(input_channel, cfg.get("out_channels"), stride,
                                     cfg.get("mv_expand_ratio", 4))
            block.append(layer)
            input_channel = cfg.get("out_channels")

        head_dim = cfg.get("head_dim", 32)
        transformer_dim = cfg["transformer_channels"]
        ffn_dim = cfg.get("ffn_dim")
        if head_dim is None:
            num_heads = cfg.get("num_heads", 4)
            if num_heads is None:
                num_heads = 4
            head_dim = transformer_dim // num_heads

        block.append(
            MobileViTBlock(
                in_channels=input_channel,
                transformer_dim=transformer_dim,
                ffn_dim=ffn_dim,
                n_transformer_blocks=cfg.get("transformer_blocks", 1),
                patch_h=cfg.get("patch_h", 2),
                patch_w=cfg.get("patch_w", 2),
                dropout=0.1,
                ffn_dropout=0.0,
                attn_dropout=0.1,
                head_dim=head_dim,
                conv_ksize=3,
            )
        )

        return nn.Sequential(*block), input_channel

    def forward(self, x):
        x = self.conv_1(x)
        x = self.layer_1(x)
        x = self.layer_2(x)
        x = self.layer_3(x)
        x = self.layer_4(x)
        x = self.layer_5(x)
        x = self.conv_1x1_exp(x)
        x = self.classifier(x)
        return x


# shapelint: input=(2, 3, 80, 80)
def mobilevit_xx_small():
    return MobileViT("xx_small", num_classes=10)


# shapelint: input=(2, 3, 64, 96)
def mobilevit_xxx_small():
    # 4x4 patches on the 8x12 map of layer3
    return MobileViT("xxx_small", num_classes=10)
