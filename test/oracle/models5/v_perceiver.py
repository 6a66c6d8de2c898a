"""lucidrains perceiver-pytorch style Perceiver (einops replaced by view/expand): Fourier position encoding of the pixel grid concatenated to channels-last input, a learned latent array nn.Parameter(torch.randn(num_latents, latent_dim)) expanded over the batch, cross attention latents->data with PreNorm over a context, GEGLU feed-forwards, latent self-attention blocks, mean-pooled logits."""
from math import pi

import torch
import torch.nn.functional as F
from torch import nn, einsum


def exists(val):
    return val is not None


def default(val, d):
    return val if exists(val) else d


def fourier_encode(x, max_freq, num_bands = 4):
    x = x.unsqueeze(-1)
    device, dtype, orig_x = x.device, x.dtype, x

    scales = torch.linspace(1., max_freq / 2, num_bands, device = device, dtype = dtype)
    scales = scales[(*((None,) * (len(x.shape) - 1)), Ellipsis)]

    x = x * scales * pi
    x = torch.cat([x.sin(), x.cos()], dim = -1)
    x = torch.cat((x, orig_x), dim = -1)
    return x


class PreNorm(nn.Module):
    def __init__(self, dim, fn, context_dim = None):
        super().__init__()
        self.fn = fn
        self.norm = nn.LayerNorm(dim)
        self.norm_context = nn.LayerNorm(context_dim) if exists(context_dim) else None

    def forward(self, x, **kwargs):
        x = self.norm(x)

        if exists(self.norm_context):
            context = kwargs['context']
            normed_context = self.norm_context(context)
            kwargs.update(context = normed_context)

        return self.fn(x, **kwargs)


class GEGLU(nn.Module):
    def forward(self, x):
        x, gates = x.chunk(2, dim = -1)
        return x * F.gelu(gates)


class FeedForward(nn.Module):
    def __init__(self, dim, mult = 4, dropout = 0.):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim, dim * mult * 2),
            GEGLU(),
            nn.Linear(dim * mult, dim),
            nn.Dropout(dropout)
        )

    def forward(self, x):
        return self.net(x)


class Attention(nn.Module):
    def __init__(self, query_dim, context_dim = None, heads = 8, dim_head = 64, dropout = 0.):
        super().__init__()
        inner_dim = dim_head * heads
        context_dim = default(context_dim, query_dim)

        self.scale = dim_head ** -0.5
        self.heads = heads

        self.to_q = nn.Linear(query_dim, inner_dim, bias = False)
        self.to_kv = nn.Linear(context_dim, inner_dim * 2, bias = False)

        self.dropout = nn.Dropout(dropout)
        self.to_out = nn.Linear(inner_dim, query_dim)

    def forward(self, x, context = None, mask = None):
        h = self.heads

        q = self.to_q(x)
        context = default(context, x)
        k, v = self.to_kv(context).chunk(2, dim = -1)

        # rearrange(t, 'b n (h d) -> (b h) n d', h = h)
        q, k, v = map(lambda t: t.reshape(t.shape[0], t.shape[1], h, -1).permute(0, 2, 1, 3).reshape(t.shape[0] * h, t.shape[1], -1), (q, k, v))

        sim = einsum('b i d, b j d -> b i j', q, k) * self.scale

        if exists(mask):
            mask = mask.reshape(mask.shape[0], -1)
            max_neg_value = -torch.finfo(sim.dtype).max
            mask = mask[:, None, :].repeat_interleave(h, dim = 0)
            sim.masked_fill_(~mask, max_neg_value)

        # attention, what we cannot get enough of
        attn = sim.softmax(dim = -1)
        attn = self.dropout(attn)

        out = einsum('b i j, b j d -> b i d', attn, v)
        # rearrange(out, '(b h) n d -> b n (h d)', h = h)
        bh, n, d = out.shape
        out = out.reshape(bh // h, h, n, d).permute(0, 2, 1, 3).reshape(bh // h, n, h * d)
        return self.to_out(out)


class Perceiver(nn.Module):
    def __init__(
        self,
        *,
        num_freq_bands,
        depth,
        max_freq,
        input_channels = 3,
        input_axis = 2,
        num_latents = 512,
        latent_dim = 512,
        cross_heads = 1,
        latent_heads = 8,
        cross_dim_head = 64,
        latent_dim_head = 64,
        num_classes = 1000,
        attn_dropout = 0.,
        ff_dropout = 0.,
        fourier_encode_data = True,
        self_per_cross_attn = 1,
        final_classifier_head = True
    ):
        super().__init__()
        self.input_axis = input_axis
        self.max_freq = max_freq
        self.num_freq_bands = num_freq_bands

        self.fourier_encode_data = fourier_encode_data
        fourier_channels = (input_axis * ((num_freq_bands * 2) + 1)) if fourier_encode_data else 0
        input_dim = fourier_channels + input_channels

        self.latents = nn.Parameter(torch.randn(num_latents, latent_dim))

        get_cross_attn = lambda: PreNorm(latent_dim, Attention(latent_dim, input_dim, heads = cross_heads, dim_head = cross_dim_head, dropout = attn_dropout), context_dim = input_dim)
        get_cross_ff = lambda: PreNorm(latent_dim, FeedForward(latent_dim, dropout = ff_dropout))
        get_latent_attn = lambda: PreNorm(latent_dim, Attention(latent_dim, heads = latent_heads, dim_head = latent_dim_head, dropout = attn_dropout))
        get_latent_ff = lambda: PreNorm(latent_dim, FeedForward(latent_dim, dropout = ff_dropout))

        self.layers = nn.ModuleList([])
        for i in range(depth):
            self_attns = nn.ModuleList([])

            for block_ind in range(self_per_cross_attn):
                self_attns.append(nn.ModuleList([
                    get_latent_attn(),
                    get_latent_ff()
                ]))

            self.layers.append(nn.ModuleList([
                get_cross_attn(),
                get_cross_ff(),
                self_attns
            ]))

        self.to_logits = nn.Sequential(
            nn.LayerNorm(latent_dim),
            nn.Linear(latent_dim, num_classes)
        ) if final_classifier_head else nn.Identity()

    def forward(self, data, mask = None, return_embeddings = False):
        b, *axis, _ = data.shape
        device, dtype = data.device, data.dtype
        assert len(axis) == self.input_axis, 'input data must have the right number of axis'

        if self.fourier_encode_data:
            # calculate fourier encoded positions in the range of [-1, 1], for all axis

            axis_pos = list(map(lambda size: torch.linspace(-1., 1., steps=size, device=device, dtype=dtype), axis))
            pos = torch.stack(torch.meshgrid(*axis_pos, indexing = 'ij'), dim = -1)
            enc_pos = fourier_encode(pos, self.max_freq, self.num_freq_bands)
            # rearrange(enc_pos, '... n d -> ... (n d)')
            enc_pos = enc_pos.reshape(*enc_pos.shape[:-2], -1)
            # repeat(enc_pos, '... -> b ...', b = b)
            enc_pos = enc_pos.unsqueeze(0).expand(b, *enc_pos.shape)

            data = torch.cat((data, enc_pos), dim = -1)

        # concat to channels of data and flatten axis
        # rearrange(data, 'b ... d -> b (...) d')
        data = data.reshape(b, -1, data.shape[-1])

        # repeat(self.latents, 'n d -> b n d', b = b)
        x = self.latents.unsqueeze(0).expand(b, -1, -1)

        # layers

        for cross_attn, cross_ff, self_attns in self.layers:
            x = cross_attn(x, context = data, mask = mask) + x
            x = cross_ff(x) + x

            for self_attn, self_ff in self_attns:
                x = self_attn(x) + x
                x = self_ff(x) + x

        # allow for fetching embeddings

        if return_embeddings:
            return x

        # reduce(x, 'b n d -> b d', 'mean')
        x = x.mean(dim = -2)
        return self.to_logits(x)


# shapelint: input=(2, 3, 32, 32)
class ImagePerceiver(nn.Module):
    """Wraps the channels-last Perceiver for NCHW image batches."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.perceiver = Perceiver(
            input_channels = 3,
            input_axis = 2,
            num_freq_bands = 6,
            max_freq = 10.,
            depth = 2,
            num_latents = 32,
            latent_dim = 64,
            cross_heads = 1,
            latent_heads = 4,
            cross_dim_head = 32,
            latent_dim_head = 16,
            num_classes = num_classes,
            self_per_cross_attn = 2,
        )

    def forward(self, img):
        return self.perceiver(img.permute(0, 2, 3, 1))


# shapelint: input=(2, 50, 12)
def perceiver_sequence_embeddings():
    """1D input axis (a feature sequence), returning latent embeddings instead of logits."""
    return Perceiver(input_channels = 12, input_axis = 1, num_freq_bands = 4, max_freq = 8., depth = 1,
                     num_latents = 16, latent_dim = 48, latent_heads = 3, latent_dim_head = 16,
                     cross_dim_head = 24, final_classifier_head = False, num_classes = 0)
