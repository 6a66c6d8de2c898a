"""MAE-style random masking where the keep-index is passed to torch.gather without being expanded
over the embedding dimension (the forum question 'Index tensor must have the same number of
dimensions as input tensor'): ids_keep is (N, len_keep) but x is (N, L, D)."""
import torch
import torch.nn as nn


class PatchEmbed(nn.Module):
    def __init__(self, patch_size=4, in_chans=3, embed_dim=48):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


# shapelint: input=(2, 3, 32, 32)
class MaskedEncoder(nn.Module):
    def __init__(self, embed_dim=48, depth=2, heads=4, mask_ratio=0.75):
        super().__init__()
        self.mask_ratio = mask_ratio
        self.patch_embed = PatchEmbed(embed_dim=embed_dim)
        self.pos_embed = nn.Parameter(torch.zeros(1, 64, embed_dim))
        layer = nn.TransformerEncoderLayer(embed_dim, heads, embed_dim * 2, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth)
        self.norm = nn.LayerNorm(embed_dim)

    def random_masking(self, x):
        N, L, D = x.shape
        len_keep = int(L * (1 - self.mask_ratio))
        noise = torch.rand(N, L, device=x.device)
        ids_shuffle = torch.argsort(noise, dim=1)
        ids_restore = torch.argsort(ids_shuffle, dim=1)
        ids_keep = ids_shuffle[:, :len_keep]
        x_masked = torch.gather(x, dim=1, index=ids_keep)
        return x_masked, ids_restore

    def forward(self, imgs):
        x = self.patch_embed(imgs) + self.pos_embed
        x, ids_restore = self.random_masking(x)
        x = self.encoder(x)
        return self.norm(x), ids_restore
