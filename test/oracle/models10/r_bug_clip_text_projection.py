"""CLIP-style dual encoder where text_projection was created as (embed_dim, width) instead of
(width, embed_dim), so the EOT-pooled text features cannot be multiplied by it."""
import torch
import torch.nn as nn


class TextEncoder(nn.Module):
    def __init__(self, vocab=100, context_length=12, width=48, heads=4, layers=2, embed_dim=32):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.zeros(context_length, width))
        layer = nn.TransformerEncoderLayer(width, heads, width * 4, batch_first=True, norm_first=True)
        self.transformer = nn.TransformerEncoder(layer, layers)
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.empty(embed_dim, width))
        nn.init.normal_(self.text_projection, std=width ** -0.5)
        mask = torch.full((context_length, context_length), float('-inf')).triu_(1)
        self.register_buffer('attn_mask', mask)

    def forward(self, text):
        x = self.token_embedding(text) + self.positional_embedding
        x = self.transformer(x, mask=self.attn_mask)
        x = self.ln_final(x)
        x = x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection
        return x


class ImageEncoder(nn.Module):
    def __init__(self, embed_dim=32):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU(),
                                 nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, embed_dim))

    def forward(self, x):
        return self.net(x.float())


# shapelint: input=((2, 3, 32, 32), (2, 12))
class TinyCLIP(nn.Module):
    def __init__(self):
        super().__init__()
        self.visual = ImageEncoder()
        self.text = TextEncoder()
        self.logit_scale = nn.Parameter(torch.ones([]) * 2.659)

    def forward(self, image, text):
        i = self.visual(image)
        t = self.text(text)
        i = i / i.norm(dim=-1, keepdim=True)
        t = t / t.norm(dim=-1, keepdim=True)
        return self.logit_scale.exp() * i @ t.t()
