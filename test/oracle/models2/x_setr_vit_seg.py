"""SETR-style segmentation: ViT encoder on nn.TransformerEncoder, class token dropped with x[:, 1:], tokens reshaped back to a grid, progressive 2x upsampling; also a DeiT-style head averaging cls and distillation tokens."""
import torch
import torch.nn as nn


class PatchEmbed(nn.Module):
    def __init__(self, img_size=(32, 48), patch_size=4, in_chans=3, embed_dim=64):
        super().__init__()
        self.grid_size = (img_size[0] // patch_size, img_size[1] // patch_size)
        self.num_patches = self.grid_size[0] * self.grid_size[1]
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(-1, -2)


class ViTEncoder(nn.Module):
    def __init__(self, img_size=(32, 48), patch_size=4, in_chans=3, embed_dim=64, depth=2, num_heads=4,
                 num_extra_tokens=1):
        super().__init__()
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim)
        self.num_extra_tokens = num_extra_tokens
        self.extra_tokens = nn.Parameter(torch.zeros(1, num_extra_tokens, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches + num_extra_tokens, embed_dim))
        layer = nn.TransformerEncoderLayer(embed_dim, num_heads, embed_dim * 2, dropout=0.0,
                                           activation='gelu', batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, depth)
        self.norm = nn.LayerNorm(embed_dim)

    def forward(self, x):
        x = self.patch_embed(x)
        tokens = self.extra_tokens.expand(x.shape[0], -1, -1)
        x = torch.cat((tokens, x), dim=1)
        x = x + self.pos_embed
        return self.norm(self.blocks(x))


# shapelint: input=(2, 3, 32, 48)
class SETR_PUP(nn.Module):
    def __init__(self, num_classes=4, embed_dim=64, img_size=(32, 48), patch_size=4):
        super().__init__()
        self.encoder = ViTEncoder(img_size, patch_size, embed_dim=embed_dim)
        self.grid_size = self.encoder.patch_embed.grid_size
        chans = [embed_dim, 48, 32]
        ups = []
        for c_in, c_out in zip(chans[:-1], chans[1:]):
            ups += [
                nn.Conv2d(c_in, c_out, 3, padding=1),
                nn.BatchNorm2d(c_out),
                nn.ReLU(inplace=True),
                nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False),
            ]
        self.decoder = nn.Sequential(*ups)
        self.cls_seg = nn.Conv2d(chans[-1], num_classes, 1)

    def forward(self, x):
        x = self.encoder(x)
        x = x[:, 1:]
        b, n, c = x.shape
        h, w = self.grid_size
        x = x.transpose(1, 2).reshape(b, c, h, w)
        x = self.decoder(x)
        return self.cls_seg(x)


# shapelint: input=(2, 3, 32, 48)
class DistilledViT(nn.Module):
    def __init__(self, num_classes=10, embed_dim=64):
        super().__init__()
        self.encoder = ViTEncoder(embed_dim=embed_dim, num_extra_tokens=2)
        self.head = nn.Linear(embed_dim, num_classes)
        self.head_dist = nn.Linear(embed_dim, num_classes)

    def forward(self, x):
        x = self.encoder(x)
        x, x_dist = self.head(x[:, 0]), self.head_dist(x[:, 1])
        return (x + x_dist) / 2
