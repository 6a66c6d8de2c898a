"""MLP-Mixer (Tolstikhin et al., 2021): token-mixing and channel-mixing MLPs over image patches."""
import torch.nn as nn


class MlpBlock(nn.Module):
    def __init__(self, dim, hidden_dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden_dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_dim, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class MixerBlock(nn.Module):
    def __init__(self, num_patches, dim, tokens_hidden, channels_hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.token_mixing = MlpBlock(num_patches, tokens_hidden)
        self.norm2 = nn.LayerNorm(dim)
        self.channel_mixing = MlpBlock(dim, channels_hidden)

    def forward(self, x):
        y = self.norm1(x).transpose(1, 2)        # (B, C, N)
        x = x + self.token_mixing(y).transpose(1, 2)
        x = x + self.channel_mixing(self.norm2(x))
        return x


# shapelint: input=(2, 3, 32, 32)
class MLPMixer(nn.Module):
    def __init__(self, image_size=32, patch_size=4, dim=128, depth=4, num_classes=10):
        super().__init__()
        num_patches = (image_size // patch_size) ** 2
        self.stem = nn.Conv2d(3, dim, kernel_size=patch_size, stride=patch_size)
        self.blocks = nn.Sequential(*[MixerBlock(num_patches, dim, dim // 2, dim * 4) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.stem(x)
        b, c, h, w = x.shape
        x = x.reshape(b, c, h * w).permute(0, 2, 1)
        x = self.blocks(x)
        x = self.norm(x)
        return self.head(x.mean(dim=1))
