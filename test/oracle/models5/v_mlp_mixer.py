"""MLP-Mixer two ways: a timm/Google-style MlpMixer class (Conv2d stem, token-mixing MLP applied on the transposed token axis) and a lucidrains-style factory returning one nn.Sequential whose token mixing is a kernel-1 Conv1d over the patch axis (functools.partial replaced by a tiny helper)."""
import torch
from torch import nn


# ---------------------------------------------------------------- timm style

class Mlp(nn.Module):
    def __init__(self, in_features, hidden_features=None, out_features=None, act_layer=nn.GELU, drop=0.):
        super().__init__()
        out_features = out_features or in_features
        hidden_features = hidden_features or in_features
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = act_layer()
        self.drop1 = nn.Dropout(drop)
        self.fc2 = nn.Linear(hidden_features, out_features)
        self.drop2 = nn.Dropout(drop)

    def forward(self, x):
        x = self.fc1(x)
        x = self.act(x)
        x = self.drop1(x)
        x = self.fc2(x)
        x = self.drop2(x)
        return x


class MixerBlock(nn.Module):
    """ Residual Block w/ token mixing and channel MLPs
    Based on: 'MLP-Mixer: An all-MLP Architecture for Vision' - https://arxiv.org/abs/2105.01601
    """
    def __init__(self, dim, seq_len, mlp_ratio=(0.5, 4.0), norm_layer=nn.LayerNorm, drop=0.):
        super().__init__()
        tokens_dim, channels_dim = [int(x * dim) for x in mlp_ratio]
        self.norm1 = norm_layer(dim)
        self.mlp_tokens = Mlp(seq_len, tokens_dim, drop=drop)
        self.norm2 = norm_layer(dim)
        self.mlp_channels = Mlp(dim, channels_dim, drop=drop)

    def forward(self, x):
        x = x + self.mlp_tokens(self.norm1(x).transpose(1, 2)).transpose(1, 2)
        x = x + self.mlp_channels(self.norm2(x))
        return x


class PatchEmbed(nn.Module):
    """ 2D Image to Patch Embedding """
    def __init__(self, img_size=32, patch_size=4, in_chans=3, embed_dim=128):
        super().__init__()
        self.grid_size = (img_size // patch_size, img_size // patch_size)
        self.num_patches = self.grid_size[0] * self.grid_size[1]
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x):
        x = self.proj(x)
        x = x.flatten(2).transpose(1, 2)  # NCHW -> NLC
        return x


# shapelint: input=(2, 3, 32, 32)
class MlpMixer(nn.Module):
    def __init__(self, num_classes=10, img_size=32, in_chans=3, patch_size=4, num_blocks=4, embed_dim=128,
                 mlp_ratio=(0.5, 4.0), drop_rate=0., global_pool='avg'):
        super().__init__()
        self.num_classes = num_classes
        self.global_pool = global_pool
        self.num_features = self.embed_dim = embed_dim

        self.stem = PatchEmbed(img_size=img_size, patch_size=patch_size, in_chans=in_chans, embed_dim=embed_dim)
        self.blocks = nn.Sequential(*[
            MixerBlock(embed_dim, self.stem.num_patches, mlp_ratio, drop=drop_rate)
            for _ in range(num_blocks)])
        self.norm = nn.LayerNorm(embed_dim)
        self.head = nn.Linear(embed_dim, self.num_classes) if num_classes > 0 else nn.Identity()

    def forward_features(self, x):
        x = self.stem(x)
        x = self.blocks(x)
        x = self.norm(x)
        return x

    def forward_head(self, x, pre_logits: bool = False):
        if self.global_pool == 'avg':
            x = x.mean(dim=1)
        return x if pre_logits else self.head(x)

    def forward(self, x):
        x = self.forward_features(x)
        x = self.forward_head(x)
        return x


# ---------------------------------------------------------- lucidrains style

class PreNormResidual(nn.Module):
    def __init__(self, dim, fn):
        super().__init__()
        self.fn = fn
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return self.fn(self.norm(x)) + x


class ToPatches(nn.Module):
    """Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1 = patch_size, p2 = patch_size)"""

    def __init__(self, patch_size):
        super().__init__()
        self.p = patch_size

    def forward(self, x):
        b, c, hp, wp = x.shape
        p = self.p
        x = x.reshape(b, c, hp // p, p, wp // p, p).permute(0, 2, 4, 3, 5, 1)
        return x.reshape(b, (hp // p) * (wp // p), p * p * c)


class Reduce(nn.Module):
    """Reduce('b n c -> b c', 'mean')"""

    def forward(self, x):
        return x.mean(dim=1)


def conv1x1(dim_in, dim_out):
    # partial(nn.Conv1d, kernel_size = 1)
    return nn.Conv1d(dim_in, dim_out, kernel_size = 1)


def FeedForward(dim, expansion_factor = 4, dropout = 0., dense = nn.Linear):
    inner_dim = int(dim * expansion_factor)
    return nn.Sequential(
        dense(dim, inner_dim),
        nn.GELU(),
        nn.Dropout(dropout),
        dense(inner_dim, dim),
        nn.Dropout(dropout)
    )


def MLPMixer(*, image_size, channels, patch_size, dim, depth, num_classes, expansion_factor = 4, expansion_factor_token = 0.5, dropout = 0.):
    image_h, image_w = (image_size, image_size) if isinstance(image_size, int) else image_size
    assert (image_h % patch_size) == 0 and (image_w % patch_size) == 0, 'image must be divisible by patch size'
    num_patches = (image_h // patch_size) * (image_w // patch_size)
    chan_first, chan_last = conv1x1, nn.Linear

    return nn.Sequential(
        ToPatches(patch_size),
        nn.Linear((patch_size ** 2) * channels, dim),
        *[nn.Sequential(
            PreNormResidual(dim, FeedForward(num_patches, expansion_factor, dropout, chan_first)),
            PreNormResidual(dim, FeedForward(dim, expansion_factor_token, dropout, chan_last))
        ) for _ in range(depth)],
        nn.LayerNorm(dim),
        Reduce(),
        nn.Linear(dim, num_classes)
    )


# shapelint: input=(2, 3, 64, 64)
def mlp_mixer_lucid():
    return MLPMixer(
        image_size = 64,
        channels = 3,
        patch_size = 8,
        dim = 96,
        depth = 3,
        num_classes = 20
    )
