"""BUG: a tabular model with entity embeddings of categorical variables (Guo & Berkhahn, 2016) in the style of the fast.ai v1 TabularModel as rewritten in course notebooks: one Embedding per categorical column with width min(50, (n + 1) // 2), embeddings concatenated and dropped out, continuous columns batch-normalised and concatenated, then Linear-ReLU-BatchNorm1d-Dropout blocks. The layer sizes were written as [n_emb] + layers, forgetting the continuous columns (fast.ai uses n_emb + n_cont): the first Linear expects 4 + 8 + 12 + 2 = 26 features but receives 26 + 5 = 31 and raises."""
import torch
import torch.nn as nn


# shapelint: input=((2, 4), (2, 5))
class TabularModel(nn.Module):
    def __init__(self, emb_szs=((7, 4), (16, 8), (24, 12), (3, 2)), n_cont=5, out_sz=2, layers=(200, 100),
                 ps=(0.001, 0.01), emb_drop=0.04):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_szs])
        self.emb_drop = nn.Dropout(emb_drop)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        n_emb = sum(nf for _, nf in emb_szs)
        self.n_emb, self.n_cont = n_emb, n_cont

        sizes = [n_emb] + list(layers)
        layerlist = []
        for n_in, n_out, p in zip(sizes[:-1], sizes[1:], ps):
            layerlist.append(nn.Linear(n_in, n_out))
            layerlist.append(nn.ReLU(inplace=True))
            layerlist.append(nn.BatchNorm1d(n_out))
            layerlist.append(nn.Dropout(p))
        layerlist.append(nn.Linear(sizes[-1], out_sz))
        self.layers = nn.Sequential(*layerlist)

    def forward(self, x_cat, x_cont):
        embeddings = []
        for i, e in enumerate(self.embeds):
            embeddings.append(e(x_cat[:, i]))
        x = torch.cat(embeddings, 1)
        x = self.emb_drop(x)

        x_cont = self.bn_cont(x_cont.float())
        x = torch.cat([x, x_cont], 1)
        x = self.layers(x)
        return x
