"""A TabTransformer (Huang et al., 2020): offset-shifted categorical embeddings plus column embeddings from self.col_embed(torch.arange(n)), a batch-first Transformer over the columns, LayerNorm on continuous features, and an MLP on the concatenation."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, dims, act=None):
        super().__init__()
        dims_pairs = list(zip(dims[:-1], dims[1:]))
        layers = []
        for ind, (dim_in, dim_out) in enumerate(dims_pairs):
            is_last = ind >= (len(dims_pairs) - 1)
            layers.append(nn.Linear(dim_in, dim_out))
            if is_last:
                continue
            layers.append(act if act is not None else nn.ReLU())
        self.mlp = nn.Sequential(*layers)

    def forward(self, x):
        return self.mlp(x)


# shapelint: input=((2, 5), (2, 4))
class TabTransformer(nn.Module):
    def __init__(self, categories=(10, 5, 6, 5, 8), num_continuous=4, dim=32, depth=2, heads=4,
                 dim_out=1, mlp_hidden_mults=(4, 2), num_special_tokens=2, attn_dropout=0.1):
        super().__init__()
        self.num_categories = len(categories)
        self.num_unique_categories = sum(categories)
        self.num_special_tokens = num_special_tokens
        total_tokens = self.num_unique_categories + num_special_tokens

        categories_offset = F.pad(torch.tensor(list(categories)), (1, 0), value=num_special_tokens)
        categories_offset = categories_offset.cumsum(dim=-1)[:-1]
        self.register_buffer("categories_offset", categories_offset)

        self.category_embed = nn.Embedding(total_tokens, dim)
        self.col_embed = nn.Embedding(self.num_categories, dim)

        self.num_continuous = num_continuous
        self.norm = nn.LayerNorm(num_continuous)

        layer = nn.TransformerEncoderLayer(dim, heads, dim * 4, attn_dropout, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.transformer = nn.TransformerEncoder(layer, depth)

        input_size = (dim * self.num_categories) + num_continuous
        hidden_dimensions = [input_size * t for t in mlp_hidden_mults]
        all_dimensions = [input_size, *hidden_dimensions, dim_out]
        self.mlp = MLP(all_dimensions, act=nn.ReLU())

    def forward(self, x_categ, x_cont):
        assert x_categ.shape[-1] == self.num_categories
        n = x_categ.shape[-1]
        x_categ = x_categ + self.categories_offset
        x = self.category_embed(x_categ) + self.col_embed(torch.arange(n, device=x_categ.device))
        x = self.transformer(x)
        flat_categ = x.flatten(1)

        assert x_cont.shape[1] == self.num_continuous
        normed_cont = self.norm(x_cont.float())

        x = torch.cat((flat_categ, normed_cont), dim=-1)
        return self.mlp(x)
