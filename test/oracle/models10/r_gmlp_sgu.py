"""gMLP (lucidrains/g-mlp-pytorch style): Residual/PreNorm wrappers, SpatialGatingUnit with
chunk, a per-head token-mixing weight (einsum) with causal masking of the weight via masked_fill,
optional tiny attention, and a patch-based image classifier built with a list
comprehension of layers and a Reduce-like mean."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def exists(val):
    return val is not None


def pair(val):
    return (val, val) if not isinstance(val, tuple) else val


class Residual(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x) + x


class PreNorm(nn.Module):
    def __init__(self, dim, fn):
        super().__init__()
        self.fn = fn
        self.norm = nn.LayerNorm(dim)

    def forward(self, x, **kwargs):
        x = self.norm(x)
        return self.fn(x, **kwargs)


class Attention(nn.Module):
    def __init__(self, dim_in, dim_out, dim_inner, causal=False):
        super().__init__()
        self.scale = dim_inner ** -0.5
        self.causal = causal
        self.to_qkv = nn.Linear(dim_in, dim_inner * 3, bias=False)
        self.to_out = nn.Linear(dim_inner, dim_out)

    def forward(self, x):
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        sim = torch.einsum('b i d, b j d -> b i j', q, k) * self.scale
        if self.causal:
            mask = torch.ones(sim.shape[-2:], device=x.device).triu(1).bool()
            sim = sim.masked_fill(mask[None, ...], -torch.finfo(q.dtype).max)
        attn = sim.softmax(dim=-1)
        out = torch.einsum('b i j, b j d -> b i d', attn, v)
        return self.to_out(out)


class SpatialGatingUnit(nn.Module):
    def __init__(self, dim, dim_seq, causal=False, act=nn.Identity(), heads=1, init_eps=1e-3):
        super().__init__()
        dim_out = dim // 2
        self.heads = heads
        self.causal = causal
        self.norm = nn.LayerNorm(dim_out)
        self.act = act
        # weight (heads, n, n), bias (heads, n)
        init_eps /= dim_seq
        self.weight = nn.Parameter(torch.zeros(heads, dim_seq, dim_seq).uniform_(-init_eps, init_eps))
        self.bias = nn.Parameter(torch.ones(heads, dim_seq))

    def forward(self, x, gate_res=None):
        n, h = x.shape[1], self.heads
        res, gate = x.chunk(2, dim=-1)
        gate = self.norm(gate)
        weight, bias = self.weight, self.bias
        if self.causal:
            weight, bias = weight[:, :n, :n], bias[:, :n]
            mask = torch.ones(weight.shape[-2:], device=x.device).triu_(1).bool()
            weight = weight.masked_fill(mask[None, ...], 0.)
        gate = gate.view(gate.shape[0], n, h, -1).permute(0, 2, 1, 3)
        gate = torch.einsum('b h n d, h m n -> b h m d', gate, weight)
        gate = gate + bias.view(1, h, n, 1)
        gate = gate.permute(0, 2, 1, 3).reshape(gate.shape[0], n, -1)
        if exists(gate_res):
            gate = gate + gate_res
        return self.act(gate) * res


class gMLPBlock(nn.Module):
    def __init__(self, *, dim, dim_ff, seq_len, heads=1, attn_dim=None, causal=False, act=nn.Identity()):
        super().__init__()
        self.proj_in = nn.Sequential(nn.Linear(dim, dim_ff), nn.GELU())
        self.attn = Attention(dim, dim_ff // 2, attn_dim, causal) if exists(attn_dim) else None
        self.sgu = SpatialGatingUnit(dim_ff, seq_len, causal, act, heads)
        self.proj_out = nn.Linear(dim_ff // 2, dim)

    def forward(self, x):
        gate_res = self.attn(x) if exists(self.attn) else None
        x = self.proj_in(x)
        x = self.sgu(x, gate_res=gate_res)
        return self.proj_out(x)


# shapelint: input=(2, 32)
class gMLP(nn.Module):
    def __init__(self, *, num_tokens=100, dim=48, depth=3, seq_len=32, heads=2, ff_mult=4, attn_dim=16,
                 prob_survival=1., causal=True):
        super().__init__()
        dim_ff = dim * ff_mult
        self.seq_len = seq_len
        self.prob_survival = prob_survival
        self.to_embed = nn.Embedding(num_tokens, dim) if exists(num_tokens) else nn.Identity()
        self.layers = nn.ModuleList([Residual(PreNorm(dim, gMLPBlock(dim=dim, heads=heads, dim_ff=dim_ff, seq_len=seq_len,
                                                                      attn_dim=attn_dim, causal=causal)))
                                     for i in range(depth)])
        self.to_logits = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, num_tokens)) if exists(num_tokens) else nn.Identity()

    def forward(self, x):
        x = self.to_embed(x)
        layers = self.layers if not self.training else [l for l in self.layers if torch.rand(1).item() < self.prob_survival]
        out = nn.Sequential(*layers)(x)
        return self.to_logits(out)


# shapelint: input=(2, 3, 32, 32)
class gMLPVision(nn.Module):
    def __init__(self, *, image_size=32, patch_size=8, num_classes=10, dim=64, depth=2, heads=1, ff_mult=4,
                 channels=3, attn_dim=None):
        super().__init__()
        image_height, image_width = pair(image_size)
        patch_height, patch_width = pair(patch_size)
        assert (image_height % patch_height) == 0 and (image_width % patch_width) == 0
        num_patches = (image_height // patch_height) * (image_width // patch_width)
        self.p = patch_height
        dim_ff = dim * ff_mult
        self.to_patch_embed = nn.Linear(channels * patch_height * patch_width, dim)
        self.layers = nn.ModuleList([Residual(PreNorm(dim, gMLPBlock(dim=dim, heads=heads, dim_ff=dim_ff,
                                                                      seq_len=num_patches, attn_dim=attn_dim)))
                                     for _ in range(depth)])
        self.to_logits = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, num_classes))

    def forward(self, x):
        b, c, H, W = x.shape
        p = self.p
        x = x.view(b, c, H // p, p, W // p, p).permute(0, 2, 4, 3, 5, 1).reshape(b, (H // p) * (W // p), p * p * c)
        x = self.to_patch_embed(x)
        for layer in self.layers:
            x = layer(x)
        x = x.mean(dim=1)
        return self.to_logits(x)
