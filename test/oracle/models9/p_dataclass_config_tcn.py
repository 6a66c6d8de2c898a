"""A temporal convolutional network configured by nested @dataclass configs in the hydra / structured-config style: TCNConfig holds a List[BlockConfig] built with field(default_factory=...), converts plain dicts to BlockConfig in __post_init__ and computes out_channels and receptive_field as properties; TCN.from_config(cfg) is a @classmethod that accepts a dict, a TCNConfig, or a TCNConfig plus **overrides applied with dataclasses.replace. Activations are getattr(F, cfg.act), norms come from a NORMS table mixing classes, functools.partial(nn.GroupNorm, 4), a LayerNorm subclass that transposes channels-first input, and a lambda returning nn.Identity; 'weight' wraps the convolutions with nn.utils.weight_norm. CausalConv1d subclasses nn.Conv1d and trims the right padding after super().forward(x); ConvNormAct1d is an nn.Sequential subclass with a custom __init__; the pooling head is chosen by string ('mean', 'max', 'last', 'attention'), @torch.no_grad() reset_parameters() re-initialises weights, and forward returns a TCNOutput namedtuple (logits, features, attention weights or None); with return_sequence=True the head is a 1x1 convolution producing per-step logits transposed to (B, T, classes)."""
import dataclasses
import functools
from collections import namedtuple
from dataclasses import dataclass, field
from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class BlockConfig:
    channels: int
    kernel_size: int = 3
    dilation: int = 1
    dropout: float = 0.1


def _default_blocks():
    return [BlockConfig(32, dilation=1), BlockConfig(32, dilation=2), BlockConfig(48, dilation=4)]


@dataclass
class TCNConfig:
    in_channels: int = 16
    blocks: List[BlockConfig] = field(default_factory=_default_blocks)
    act: str = 'gelu'
    norm: str = 'weight'
    causal: bool = True
    num_classes: int = 6
    pool: str = 'attention'
    return_sequence: bool = False

    def __post_init__(self):
        self.blocks = [BlockConfig(**b) if isinstance(b, dict) else b for b in self.blocks]

    @property
    def out_channels(self):
        return self.blocks[-1].channels

    @property
    def receptive_field(self):
        return 1 + sum(2 * (b.kernel_size - 1) * b.dilation for b in self.blocks)


TCNOutput = namedtuple('TCNOutput', ['logits', 'features', 'attention'])


class ChannelLayerNorm(nn.LayerNorm):
    """LayerNorm over the channel dim of (B, C, T) input."""

    def forward(self, x):
        return super().forward(x.transpose(1, 2)).transpose(1, 2)


NORMS = {
    'batch': nn.BatchNorm1d,
    'layer': ChannelLayerNorm,
    'group': functools.partial(nn.GroupNorm, 4),
    'weight': lambda channels: nn.Identity(),
    'none': lambda channels: nn.Identity(),
}


class CausalConv1d(nn.Conv1d):
    def __init__(self, in_channels, out_channels, kernel_size, dilation=1, causal=True, **kwargs):
        total_padding = (kernel_size - 1) * dilation
        self.causal_padding = total_padding if causal else 0
        super().__init__(in_channels, out_channels, kernel_size, dilation=dilation,
                         padding=total_padding if causal else total_padding // 2, **kwargs)

    def forward(self, x):
        out = super().forward(x)
        if self.causal_padding:
            out = out[..., :-self.causal_padding]
        return out


class ConvNormAct1d(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size, dilation, norm, act_fn, dropout, causal):
        conv = CausalConv1d(in_channels, out_channels, kernel_size, dilation=dilation, causal=causal)
        if norm == 'weight':
            conv = nn.utils.weight_norm(conv)
        super().__init__(
            conv,
            NORMS[norm](out_channels),
            FunctionalActivation(act_fn),
            nn.Dropout(dropout),
        )


class FunctionalActivation(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.fn = getattr(F, name)

    def forward(self, x):
        return self.fn(x)


class TemporalBlock(nn.Module):
    def __init__(self, in_channels, cfg: BlockConfig, norm, act, causal):
        super().__init__()
        self.conv1 = ConvNormAct1d(in_channels, cfg.channels, cfg.kernel_size, cfg.dilation, norm, act,
                                   cfg.dropout, causal)
        self.conv2 = ConvNormAct1d(cfg.channels, cfg.channels, cfg.kernel_size, cfg.dilation, norm, act,
                                   cfg.dropout, causal)
        self.downsample = nn.Conv1d(in_channels, cfg.channels, 1) if in_channels != cfg.channels else None
        self.act = getattr(F, act)

    def forward(self, x):
        out = self.conv2(self.conv1(x))
        res = x if self.downsample is None else self.downsample(x)
        return self.act(out + res)


class AttentionPool1d(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.score = nn.Conv1d(channels, 1, 1)

    def forward(self, x):
        weights = torch.softmax(self.score(x).squeeze(1), dim=-1)  # B x T
        pooled = torch.bmm(x, weights.unsqueeze(-1)).squeeze(-1)  # B x C
        return pooled, weights


class TCN(nn.Module):
    def __init__(self, cfg: TCNConfig):
        super().__init__()
        self.cfg = cfg
        blocks = []
        in_channels = cfg.in_channels
        for block_cfg in cfg.blocks:
            blocks.append(TemporalBlock(in_channels, block_cfg, cfg.norm, cfg.act, cfg.causal))
            in_channels = block_cfg.channels
        self.blocks = nn.Sequential(*blocks)

        if cfg.return_sequence:
            self.head = nn.Conv1d(cfg.out_channels, cfg.num_classes, 1)
        else:
            if cfg.pool == 'attention':
                self.pool = AttentionPool1d(cfg.out_channels)
            self.head = nn.Linear(cfg.out_channels, cfg.num_classes)
        self.reset_parameters()

    @classmethod
    def from_config(cls, cfg=None, **overrides):
        if cfg is None:
            cfg = TCNConfig()
        elif isinstance(cfg, dict):
            cfg = TCNConfig(**cfg)
        elif not dataclasses.is_dataclass(cfg):
            raise TypeError(f'cannot build TCN from {type(cfg).__name__}')
        if overrides:
            cfg = dataclasses.replace(cfg, **overrides)
        return cls(cfg)

    @torch.no_grad()
    def reset_parameters(self):
        for m in self.modules():
            if isinstance(m, nn.Conv1d) and not hasattr(m, 'weight_g'):
                nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
                if m.bias is not None:
                    m.bias.zero_()

    @staticmethod
    def _pool(x, mode):
        if mode == 'mean':
            return x.mean(dim=-1)
        if mode == 'max':
            return x.amax(dim=-1)
        if mode == 'last':
            return x[:, :, -1]
        raise ValueError(mode)

    def forward(self, x):
        features = self.blocks(x)
        if self.cfg.return_sequence:
            logits = self.head(features).transpose(1, 2)  # B x T x classes
            return TCNOutput(logits=logits, features=features, attention=None)
        if self.cfg.pool == 'attention':
            pooled, attention = self.pool(features)
        else:
            pooled, attention = self._pool(features, self.cfg.pool), None
        return TCNOutput(logits=self.head(pooled), features=pooled, attention=attention)


# shapelint: input=(2, 16, 64)
def tcn_default_attention():
    return TCN.from_config()


# shapelint: input=(2, 8, 100)
def tcn_from_dict_sequence():
    cfg = {
        'in_channels': 8,
        'blocks': [
            {'channels': 24, 'kernel_size': 5, 'dilation': 1},
            {'channels': 24, 'kernel_size': 5, 'dilation': 2},
            {'channels': 24, 'kernel_size': 5, 'dilation': 4, 'dropout': 0.0},
        ],
        'act': 'relu',
        'norm': 'batch',
        'num_classes': 4,
        'return_sequence': True,
    }
    return TCN.from_config(cfg)


# shapelint: input=(2, 3, 50)
def tcn_noncausal_group_last():
    base = TCNConfig(in_channels=3, blocks=[BlockConfig(16, kernel_size=7), BlockConfig(32, dilation=3)])
    return TCN.from_config(base, causal=False, norm='group', act='silu', pool='last', num_classes=2)


# shapelint: input=(2, 16, 32)
def tcn_layernorm_max():
    return TCN.from_config(TCNConfig(norm='layer', act='elu', pool='max'))
