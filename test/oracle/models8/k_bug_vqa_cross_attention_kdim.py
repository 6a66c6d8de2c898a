"""BUG: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (98x512 and 256x512)" -- a VQA
model where question tokens (precomputed 768-d BERT features, projected to 256) attend over the
7x7 grid of a CNN's 512-channel feature map with nn.MultiheadAttention(256, 8, batch_first=True).
The image tokens were never projected to 256 and the layer was built without kdim=512, vdim=512,
so MultiheadAttention applies its packed 256-wide key/value in-projection to 512-d keys and raises
inside self.cross_attn (the accepted answer: pass kdim and vdim, or add a Linear(512, 256))."""
import torch
import torch.nn as nn


class ImageEncoder(nn.Module):
    def __init__(self, out_channels=512):
        super().__init__()
        layers = []
        in_ch = 3
        for ch in (64, 128, 256, out_channels):
            layers += [nn.Conv2d(in_ch, ch, 3, padding=1, bias=False), nn.BatchNorm2d(ch),
                       nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            in_ch = ch
        self.body = nn.Sequential(*layers)

    def forward(self, img):
        fmap = self.body(img)                    # (B, 512, 7, 7) for 112x112 images
        return fmap.flatten(2).transpose(1, 2)   # (B, 49, 512)


# shapelint: input=((2, 14, 768), (2, 3, 112, 112))
class VQAModel(nn.Module):
    def __init__(self, text_dim=768, d_model=256, img_channels=512, n_heads=8, n_answers=1000):
        super().__init__()
        self.text_proj = nn.Linear(text_dim, d_model)
        self.image_encoder = ImageEncoder(img_channels)
        self.cross_attn = nn.MultiheadAttention(d_model, n_heads, dropout=0.1, batch_first=True)
        self.norm = nn.LayerNorm(d_model)
        self.classifier = nn.Sequential(
            nn.Linear(d_model, 512),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(512, n_answers),
        )

    def forward(self, question_feats, image):
        q = self.text_proj(question_feats)
        img_tokens = self.image_encoder(image)
        attended, _ = self.cross_attn(q, img_tokens, img_tokens)
        x = self.norm(q + attended)
        return self.classifier(x.mean(dim=1))
