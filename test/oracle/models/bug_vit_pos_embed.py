"""A minimal Vision Transformer with a class token and learned position embedding."""
import torch
import torch.nn as nn


# shapelint: input=(2, 3, 32, 32)
class SimpleViT(nn.Module):
    def __init__(self, image_size=32, patch_size=8, dim=64, depth=2, heads=4, num_classes=10):
        super().__init__()
        num_patches = (image_size // patch_size) * (image_size // patch_size)
        self.to_patch = nn.Conv2d(3, dim, patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.pos_embedding = nn.Parameter(torch.randn(1, num_patches, dim))
        layer = nn.TransformerEncoderLayer(dim, heads, dim * 2, batch_first=True)
        self.transformer = nn.TransformerEncoder(layer, depth)
        self.mlp_head = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, num_classes))

    def forward(self, img):
        x = self.to_patch(img).flatten(2).permute(0, 2, 1)
        b = x.size(0)
        cls_tokens = self.cls_token.repeat(b, 1, 1)
        x = torch.cat([cls_tokens, x], dim=1)
        x = x + self.pos_embedding
        x = self.transformer(x)
        return self.mlp_head(x[:, 0])
