"""UNETR (Hatamizadeh et al., 2022) without MONAI, following the structure of monai/networks/nets/unetr.py and the blocks it uses (PatchEmbeddingBlock, TransformerBlock/SABlock, UnetrBasicBlock, UnetrPrUpBlock, UnetrUpBlock, UnetResBlock, UnetOutBlock): a 3-D ViT on 16^3 patches (Conv3d patch embedding, x.flatten(2).transpose(-1, -2), learned position embeddings, pre-norm blocks whose SABlock splits qkv with reshape/permute instead of einops) returning the final normed tokens and the list of hidden states, proj_feat() viewing (B, N, hidden) as (B, 4, 4, 4, hidden) and permuting to (B, hidden, 4, 4, 4) with proj_axes/proj_view_shape, encoder2/3/4 lifting intermediate hidden states with stacks of ConvTranspose3d + residual conv blocks (UnetrPrUpBlock, num_layer 2/1/0), decoder blocks with a transposed conv, torch.cat((out, skip), dim=1) and an InstanceNorm3d/LeakyReLU UnetResBlock, and a 1x1x1 output conv. Four transformer layers (hidden states 1, 2, 3 feed the skips), feature_size 8, hidden 96, on a 64^3 volume."""
from typing import Sequence, Tuple, Union

import torch
import torch.nn as nn


def get_conv_layer(in_channels, out_channels, kernel_size=3, stride=1, is_transposed=False, bias=False):
    if is_transposed:
        return nn.ConvTranspose3d(in_channels, out_channels, kernel_size=kernel_size, stride=stride, bias=bias)
    padding = (kernel_size - 1) // 2
    return nn.Conv3d(in_channels, out_channels, kernel_size=kernel_size, stride=stride, padding=padding, bias=bias)


class UnetResBlock(nn.Module):
    """A skip-connection based module that can be used for DynUNet, based on:
    `Automated Design of Deep Learning Methods for Biomedical Image Segmentation <https://arxiv.org/abs/1904.08128>`_.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride, norm_name="instance"):
        super().__init__()
        self.conv1 = get_conv_layer(in_channels, out_channels, kernel_size=kernel_size, stride=stride)
        self.conv2 = get_conv_layer(out_channels, out_channels, kernel_size=kernel_size, stride=1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.01, inplace=True)
        self.norm1 = nn.InstanceNorm3d(out_channels, affine=True)
        self.norm2 = nn.InstanceNorm3d(out_channels, affine=True)
        self.downsample = in_channels != out_channels
        stride_np = stride if isinstance(stride, int) else max(stride)
        if stride_np != 1:
            self.downsample = True
        if self.downsample:
            self.conv3 = get_conv_layer(in_channels, out_channels, kernel_size=1, stride=stride)
            self.norm3 = nn.InstanceNorm3d(out_channels, affine=True)

    def forward(self, inp):
        residual = inp
        out = self.conv1(inp)
        out = self.norm1(out)
        out = self.lrelu(out)
        out = self.conv2(out)
        out = self.norm2(out)
        if hasattr(self, "conv3"):
            residual = self.conv3(residual)
        if hasattr(self, "norm3"):
            residual = self.norm3(residual)
        out += residual
        out = self.lrelu(out)
        return out


class UnetrBasicBlock(nn.Module):
    """
    A CNN module that can be used for UNETR, based on: "Hatamizadeh et al.,
    UNETR: Transformers for 3D Medical Image Segmentation <https://arxiv.org/abs/2103.10504>"
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride, norm_name="instance", res_block=True):
        super().__init__()
        self.layer = UnetResBlock(in_channels, out_channels, kernel_size=kernel_size, stride=stride, norm_name=norm_name)

    def forward(self, inp):
        return self.layer(inp)


class UnetrPrUpBlock(nn.Module):
    """
    A projection upsampling module that can be used for UNETR: a transposed conv, then num_layer
    (transposed conv + residual conv block) stages.
    """

    def __init__(self, in_channels, out_channels, num_layer, kernel_size, stride, upsample_kernel_size,
                 norm_name="instance", res_block=True):
        super().__init__()
        upsample_stride = upsample_kernel_size
        self.transp_conv_init = get_conv_layer(
            in_channels, out_channels, kernel_size=upsample_kernel_size, stride=upsample_stride, is_transposed=True
        )
        self.blocks = nn.ModuleList(
            [
                nn.Sequential(
                    get_conv_layer(
                        out_channels, out_channels, kernel_size=upsample_kernel_size, stride=upsample_stride,
                        is_transposed=True,
                    ),
                    UnetResBlock(out_channels, out_channels, kernel_size=kernel_size, stride=stride,
                                 norm_name=norm_name),
                )
                for i in range(num_layer)
            ]
        )

    def forward(self, x):
        x = self.transp_conv_init(x)
        for blk in self.blocks:
            x = blk(x)
        return x


class UnetrUpBlock(nn.Module):
    """
    An upsampling module that can be used for UNETR.
    """

    def __init__(self, in_channels, out_channels, kernel_size, upsample_kernel_size, norm_name="instance",
                 res_block=True):
        super().__init__()
        upsample_stride = upsample_kernel_size
        self.transp_conv = get_conv_layer(
            in_channels, out_channels, kernel_size=upsample_kernel_size, stride=upsample_stride, is_transposed=True
        )
        self.conv_block = UnetResBlock(out_channels + out_channels, out_channels, kernel_size=kernel_size, stride=1,
                                       norm_name=norm_name)

    def forward(self, inp, skip):
        # number of channels for skip should equals to out_channels
        out = self.transp_conv(inp)
        out = torch.cat((out, skip), dim=1)
        out = self.conv_block(out)
        return out


class UnetOutBlock(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = get_conv_layer(in_channels, out_channels, kernel_size=1, stride=1, bias=True)

    def forward(self, inp):
        return self.conv(inp)


class PatchEmbeddingBlock(nn.Module):
    """
    A patch embedding block, based on: "Dosovitskiy et al.,
    An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale <https://arxiv.org/abs/2010.11929>"
    """

    def __init__(self, in_channels, img_size, patch_size, hidden_size, num_heads, dropout_rate=0.0):
        super().__init__()
        if hidden_size % num_heads != 0:
            raise ValueError(f"hidden size {hidden_size} should be divisible by num_heads {num_heads}.")
        self.n_patches = 1
        for m, p in zip(img_size, patch_size):
            self.n_patches *= m // p
        self.patch_embeddings = nn.Conv3d(in_channels, hidden_size, kernel_size=patch_size, stride=patch_size)
        self.position_embeddings = nn.Parameter(torch.zeros(1, self.n_patches, hidden_size))
        self.dropout = nn.Dropout(dropout_rate)

    def forward(self, x):
        x = self.patch_embeddings(x)
        x = x.flatten(2).transpose(-1, -2)
        embeddings = x + self.position_embeddings
        embeddings = self.dropout(embeddings)
        return embeddings


class SABlock(nn.Module):
    """
    A self-attention block, based on: "Dosovitskiy et al.,
    An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale <https://arxiv.org/abs/2010.11929>"
    """

    def __init__(self, hidden_size, num_heads, dropout_rate=0.0, qkv_bias=False):
        super().__init__()
        self.num_heads = num_heads
        self.out_proj = nn.Linear(hidden_size, hidden_size)
        self.qkv = nn.Linear(hidden_size, hidden_size * 3, bias=qkv_bias)
        self.drop_output = nn.Dropout(dropout_rate)
        self.drop_weights = nn.Dropout(dropout_rate)
        self.head_dim = hidden_size // num_heads
        self.scale = self.head_dim ** -0.5

    def forward(self, x):
        b, n, _ = x.shape
        # Rearrange("b h (qkv l d) -> qkv b l h d", qkv=3, l=num_heads)
        output = self.qkv(x).reshape(b, n, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = output[0], output[1], output[2]
        att_mat = (torch.einsum("blxd,blyd->blxy", q, k) * self.scale).softmax(dim=-1)
        att_mat = self.drop_weights(att_mat)
        x = torch.einsum("bhxy,bhyd->bhxd", att_mat, v)
        # Rearrange("b h l d -> b l (h d)")
        x = x.permute(0, 2, 1, 3).reshape(b, n, -1)
        x = self.out_proj(x)
        x = self.drop_output(x)
        return x


class MLPBlock(nn.Module):
    def __init__(self, hidden_size, mlp_dim, dropout_rate=0.0):
        super().__init__()
        self.linear1 = nn.Linear(hidden_size, mlp_dim)
        self.linear2 = nn.Linear(mlp_dim, hidden_size)
        self.fn = nn.GELU()
        self.drop1 = nn.Dropout(dropout_rate)
        self.drop2 = nn.Dropout(dropout_rate)

    def forward(self, x):
        x = self.fn(self.linear1(x))
        x = self.drop1(x)
        x = self.linear2(x)
        x = self.drop2(x)
        return x


class TransformerBlock(nn.Module):
    def __init__(self, hidden_size, mlp_dim, num_heads, dropout_rate=0.0, qkv_bias=False):
        super().__init__()
        self.mlp = MLPBlock(hidden_size, mlp_dim, dropout_rate)
        self.norm1 = nn.LayerNorm(hidden_size)
        self.attn = SABlock(hidden_size, num_heads, dropout_rate, qkv_bias)
        self.norm2 = nn.LayerNorm(hidden_size)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        x = x + self.mlp(self.norm2(x))
        return x


class ViT(nn.Module):
    def __init__(self, in_channels, img_size, patch_size, hidden_size=768, mlp_dim=3072, num_layers=12,
                 num_heads=12, dropout_rate=0.0, qkv_bias=False):
        super().__init__()
        self.patch_embedding = PatchEmbeddingBlock(
            in_channels=in_channels, img_size=img_size, patch_size=patch_size, hidden_size=hidden_size,
            num_heads=num_heads, dropout_rate=dropout_rate,
        )
        self.blocks = nn.ModuleList(
            [TransformerBlock(hidden_size, mlp_dim, num_heads, dropout_rate, qkv_bias) for i in range(num_layers)]
        )
        self.norm = nn.LayerNorm(hidden_size)

    def forward(self, x):
        x = self.patch_embedding(x)
        hidden_states_out = []
        for blk in self.blocks:
            x = blk(x)
            hidden_states_out.append(x)
        x = self.norm(x)
        return x, hidden_states_out


class UNETR(nn.Module):
    """
    UNETR based on: "Hatamizadeh et al.,
    UNETR: Transformers for 3D Medical Image Segmentation <https://arxiv.org/abs/2103.10504>"
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        img_size: Union[Sequence[int], int],
        feature_size: int = 16,
        hidden_size: int = 768,
        mlp_dim: int = 3072,
        num_heads: int = 12,
        num_layers: int = 12,
        skip_layers: Tuple[int, int, int] = (3, 6, 9),
        norm_name: str = "instance",
        res_block: bool = True,
        dropout_rate: float = 0.0,
        qkv_bias: bool = False,
    ) -> None:
        super().__init__()

        if not (0 <= dropout_rate <= 1):
            raise ValueError("dropout_rate should be between 0 and 1.")

        if hidden_size % num_heads != 0:
            raise ValueError("hidden_size should be divisible by num_heads.")

        img_size = (img_size,) * 3 if isinstance(img_size, int) else tuple(img_size)
        self.patch_size = (16, 16, 16)
        self.feat_size = tuple(img_d // p_d for img_d, p_d in zip(img_size, self.patch_size))
        self.hidden_size = hidden_size
        self.skip_layers = skip_layers
        self.classification = False
        self.vit = ViT(
            in_channels=in_channels,
            img_size=img_size,
            patch_size=self.patch_size,
            hidden_size=hidden_size,
            mlp_dim=mlp_dim,
            num_layers=num_layers,
            num_heads=num_heads,
            dropout_rate=dropout_rate,
            qkv_bias=qkv_bias,
        )
        self.encoder1 = UnetrBasicBlock(
            in_channels=in_channels,
            out_channels=feature_size,
            kernel_size=3,
            stride=1,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.encoder2 = UnetrPrUpBlock(
            in_channels=hidden_size,
            out_channels=feature_size * 2,
            num_layer=2,
            kernel_size=3,
            stride=1,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.encoder3 = UnetrPrUpBlock(
            in_channels=hidden_size,
            out_channels=feature_size * 4,
            num_layer=1,
            kernel_size=3,
            stride=1,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.encoder4 = UnetrPrUpBlock(
            in_channels=hidden_size,
            out_channels=feature_size * 8,
            num_layer=0,
            kernel_size=3,
            stride=1,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.decoder5 = UnetrUpBlock(
            in_channels=hidden_size,
            out_channels=feature_size * 8,
            kernel_size=3,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.decoder4 = UnetrUpBlock(
            in_channels=feature_size * 8,
            out_channels=feature_size * 4,
            kernel_size=3,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.decoder3 = UnetrUpBlock(
            in_channels=feature_size * 4,
            out_channels=feature_size * 2,
            kernel_size=3,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.decoder2 = UnetrUpBlock(
            in_channels=feature_size * 2,
            out_channels=feature_size,
            kernel_size=3,
            upsample_kernel_size=2,
            norm_name=norm_name,
            res_block=res_block,
        )
        self.out = UnetOutBlock(in_channels=feature_size, out_channels=out_channels)
        self.proj_axes = (0, 3 + 1) + tuple(d + 1 for d in range(3))
        self.proj_view_shape = list(self.feat_size) + [self.hidden_size]

    def proj_feat(self, x):
        new_view = [x.size(0)] + self.proj_view_shape
        x = x.view(new_view)
        x = x.permute(self.proj_axes).contiguous()
        return x

    def forward(self, x_in):
        x, hidden_states_out = self.vit(x_in)
        enc1 = self.encoder1(x_in)
        x2 = hidden_states_out[self.skip_layers[0]]
        enc2 = self.encoder2(self.proj_feat(x2))
        x3 = hidden_states_out[self.skip_layers[1]]
        enc3 = self.encoder3(self.proj_feat(x3))
        x4 = hidden_states_out[self.skip_layers[2]]
        enc4 = self.encoder4(self.proj_feat(x4))
        dec4 = self.proj_feat(x)
        dec3 = self.decoder5(dec4, enc4)
        dec2 = self.decoder4(dec3, enc3)
        dec1 = self.decoder3(dec2, enc2)
        out = self.decoder2(dec1, enc1)
        return self.out(out)


# shapelint: input=(1, 1, 64, 64, 64)
def unetr_lite_btcv():
    return UNETR(in_channels=1, out_channels=14, img_size=64, feature_size=8, hidden_size=96, mlp_dim=192,
                 num_heads=4, num_layers=4, skip_layers=(0, 1, 2))


# shapelint: input=(2, 4, 32, 64, 48)
def unetr_lite_brats_anisotropic():
    return UNETR(in_channels=4, out_channels=3, img_size=(32, 64, 48), feature_size=8, hidden_size=64, mlp_dim=128,
                 num_heads=4, num_layers=3, skip_layers=(0, 1, 1))
