"""Fourier-domain token mixing: FNet (mixing with torch.fft.fft2(...).real over the sequence and
hidden axes) and a Hyena-lite operator (implicit long filter produced by an MLP over sinusoidal
positions, FFT convolution with torch.fft.rfft/irfft and n=2L, gating by projections split with
torch.split, short depthwise Conv1d with causal slicing [..., :L])."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class FourierTransform(nn.Module):
    def forward(self, hidden_states):
        return torch.fft.fft2(hidden_states, dim=(-1, -2)).real


class FNetLayer(nn.Module):
    def __init__(self, hidden, intermediate, dropout=0.1):
        super().__init__()
        self.fourier = FourierTransform()
        self.mixing_norm = nn.LayerNorm(hidden)
        self.ff = nn.Sequential(nn.Linear(hidden, intermediate), nn.GELU(), nn.Linear(intermediate, hidden),
                                nn.Dropout(dropout))
        self.out_norm = nn.LayerNorm(hidden)

    def forward(self, x):
        x = self.mixing_norm(self.fourier(x) + x)
        return self.out_norm(self.ff(x) + x)


# shapelint: input=(2, 64)
class FNetClassifier(nn.Module):
    def __init__(self, vocab=500, hidden=64, layers=2, max_len=128, num_classes=3):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_len, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden)
        self.projection = nn.Linear(hidden, hidden)
        self.encoder = nn.Sequential(*[FNetLayer(hidden, 4 * hidden) for _ in range(layers)])
        self.pooler = nn.Sequential(nn.Linear(hidden, hidden), nn.Tanh())
        self.classifier = nn.Linear(hidden, num_classes)
        self.register_buffer('position_ids', torch.arange(max_len).expand((1, -1)))

    def forward(self, input_ids):
        seq_length = input_ids.size(1)
        position_ids = self.position_ids[:, :seq_length]
        token_type_ids = torch.zeros_like(input_ids)
        x = self.word(input_ids) + self.position(position_ids) + self.token_type(token_type_ids)
        x = self.projection(self.norm(x))
        x = self.encoder(x)
        pooled = self.pooler(x[:, 0])
        return self.classifier(pooled)


def fftconv(u, k, D):
    seqlen = u.shape[-1]
    fft_size = 2 * seqlen
    k_f = torch.fft.rfft(k, n=fft_size) / fft_size
    u_f = torch.fft.rfft(u.to(dtype=k.dtype), n=fft_size)
    if len(u.shape) > 3:
        k_f = k_f.unsqueeze(1)
    y = torch.fft.irfft(u_f * k_f, n=fft_size, norm='forward')[..., :seqlen]
    out = y + u * D.unsqueeze(-1)
    return out.to(dtype=u.dtype)


class Sin(nn.Module):
    def __init__(self, dim, w=10):
        super().__init__()
        self.freq = nn.Parameter(w * torch.ones(1, dim))

    def forward(self, x):
        return torch.sin(self.freq * x)


class PositionalEmbedding(nn.Module):
    def __init__(self, emb_dim, seq_len):
        super().__init__()
        self.seq_len = seq_len
        t = torch.linspace(0, 1, self.seq_len)[None, :, None]
        bands = (emb_dim - 1) // 2
        t_rescaled = torch.linspace(0, seq_len - 1, seq_len)[None, :, None]
        w = 2 * math.pi * t_rescaled / seq_len
        f = torch.linspace(1e-4, bands - 1, bands)[None, None]
        z = torch.exp(-1j * f * w)
        z = torch.cat([t, z.real, z.imag], dim=-1)
        self.register_buffer('z', z)
        self.register_buffer('t', t)

    def forward(self, L):
        return self.z[:, :L], self.t[:, :L]


class ExponentialModulation(nn.Module):
    def __init__(self, d_model, fast_decay_pct=0.3, slow_decay_pct=1.5, target=1e-2):
        super().__init__()
        max_decay = math.log(target) / fast_decay_pct
        min_decay = math.log(target) / slow_decay_pct
        deltas = torch.linspace(min_decay, max_decay, d_model)[None, None]
        self.register_buffer('deltas', deltas)

    def forward(self, t, x):
        decay = torch.exp(-t * self.deltas.abs())
        return x * decay


class HyenaFilter(nn.Module):
    def __init__(self, d_model, emb_dim=5, order=16, seq_len=64):
        super().__init__()
        self.d_model = d_model
        self.bias = nn.Parameter(torch.randn(self.d_model))
        self.pos_emb = PositionalEmbedding(emb_dim, seq_len)
        act = Sin(dim=order)
        self.implicit_filter = nn.Sequential(nn.Linear(emb_dim, order), act)
        for i in range(2):
            self.implicit_filter.append(nn.Linear(order, order))
            self.implicit_filter.append(act)
        self.implicit_filter.append(nn.Linear(order, d_model, bias=False))
        self.modulation = ExponentialModulation(d_model)

    def filter(self, L):
        z, t = self.pos_emb(L)
        h = self.implicit_filter(z)
        return self.modulation(t, h)

    def forward(self, x, L, k=None, bias=None):
        if k is None:
            k = self.filter(L)
        k = k[0] if type(k) is tuple else k
        return fftconv(x, k, bias)


class HyenaOperator(nn.Module):
    def __init__(self, d_model, l_max, order=2, filter_order=16):
        super().__init__()
        self.d_model = d_model
        self.l_max = l_max
        self.order = order
        inner_width = d_model * (order + 1)
        self.in_proj = nn.Linear(d_model, inner_width)
        self.out_proj = nn.Linear(d_model, d_model)
        self.short_filter = nn.Conv1d(inner_width, inner_width, 3, padding=2, groups=inner_width)
        self.filter_fn = HyenaFilter(d_model * (order - 1), order=filter_order, seq_len=l_max)

    def forward(self, u):
        l = u.size(-2)
        l_filter = min(l, self.l_max)
        u = self.in_proj(u)
        u = u.transpose(1, 2)
        uc = self.short_filter(u)[..., :l_filter]
        *x, v = uc.split(self.d_model, dim=1)
        k = self.filter_fn.filter(l_filter)[0]
        k = k.transpose(0, 1).reshape(self.order - 1, self.d_model, l_filter)
        bias = self.filter_fn.bias.reshape(self.order - 1, self.d_model)
        for o, x_i in enumerate(reversed(x[1:])):
            v = v * x_i
            v = self.filter_fn(v, l_filter, k=k[o], bias=bias[o])
        y = (v * x[0]).transpose(1, 2)
        return self.out_proj(y)


# shapelint: input=(2, 64, 32)
class HyenaBlockStack(nn.Module):
    def __init__(self, d_model=32, l_max=64, n_layers=2):
        super().__init__()
        self.blocks = nn.ModuleList(HyenaOperator(d_model, l_max, order=3) for _ in range(n_layers))
        self.norms = nn.ModuleList(nn.LayerNorm(d_model) for _ in range(n_layers))
        self.head = nn.Linear(d_model, 5)

    def forward(self, x):
        for norm, block in zip(self.norms, self.blocks):
            x = x + block(norm(x))
        return self.head(x.mean(1))
