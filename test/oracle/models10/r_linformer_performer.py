"""Efficient-attention variants as written in lucidrains' linformer and performer-pytorch repos:
Linformer projects keys/values along the sequence axis with nn.Parameter matrices through
einsum('bnd,nk->bkd'); Performer uses a FAVOR+ softmax kernel with a registered random-feature
buffer (orthogonal blocks from torch.linalg.qr), einsum contractions and a linear-attention
normaliser. Both wrapped in a small encoder with a helper `default`, class-level defaults and
**kwargs passthrough."""
import math
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F


def default(val, d):
    return val if val is not None else d


def init_(tensor):
    dim = tensor.shape[-1]
    std = 1 / math.sqrt(dim)
    tensor.uniform_(-std, std)
    return tensor


class LinformerSelfAttention(nn.Module):
    def __init__(self, dim, seq_len, k=16, heads=4, dim_head=None, one_kv_head=False, share_kv=False, dropout=0.):
        super().__init__()
        assert (dim % heads) == 0
        self.seq_len = seq_len
        self.k = k
        self.heads = heads
        dim_head = default(dim_head, dim // heads)
        self.dim_head = dim_head
        self.to_q = nn.Linear(dim, dim_head * heads, bias=False)
        kv_dim = dim_head if one_kv_head else (dim_head * heads)
        self.to_k = nn.Linear(dim, kv_dim, bias=False)
        self.proj_k = nn.Parameter(init_(torch.zeros(seq_len, k)))
        self.share_kv = share_kv
        if not share_kv:
            self.to_v = nn.Linear(dim, kv_dim, bias=False)
            self.proj_v = nn.Parameter(init_(torch.zeros(seq_len, k)))
        self.dropout = nn.Dropout(dropout)
        self.to_out = nn.Linear(dim_head * heads, dim)

    def forward(self, x, context=None, **kwargs):
        b, n, d, d_h, h, k = *x.shape, self.dim_head, self.heads, self.k
        kv_len = n if context is None else context.shape[1]
        assert kv_len <= self.seq_len
        queries = self.to_q(x)
        proj_seq_len = lambda args: torch.einsum('bnd,nk->bkd', *args)
        kv_input = x if context is None else context
        keys = self.to_k(kv_input)
        values = self.to_v(kv_input) if not self.share_kv else keys
        kv_projs = (self.proj_k, self.proj_v if not self.share_kv else self.proj_k)
        if kv_len < self.seq_len:
            kv_projs = map(lambda t: t[:kv_len], kv_projs)
        keys, values = map(proj_seq_len, zip((keys, values), kv_projs))
        queries = queries.reshape(b, n, h, -1).transpose(1, 2)
        merge_key_values = lambda t: t.reshape(b, k, -1, d_h).transpose(1, 2).expand(-1, h, -1, -1)
        keys, values = map(merge_key_values, (keys, values))
        dots = torch.einsum('bhnd,bhkd->bhnk', queries, keys) * (d_h ** -0.5)
        attn = dots.softmax(dim=-1)
        attn = self.dropout(attn)
        out = torch.einsum('bhnk,bhkd->bhnd', attn, values)
        out = out.transpose(1, 2).reshape(b, n, -1)
        return self.to_out(out)


def orthogonal_matrix_chunk(cols):
    unstructured_block = torch.randn((cols, cols))
    q, r = torch.linalg.qr(unstructured_block, mode='reduced')
    return q.t()


def gaussian_orthogonal_random_matrix(nb_rows, nb_columns, scaling=0):
    nb_full_blocks = int(nb_rows / nb_columns)
    block_list = [orthogonal_matrix_chunk(nb_columns) for _ in range(nb_full_blocks)]
    remaining_rows = nb_rows - nb_full_blocks * nb_columns
    if remaining_rows > 0:
        q = orthogonal_matrix_chunk(nb_columns)
        block_list.append(q[:remaining_rows])
    final_matrix = torch.cat(block_list)
    if scaling == 0:
        multiplier = torch.randn((nb_rows, nb_columns)).norm(dim=1)
    else:
        multiplier = math.sqrt(float(nb_columns)) * torch.ones((nb_rows,))
    return torch.diag(multiplier) @ final_matrix


def softmax_kernel(data, *, projection_matrix, is_query, normalize_data=True, eps=1e-4):
    b, h, *_ = data.shape
    data_normalizer = (data.shape[-1] ** -0.25) if normalize_data else 1.
    ratio = (projection_matrix.shape[0] ** -0.5)
    projection = projection_matrix.unsqueeze(0).unsqueeze(0).expand(b, h, -1, -1).type_as(data)
    data_dash = torch.einsum('...id,...jd->...ij', (data_normalizer * data), projection)
    diag_data = data ** 2
    diag_data = torch.sum(diag_data, dim=-1)
    diag_data = (diag_data / 2.0) * (data_normalizer ** 2)
    diag_data = diag_data.unsqueeze(dim=-1)
    if is_query:
        data_dash = ratio * (torch.exp(data_dash - diag_data - torch.amax(data_dash, dim=-1, keepdim=True).detach()) + eps)
    else:
        data_dash = ratio * (torch.exp(data_dash - diag_data - torch.amax(data_dash, dim=(-1, -2), keepdim=True).detach()) + eps)
    return data_dash.type_as(data)


def linear_attention(q, k, v):
    k_cumsum = k.sum(dim=-2)
    D_inv = 1. / torch.einsum('...nd,...d->...n', q, k_cumsum.type_as(q))
    context = torch.einsum('...nd,...ne->...de', k, v)
    out = torch.einsum('...de,...nd,...n->...ne', context, q, D_inv)
    return out


class FastAttention(nn.Module):
    def __init__(self, dim_heads, nb_features=None, ortho_scaling=0):
        super().__init__()
        nb_features = default(nb_features, int(dim_heads * math.log(dim_heads)))
        self.dim_heads = dim_heads
        self.nb_features = nb_features
        self.create_projection = partial(gaussian_orthogonal_random_matrix, nb_rows=self.nb_features,
                                         nb_columns=dim_heads, scaling=ortho_scaling)
        projection_matrix = self.create_projection()
        self.register_buffer('projection_matrix', projection_matrix)

    def forward(self, q, k, v):
        create_kernel = partial(softmax_kernel, projection_matrix=self.projection_matrix)
        q = create_kernel(q, is_query=True)
        k = create_kernel(k, is_query=False)
        return linear_attention(q, k, v)


class PerformerAttention(nn.Module):
    def __init__(self, dim, heads=4, dim_head=16, nb_features=None):
        super().__init__()
        inner_dim = dim_head * heads
        self.fast_attention = FastAttention(dim_head, nb_features)
        self.heads = heads
        self.to_q = nn.Linear(dim, inner_dim)
        self.to_k = nn.Linear(dim, inner_dim)
        self.to_v = nn.Linear(dim, inner_dim)
        self.to_out = nn.Linear(inner_dim, dim)

    def forward(self, x, **kwargs):
        b, n, _, h = *x.shape, self.heads
        q, k, v = self.to_q(x), self.to_k(x), self.to_v(x)
        q, k, v = map(lambda t: t.view(b, n, h, -1).permute(0, 2, 1, 3), (q, k, v))
        out = self.fast_attention(q, k, v)
        out = out.permute(0, 2, 1, 3).reshape(b, n, -1)
        return self.to_out(out)


class FeedForward(nn.Module):
    def __init__(self, dim, mult=4, glu=False):
        super().__init__()
        self.glu = glu
        self.w1 = nn.Linear(dim, dim * mult * (2 if glu else 1))
        self.w2 = nn.Linear(dim * mult, dim)

    def forward(self, x, **kwargs):
        if not self.glu:
            x = F.gelu(self.w1(x))
        else:
            x, v = self.w1(x).chunk(2, dim=-1)
            x = F.gelu(x) * v
        return self.w2(x)


class EfficientEncoder(nn.Module):
    attn_cls = None
    dim = 64
    depth = 2
    seq_len = 48

    def __init__(self, num_tokens=200, **attn_kwargs):
        super().__init__()
        self.token_emb = nn.Embedding(num_tokens, self.dim)
        self.pos_emb = nn.Embedding(self.seq_len, self.dim)
        self.layers = nn.ModuleList([])
        for _ in range(self.depth):
            self.layers.append(nn.ModuleList([
                nn.LayerNorm(self.dim), self.make_attn(**attn_kwargs),
                nn.LayerNorm(self.dim), FeedForward(self.dim, glu=True),
            ]))
        self.to_logits = nn.Linear(self.dim, num_tokens)

    def make_attn(self, **kwargs):
        raise NotImplementedError

    def forward(self, x):
        n = x.shape[1]
        x = self.token_emb(x) + self.pos_emb(torch.arange(n, device=x.device))
        for norm1, attn, norm2, ff in self.layers:
            x = attn(norm1(x)) + x
            x = ff(norm2(x)) + x
        return self.to_logits(x)


# shapelint: input=(2, 40)
class LinformerLM(EfficientEncoder):
    def make_attn(self, **kwargs):
        return LinformerSelfAttention(self.dim, self.seq_len, k=16, heads=4, one_kv_head=True, **kwargs)


# shapelint: input=(2, 48)
class PerformerLM(EfficientEncoder):
    depth = 1

    def make_attn(self, **kwargs):
        return PerformerAttention(self.dim, heads=4, dim_head=16, nb_features=24)
