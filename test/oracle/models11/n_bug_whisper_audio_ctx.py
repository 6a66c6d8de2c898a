"""A Whisper-style audio encoder (conv stem, stride-2 conv, sinusoidal positions, pre-LN blocks) fed with a log-mel
clip that was not padded/trimmed to the model's 2 * n_audio_ctx frames (the pad_or_trim step skipped): 60 frames ->
30 positions after the stride-2 conv, but the positional embedding holds n_audio_ctx = 20, so the shape assertion
"incorrect audio shape" fires."""
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ModelDimensions:
    n_mels: int = 16
    n_audio_ctx: int = 20
    n_audio_state: int = 32
    n_audio_head: int = 4
    n_audio_layer: int = 2


def sinusoids(length, channels, max_timescale=10000):
    """Returns sinusoids for positional embedding"""
    assert channels % 2 == 0
    log_timescale_increment = np.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = torch.exp(-log_timescale_increment * torch.arange(channels // 2))
    scaled_time = torch.arange(length)[:, np.newaxis] * inv_timescales[np.newaxis, :]
    return torch.cat([torch.sin(scaled_time), torch.cos(scaled_time)], dim=1)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, n_state, n_head):
        super().__init__()
        self.attn = nn.MultiheadAttention(n_state, n_head, batch_first=True)
        self.attn_ln = nn.LayerNorm(n_state)
        self.mlp = nn.Sequential(nn.Linear(n_state, n_state * 4), nn.GELU(), nn.Linear(n_state * 4, n_state))
        self.mlp_ln = nn.LayerNorm(n_state)

    def forward(self, x):
        h = self.attn_ln(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        x = x + self.mlp(self.mlp_ln(x))
        return x


class AudioEncoder(nn.Module):
    def __init__(self, n_mels, n_ctx, n_state, n_head, n_layer):
        super().__init__()
        self.conv1 = nn.Conv1d(n_mels, n_state, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(n_state, n_state, kernel_size=3, stride=2, padding=1)
        self.register_buffer("positional_embedding", sinusoids(n_ctx, n_state))
        self.blocks = nn.ModuleList([ResidualAttentionBlock(n_state, n_head) for _ in range(n_layer)])
        self.ln_post = nn.LayerNorm(n_state)

    def forward(self, x):
        x = F.gelu(self.conv1(x))
        x = F.gelu(self.conv2(x))
        x = x.permute(0, 2, 1)

        assert x.shape[1:] == self.positional_embedding.shape, "incorrect audio shape"
        x = (x + self.positional_embedding).to(x.dtype)

        for block in self.blocks:
            x = block(x)
        return self.ln_post(x)


# shapelint: input=(2, 16, 60)
class AudioClassifier(nn.Module):
    """Whisper encoder features mean-pooled into a keyword/language classifier."""

    def __init__(self, num_classes=5):
        super().__init__()
        dims = ModelDimensions()
        self.encoder = AudioEncoder(dims.n_mels, dims.n_audio_ctx, dims.n_audio_state, dims.n_audio_head,
                                    dims.n_audio_layer)
        self.head = nn.Linear(dims.n_audio_state, num_classes)

    def forward(self, mel):
        features = self.encoder(mel)
        return self.head(features.mean(dim=1))
